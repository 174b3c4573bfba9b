"""Run by the real QGIS desktop in French (``qgis --code``): the reference diagnostic through the dialog.

Opens the MedRCVL dialog from its menu action, sets the mirror on the Sources page, searches "chinon" and
picks the EPCI 200043081, writes into ``MEDRCVL_DESKTOP_OUT`` with the atlas, presses Run, waits for the
task, saves screenshots into ``MEDRCVL_DESKTOP_SHOTS`` and a JSON report into ``MEDRCVL_DESKTOP_RESULT``.
"""

import json
import os
import time
import traceback

import qgis.utils
from qgis.core import QgsApplication, QgsProject, QgsRectangle
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtWidgets import QAbstractButton, QDockWidget, QGroupBox, QLabel

RESULT = os.environ["MEDRCVL_DESKTOP_RESULT"]
SHOTS = os.environ["MEDRCVL_DESKTOP_SHOTS"]
MIRROR = os.environ["MEDRCVL_DESKTOP_MIRROR"]
OUT = os.environ["MEDRCVL_DESKTOP_OUT"]
EPCI = "200043081"
REPORT = {"errors": [], "steps": []}


def wait(condition, timeout):
    """Process events until ``condition()`` holds or ``timeout`` seconds pass; return the seconds waited."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise TimeoutError(f"condition not met within {timeout} s")
        QgsApplication.processEvents()
        time.sleep(0.02)
    return time.monotonic() - start


def settle(seconds=0.5):
    """Let Qt lay out and paint for a while."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QgsApplication.processEvents()
        time.sleep(0.02)


def shot(widget, name):
    """Save ``widget`` as ``SHOTS/name``."""
    settle(0.6)
    path = os.path.join(SHOTS, name)
    REPORT.setdefault("screenshots", {})[name] = bool(widget.grab().save(path, "PNG"))


def step(text):
    REPORT["steps"].append(f"{time.monotonic():.1f} {text}")


def dialog_texts(dialog):
    """Every visible text of the dialog: tabs, buttons, labels, group titles."""
    texts = [dialog.windowTitle()] + [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    for widget in dialog.findChildren(QAbstractButton):
        texts.append(widget.text())
    for widget in dialog.findChildren(QLabel):
        texts.append(widget.text())
    for widget in dialog.findChildren(QGroupBox):
        texts.append(widget.title())
    return [t for t in texts if t]


def open_dialog():
    """Trigger the MedRCVL menu action and return the dialog."""
    iface = qgis.utils.iface
    action = next(
        a
        for a in iface.mainWindow().findChildren(type(iface.pluginMenu().menuAction()))
        if a.objectName() == "medrcvl_diagnostic"
    )
    action.trigger()
    plugin = qgis.utils.plugins["MedRCVL"]
    wait(lambda: plugin.dialog is not None and plugin.dialog.isVisible(), 20)
    return plugin.dialog


def choose_territory(dialog):
    """Mirror on the Sources page, then search "chinon" and pick the EPCI."""
    dialog.tabs.setCurrentIndex(1)
    dialog.sources_page.mirror.setFilePath(MIRROR)
    page = dialog.territory_page
    REPORT["index_seconds"] = wait(lambda: page.index is not None, 90)
    dialog.tabs.setCurrentIndex(0)
    page.search_edit.setFocus()
    page.search_edit.setText("chinon")
    wait(lambda: page.results.count() > 0, 10)
    labels = [page.results.item(i).text() for i in range(page.results.count())]
    REPORT["search_results"] = labels
    for row in range(page.results.count()):
        territory = page.results.item(row).data(Qt.ItemDataRole.UserRole)
        if getattr(territory, "code", None) == EPCI:
            page.results.setCurrentRow(row)
            break
    wait(lambda: page.selected is not None and page.selected.code == EPCI, 5)
    REPORT["selected"] = page.selected_label.text()


def choose_outputs(dialog):
    """GeoPackage and atlas into OUT."""
    outputs = dialog.outputs_page
    outputs.gpkg.setFilePath(os.path.join(OUT, "diagnostic.gpkg"))
    outputs.atlas.setChecked(True)
    outputs.pdf.setFilePath(os.path.join(OUT, "atlas.pdf"))
    dialog.tabs.setCurrentIndex(3)
    REPORT["problems_before_run"] = dialog.validate()


def run_diagnostic(dialog):
    """Press Run and wait for the task and the PDF."""
    pdf = os.path.join(OUT, "atlas.pdf")
    start = time.monotonic()
    dialog.run_button.click()
    REPORT["running_after_click"] = dialog.is_running()
    wait(lambda: dialog.task is None, 180)
    wait(lambda: os.path.exists(pdf), 10)
    REPORT["click_to_pdf_seconds"] = round(time.monotonic() - start, 1)
    REPORT["status"] = dialog.status_label.text()


def map_report():
    """Layers of the project, their group and renderer."""
    root = QgsProject.instance().layerTreeRoot()
    layers = []
    for node in root.findLayers():
        layer = node.layer()
        renderer = layer.renderer() if hasattr(layer, "renderer") else None
        layers.append(
            {
                "name": layer.name(),
                "source": layer.source().split("|")[-1],
                "group": node.parent().name() if node.parent() is not None else "",
                "renderer": renderer.type() if renderer is not None else None,
                "features": layer.featureCount(),
            }
        )
    REPORT["layers"] = layers
    REPORT["groups"] = [g.name() for g in root.children() if g.nodeType() == 0]


def canvas_shot(dialog):
    """Hide the dialog, zoom the canvas to the result, wait for the rendering and grab the window."""
    iface = qgis.utils.iface
    dialog.hide()
    window = iface.mainWindow()
    docks = [d for d in window.findChildren(QDockWidget) if d.objectName() == "Layers" and d.isVisible()]
    if docks:  # wide enough for the group and layer names
        window.resizeDocks(docks, [350], Qt.Orientation.Horizontal)
    bar = iface.messageBar()
    for item in list(bar.items()):  # QGIS's own "task complete" notice would hide the MedRCVL summary
        if item.title() != "MedRCVL":
            bar.popWidget(item)
    canvas = iface.mapCanvas()
    extent = QgsRectangle()
    extent.setMinimal()
    for layer in QgsProject.instance().mapLayers().values():
        if hasattr(layer, "geometryType") and layer.isSpatial():
            extent.combineExtentWith(canvas.mapSettings().layerExtentToOutputExtent(layer, layer.extent()))
    if not extent.isEmpty():
        extent.scale(1.05)
        canvas.setExtent(extent)
    canvas.refresh()
    settle(1.0)
    wait(lambda: not canvas.isDrawing(), 30)
    settle(1.0)
    REPORT["canvas_extent"] = canvas.extent().toString(0)
    shot(iface.mainWindow(), "fr-carte.png")


def scenario():
    try:
        window = qgis.utils.iface.mainWindow()
        window.setGeometry(0, 0, 1280, 800)
        window.showMaximized()
        step("open")
        dialog = open_dialog()
        dialog.resize(820, 720)
        dialog.move(200, 40)
        step("territory")
        choose_territory(dialog)
        shot(dialog, "fr-dialog-territoire.png")
        choose_outputs(dialog)
        shot(dialog, "fr-dialog-sorties.png")
        REPORT["dialog_texts"] = dialog_texts(dialog)
        REPORT["run_button"] = dialog.run_button.text()
        REPORT["tabs"] = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
        REPORT["window_title"] = dialog.windowTitle()
        step("run")
        run_diagnostic(dialog)
        shot(dialog, "fr-dialog-termine.png")
        REPORT["dialog_texts_done"] = dialog_texts(dialog)
        bar = qgis.utils.iface.messageBar()
        REPORT["message_bar"] = [f"{item.title()}: {item.text()}" for item in bar.items()]
        map_report()
        canvas_shot(dialog)
        step("done")
    except Exception:
        REPORT["errors"].append(traceback.format_exc())
    with open(RESULT, "w", encoding="utf-8") as handle:
        json.dump(REPORT, handle, indent=1, ensure_ascii=False)
    QTimer.singleShot(300, QgsApplication.instance().quit)


QTimer.singleShot(2500, scenario)
