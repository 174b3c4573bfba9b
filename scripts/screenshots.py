"""Save PNG screenshots of the diagnostic dialog's pages, the options page and the resulting map.

Usage (from the repository root, no display needed):
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py --mirror ../shared/data [--locale fr]
        [--run] [--out docs/screenshots]
``--run`` also runs the reference diagnostic (EPCI 200043081) and saves the map canvas.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def wait(condition, timeout: float) -> bool:
    """Process events until ``condition()`` or the timeout."""
    from qgis.core import QgsApplication

    start = time.monotonic()
    while not condition() and time.monotonic() - start < timeout:
        QgsApplication.processEvents()
        time.sleep(0.02)
    return condition()


class ScreenshotIface:
    """The few ``iface`` methods the dialog uses, with a real map canvas."""

    def __init__(self, canvas) -> None:
        self.canvas = canvas
        self.messages: list[str] = []

    def mapCanvas(self):
        return self.canvas

    def messageBar(self):
        return self

    def pushMessage(self, title, text, level=0, duration=0):
        self.messages.append(f"{title}: {text}")
        print(f"{title}: {text}")


def grab(widget, path: Path) -> None:
    """Save ``widget`` as a PNG."""
    from qgis.core import QgsApplication

    for _ in range(5):
        QgsApplication.processEvents()
    widget.grab().save(str(path), "PNG")
    print(f"saved {path}")


def main(argv: list[str] | None = None) -> int:
    """Take the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mirror", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--locale", default="en")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--run", action="store_true", help="run the reference diagnostic for the map")
    args = parser.parse_args(argv)

    from qgis.core import QgsApplication, QgsSettings

    app = QgsApplication([], True)
    app.setPrefixPath("/usr", True)
    app.initQgis()
    # the user's MedRCVL settings are put back at the end
    qs = QgsSettings()
    qs.beginGroup("medrcvl")
    saved = {key: qs.value(key) for key in qs.allKeys()}
    qs.endGroup()
    try:
        return shoot(args)
    finally:
        qs.remove("medrcvl")
        for key, value in saved.items():
            qs.setValue(f"medrcvl/{key}", value)
        app.exitQgis()


def shoot_sharing(dialog, path: Path) -> None:
    """The Outputs page scrolled to the sharing exports and PostGIS box, all ticked; then unticked."""
    outputs = dialog.outputs_page
    outputs.exports.setChecked(True)
    for box in outputs.formats.values():
        box.setChecked(True)
    outputs.postgis.setChecked(True)
    dialog.validate()
    dialog.tabs.setCurrentIndex(3)
    area = dialog.tabs.currentWidget()
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
    grab(dialog, path)
    outputs.exports.setChecked(False)
    outputs.postgis.setChecked(False)
    area.verticalScrollBar().setValue(0)
    dialog.validate()


def shoot(args) -> int:
    """Open the dialog and the options page, optionally run, and save the PNGs."""
    from qgis.core import QgsProject
    from qgis.gui import QgsMapCanvas

    from medrcvl_plugin.core.base.settings import Settings
    from medrcvl_plugin.gui.dialog import DiagnosticDialog
    from medrcvl_plugin.gui.options import MedrcvlOptionsWidget
    from medrcvl_plugin.translation import install_translator

    translator = install_translator(args.locale) if args.locale != "en" else None
    if args.locale != "en" and translator is None:
        print(f"no i18n/medrcvl_{args.locale}.qm: English screenshots", file=sys.stderr)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.locale == "en" else f"_{args.locale}"
    work = Path(tempfile.mkdtemp(prefix="medrcvl-shots-"))
    Settings(mirror=args.mirror, output_dir=str(work), cache_dir=str(work / "cache")).save()

    canvas = QgsMapCanvas()
    canvas.resize(900, 700)
    canvas.setDestinationCrs(QgsProject.instance().crs())
    iface = ScreenshotIface(canvas)
    dialog = DiagnosticDialog(iface)
    dialog.resize(780, 720)
    dialog.show()
    wait(lambda: dialog.territory_page.index is not None, 60)
    page = dialog.territory_page
    page.search_edit.setText("chinon")
    page.refresh_results()
    for row in range(page.results.count()):
        if page.results.item(row).text().startswith("CC Chinon"):
            page.results.setCurrentRow(row)
    dialog.validate()
    names = ("territory", "sources", "indicators", "outputs")
    for index, name in enumerate(names):
        dialog.tabs.setCurrentIndex(index)
        grab(dialog, out / f"dialog_{index + 1}_{name}{suffix}.png")
    shoot_sharing(dialog, out / f"dialog_4_outputs_sharing{suffix}.png")

    options = MedrcvlOptionsWidget()
    options.resize(700, 480)
    options.show()
    grab(options, out / f"options{suffix}.png")
    options.close()

    if args.run:
        dialog.tabs.setCurrentIndex(0)
        dialog.outputs_page.overwrite.setChecked(True)
        dialog.validate()
        dialog.run()
        wait(lambda: dialog.task is not None and dialog.progress.value() > 0, 30)
        grab(dialog, out / f"dialog_running{suffix}.png")
        if not wait(lambda: dialog.task is None, 600):
            print("the diagnostic did not finish in 10 minutes", file=sys.stderr)
            return 1
        grab(dialog, out / f"dialog_done{suffix}.png")
        dialog.outputs_page.overwrite.setChecked(False)  # the GeoPackage exists now: a red message
        dialog.validate()
        dialog.tabs.setCurrentIndex(3)
        grab(dialog, out / f"dialog_validation{suffix}.png")
        layers = [layer for layer in QgsProject.instance().mapLayers().values()]
        canvas.setLayers(sorted(layers, key=lambda layer: layer.geometryType()))
        if dialog.result_group is not None:
            canvas.setLayers([node.layer() for node in dialog.result_group.findLayers()])
        canvas.zoomToFullExtent()
        canvas.refreshAllLayers()
        canvas.show()
        wait(lambda: False, 3)
        canvas.saveAsImage(str(out / f"map{suffix}.png"))
        (out / f"map{suffix}.pgw").unlink(missing_ok=True)  # the world file is of no use in the docs
        print(f"saved {out / f'map{suffix}.png'}")
    dialog.hide()
    return 0


if __name__ == "__main__":
    sys.exit(main())
