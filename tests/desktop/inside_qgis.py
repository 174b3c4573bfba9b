"""Run by the real QGIS desktop (``qgis --code``): inspect the loaded plugin, screenshot its menu, quit."""

import json
import os
import traceback

import qgis.utils
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QPoint, QTimer
from qgis.PyQt.QtGui import QGuiApplication
from qgis.PyQt.QtWidgets import QApplication, QToolBar

RESULT = os.environ["MEDRCVL_DESKTOP_RESULT"]
SCREENSHOT = os.environ.get("MEDRCVL_DESKTOP_SCREENSHOT", "")
STATE = {}


def _plain(text):
    return text.replace("&", "")


def _medrcvl_menu():
    """The MedRCVL submenu of the Plugins menu (None when absent)."""
    for action in qgis.utils.iface.pluginMenu().actions():
        if action.menu() is not None and _plain(action.text()) == "MedRCVL":
            return action
    return None


def inspect():
    """Collect what the test asserts about the running plugin."""
    iface = qgis.utils.iface
    result = {
        "active_plugins": list(qgis.utils.active_plugins),
        "available_plugins": list(qgis.utils.available_plugins),
        "qgis_version": qgis.core.Qgis.QGIS_VERSION,
    }
    provider = QgsApplication.processingRegistry().providerById("medrcvl")
    result["provider"] = provider is not None
    result["algorithms"] = sorted(a.id() for a in provider.algorithms()) if provider else []
    menu_action = _medrcvl_menu()
    result["menu"] = _plain(menu_action.text()) if menu_action else None
    result["menu_actions"] = [a.text() for a in menu_action.menu().actions()] if menu_action else []
    toolbar = iface.mainWindow().findChild(QToolBar, "MedrcvlToolbar")
    result["toolbar_actions"] = [a.text() for a in toolbar.actions()] if toolbar else None
    result["version"] = qgis.utils.pluginMetadata("MedRCVL", "version")
    result["plugin_object"] = type(qgis.utils.plugins.get("MedRCVL")).__name__
    return result


def open_menu():
    """Show the Plugins menu with the MedRCVL submenu unfolded."""
    iface = qgis.utils.iface
    window = iface.mainWindow()
    window.setGeometry(0, 0, 1280, 800)
    plugins_menu = iface.pluginMenu()
    bar = window.menuBar()
    bar_action = plugins_menu.menuAction()
    plugins_menu.popup(bar.mapToGlobal(bar.actionGeometry(bar_action).bottomLeft()))
    menu_action = _medrcvl_menu()
    if menu_action is not None:
        plugins_menu.setActiveAction(menu_action)
        rect = plugins_menu.actionGeometry(menu_action)
        menu_action.menu().popup(plugins_menu.mapToGlobal(rect.topRight() + QPoint(2, 0)))


def screenshot_menu():
    """Save the screen with the menu open, close the menus, then open the diagnostic dialog."""
    try:
        if SCREENSHOT:
            image = QGuiApplication.primaryScreen().grabWindow(0)
            STATE["result"]["screenshot"] = bool(image.save(SCREENSHOT, "PNG"))
        qgis.utils.iface.pluginMenu().hide()
        menu_action = _medrcvl_menu()
        if menu_action is not None:
            menu_action.menu().hide()
            actions = {a.objectName(): a for a in menu_action.menu().actions()}
            actions["medrcvl_diagnostic"].trigger()
    except Exception:
        STATE["result"]["errors"].append(traceback.format_exc())
    QTimer.singleShot(1500, finish)


def finish():
    """Record the open dialog, screenshot it, write the result file and quit QGIS."""
    try:
        dialogs = [
            w
            for w in QApplication.topLevelWidgets()
            if w.isVisible() and type(w).__name__ == "DiagnosticDialog"
        ]
        STATE["result"]["dialog"] = dialogs[0].windowTitle() if dialogs else None
        if SCREENSHOT and dialogs:
            image = QGuiApplication.primaryScreen().grabWindow(0)
            image.save(SCREENSHOT.replace("menu", "dialog"), "PNG")
        for dialog in dialogs:
            dialog.close()
    except Exception:
        STATE["result"]["errors"].append(traceback.format_exc())
    with open(RESULT, "w", encoding="utf-8") as handle:
        json.dump(STATE["result"], handle, indent=1)
    QTimer.singleShot(200, QgsApplication.instance().quit)


def run():
    """Inspect the plugin, open its menu and schedule the screenshot."""
    try:
        STATE["result"] = inspect()
        STATE["result"]["errors"] = []
        open_menu()
    except Exception:
        STATE.setdefault("result", {}).setdefault("errors", []).append(traceback.format_exc())
    QTimer.singleShot(1500, screenshot_menu)


QTimer.singleShot(2500, run)
