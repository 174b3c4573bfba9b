"""Route the ``medrcvl_plugin`` loggers to the QGIS log panel under the MedRCVL tab."""

from __future__ import annotations

import logging

from qgis.core import Qgis, QgsMessageLog

TAB = "MedRCVL"
_LEVELS = {
    logging.DEBUG: Qgis.MessageLevel.Info,
    logging.INFO: Qgis.MessageLevel.Info,
    logging.WARNING: Qgis.MessageLevel.Warning,
    logging.ERROR: Qgis.MessageLevel.Critical,
    logging.CRITICAL: Qgis.MessageLevel.Critical,
}


class QgsLogHandler(logging.Handler):
    """A logging handler writing to ``QgsMessageLog``."""

    def emit(self, record: logging.LogRecord) -> None:
        level = _LEVELS.get(record.levelno, Qgis.MessageLevel.Info)
        try:
            QgsMessageLog.logMessage(self.format(record), TAB, level)
        except Exception:  # pragma: no cover - never let logging break the plugin
            self.handleError(record)


def install_handler() -> QgsLogHandler:
    """Attach one QGIS handler to the package logger and return it."""
    logger = logging.getLogger("medrcvl_plugin")
    for handler in logger.handlers:
        if isinstance(handler, QgsLogHandler):
            return handler
    handler = QgsLogHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return handler


def remove_handler() -> None:
    """Detach the QGIS handlers (plugin unload)."""
    logger = logging.getLogger("medrcvl_plugin")
    for handler in list(logger.handlers):
        if isinstance(handler, QgsLogHandler):
            logger.removeHandler(handler)
