"""Install the plugin's Qt translator for the user's QGIS locale."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

I18N_DIR = Path(__file__).resolve().parents[1] / "i18n"


def user_language() -> str:
    """Two-letter language of QGIS's UI (``locale/userLocale``, else the system locale)."""
    settings = QgsSettings()
    locale = ""
    if str(settings.value("locale/overrideFlag", False)).lower() in ("true", "1"):
        locale = str(settings.value("locale/userLocale", "") or "")
    if not locale:
        locale = str(settings.value("locale/userLocale", "") or "") or QLocale().name()
    return (locale or "en")[:2].lower()


def install_translator(language: str | None = None) -> QTranslator | None:
    """Load ``i18n/medrcvl_<lang>.qm`` into the application; return it (None when not found)."""
    language = language or user_language()
    qm = I18N_DIR / f"medrcvl_{language}.qm"
    if not qm.exists():
        return None
    translator = QTranslator()
    if not translator.load(str(qm)):
        return None
    QCoreApplication.installTranslator(translator)
    return translator


def remove_translator(translator: QTranslator | None) -> None:
    """Remove a translator installed by :func:`install_translator`."""
    if translator is not None:
        QCoreApplication.removeTranslator(translator)
