"""The ``medrcvl`` Processing provider."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..core.i18n import tr
from ..core.metadata import plugin_version
from .algorithms import algorithm_classes

ICON = Path(__file__).resolve().parents[2] / "resources" / "icon.svg"


class MedrcvlProvider(QgsProcessingProvider):
    """Provider grouping every MedRCVL algorithm."""

    def id(self) -> str:  # noqa: A003 (QGIS API)
        return "medrcvl"

    def name(self) -> str:
        return "MedRCVL"

    def longName(self) -> str:  # noqa: N802
        return tr("MedRCVL – digital-fragility diagnostics") + f" {plugin_version()}"

    def icon(self) -> QIcon:
        return QIcon(str(ICON))

    def loadAlgorithms(self) -> None:  # noqa: N802
        for cls in algorithm_classes():
            self.addAlgorithm(cls())
