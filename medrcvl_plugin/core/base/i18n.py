"""Translation helper shared by the core, the Processing algorithms and the GUI."""

from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication

CONTEXT = "MedRCVL"


def tr(text: str) -> str:
    """Translate an English source string in the MedRCVL context.

    Always call it with a literal string (the i18n script extracts the literals),
    and format afterwards: ``tr("File {path} is empty").format(path=p)``.
    """
    return QCoreApplication.translate(CONTEXT, text)
