"""The ``medrcvl`` Processing provider."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..core.base.i18n import tr
from ..core.base.metadata import plugin_version
from .algorithms import algorithm_classes

ICON = Path(__file__).resolve().parents[2] / "resources" / "icon.svg"


class MedrcvlProvider(QgsProcessingProvider):
    """Provider grouping every MedRCVL algorithm."""

    def id(self) -> str:
        return "medrcvl"

    def name(self) -> str:
        return "MedRCVL"

    def longName(self) -> str:
        return tr("MedRCVL – digital-fragility diagnostics") + f" {plugin_version()}"

    def icon(self) -> QIcon:
        return QIcon(str(ICON))

    def loadAlgorithms(self) -> None:
        for cls in algorithm_classes():
            self.addAlgorithm(cls())
