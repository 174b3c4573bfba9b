"""PYQGIS_STARTUP script of the desktop test: record every QGIS log message to a JSON-lines file."""

import json
import os

import qgis.utils
from qgis.core import QgsApplication

_LOG = os.environ["MEDRCVL_DESKTOP_LOG"]


def _record(message, tag, level):
    """Append one log message (tag, level, text) to the log file."""
    with open(_LOG, "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"tag": tag, "level": int(level), "message": message}) + "\n")


if not getattr(QgsApplication, "_medrcvl_desktop_log", False):  # the script may run twice
    QgsApplication._medrcvl_desktop_log = True
    QgsApplication.messageLog().messageReceived.connect(_record)


def _no_dialog(*args, **kwargs):
    """Python errors are logged (see above); never block the unattended session with a dialog."""


qgis.utils.open_stack_dialog = _no_dialog
