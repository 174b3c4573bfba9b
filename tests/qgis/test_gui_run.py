"""The dialog runs the real diagnostic of the reference EPCI from ../shared/data in a QgsTask:
styled layers in a group, message bar summary, report table; cancelling leaves no file."""

from __future__ import annotations

import time

import pytest
from gui_helpers import restore_settings, snapshot_settings, wait_until
from qgis.core import Qgis, QgsProject, QgsRuleBasedRenderer, QgsSettings, QgsVectorLayer

from medrcvl_plugin.core.base.settings import Settings
from medrcvl_plugin.gui.dialog import DiagnosticDialog

pytestmark = pytest.mark.realdata


@pytest.fixture()
def mirror_dialog(qgis_app, qgis_iface, qgis_new_project, shared_data, tmp_path):
    """A dialog on the reference EPCI, mirror = ../shared/data, outputs in tmp_path."""
    saved = snapshot_settings()
    QgsSettings().remove("medrcvl")
    Settings(
        mirror=str(shared_data),
        output_dir=str(tmp_path),
        cache_dir=str(tmp_path / "cache"),
        default_territory="200043081",
    ).save()
    dialog = DiagnosticDialog(qgis_iface)
    wait_until(lambda: dialog.territory_page.index is not None, 30)
    yield dialog
    if dialog.task is not None:
        dialog.task.cancel()
        wait_until(lambda: dialog.task is None, 60)
    dialog.close()
    restore_settings(saved)


def test_reference_epci_end_to_end(mirror_dialog, qgis_iface, tmp_path) -> None:
    dialog = mirror_dialog
    assert dialog.territory_page.selected.name == "CC Chinon, Vienne et Loire"  # default territory, named
    assert dialog.validate() == []
    outputs = dialog.outputs_page
    outputs.atlas.setChecked(True)  # exported on the main thread once the task is done
    outputs.pdf.setFilePath(str(tmp_path / "atlas.pdf"))
    outputs.exports.setChecked(True)  # written by a second background task
    outputs.formats["xlsx"].setChecked(False)
    outputs.export_dir.setFilePath(str(tmp_path / "tables"))
    assert dialog.validate() == []
    before = len(qgis_iface.messageBar().get_messages(Qgis.Warning))
    dialog.run()
    assert dialog.is_running() and not dialog.run_button.isEnabled() and dialog.cancel_button.isEnabled()
    assert not dialog.tabs.isEnabled()
    wait_until(lambda: dialog.task is None, 300)
    assert "Atlas: 20 pages." in dialog.status_label.text()  # cover + 19 communes
    # the GeoPackage, the atlas and the tables are put in place together once the last step is done
    wait_until(lambda: dialog.run_outputs is None, 120)
    gpkg = tmp_path / "diagnostic.gpkg"
    assert gpkg.is_file()
    assert (tmp_path / "atlas.pdf").read_bytes()[:5] == b"%PDF-"
    assert (tmp_path / "tables" / "communes.csv").is_file()
    assert not [p.name for p in tmp_path.rglob(".*")]  # no temporary, lock or journal left
    assert (tmp_path / "tables" / "communes.csv").read_text(encoding="utf-8-sig").count("\n") >= 20
    assert dialog.progress.value() == 100
    # layers in a group at the top of the tree, styled by core.styles
    root = QgsProject.instance().layerTreeRoot()
    group = root.findGroup("MedRCVL – CC Chinon, Vienne et Loire")
    assert group is not None and root.children()[0] is group
    layers = {node.layer().name(): node.layer() for node in group.findLayers()}
    communes = layers["Communes – digital fragility"]
    assert communes.featureCount() == 19
    assert isinstance(communes.renderer(), QgsRuleBasedRenderer)
    rules = [r.filterExpression() for r in communes.renderer().rootRule().children()]
    assert any('"ifn_score" IS NULL' in r for r in rules)  # the "no data" class
    assert layers["Digital-mediation places"].featureCount() == 8
    # summary in the message bar (a warning: no ARCEP rows for dept 37 in the mirror) and the dialog
    messages = qgis_iface.messageBar().get_messages(Qgis.Warning)[before:]
    unmatched = QgsVectorLayer(f"{gpkg}|layername=unmatched_codes", "u", "ogr").featureCount()
    assert unmatched > 0  # the programme files' empty or wrong codes of dept 37 (Mairie de Lerné…)
    assert messages == [
        f"MedRCVL:CC Chinon, Vienne et Loire: 19 communes, 8 places, {unmatched} unmatched "
        "codes. Warnings: 4 (see the log panel)."
    ]  # + one per programme file
    assert dialog.status_label.text().startswith("CC Chinon, Vienne et Loire: 19 communes, 8 places")
    assert not dialog.unmatched_button.isHidden()  # the programme files' wrong codes
    dialog.show_unmatched()
    table = QgsProject.instance().mapLayersByName("Unmatched codes")[0]
    assert [f.name() for f in table.fields()][-4:] == ["source_id", "code", "reason", "detail"]
    # a second run with the same path is refused next to the field until "Overwrite" is ticked
    problems = dialog.validate()
    assert any("already exists" in p for p in problems) and not dialog.run_button.isEnabled()


def test_cancel_leaves_no_partial_geopackage(mirror_dialog, tmp_path) -> None:
    dialog = mirror_dialog
    dialog.run()
    wait_until(lambda: dialog.progress.value() >= 10, 120)  # the COG is read, the tables are next
    start = time.monotonic()
    dialog.cancel()
    wait_until(lambda: dialog.task is None, 60)
    stopped_after = time.monotonic() - start
    print(f"real diagnostic stopped {stopped_after:.2f} s after Cancel")
    assert dialog.status_label.text() == "Diagnostic cancelled: nothing was written."
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "cache"]
    assert leftovers == []
    assert dialog.run_button.isEnabled() and dialog.tabs.isEnabled()
    assert stopped_after < 15


def test_unknown_epci_is_reported_in_the_message_bar(mirror_dialog, qgis_iface, tmp_path) -> None:
    from medrcvl_plugin.core.territory.search import territory_from_code

    dialog = mirror_dialog
    dialog.territory_page.select(territory_from_code("999999999"))
    before = len(qgis_iface.messageBar().get_messages(Qgis.Critical))
    dialog.run()
    wait_until(lambda: dialog.task is None, 120)
    critical = qgis_iface.messageBar().get_messages(Qgis.Critical)[before:]
    assert len(critical) == 1 and "999999999" in critical[0]
    assert "999999999" in dialog.status_label.text()
    assert "color" in dialog.status_label.styleSheet()  # shown in red
    assert [p.name for p in tmp_path.iterdir() if p.name != "cache"] == []


def test_a_failing_atlas_keeps_every_previous_output(mirror_dialog, qgis_iface, tmp_path) -> None:
    """The dialog's steps share one set of outputs: the atlas fails after a good diagnostic, so the
    new GeoPackage is dropped with the rest and the previous one stays byte-identical."""
    gpkg = tmp_path / "diagnostic.gpkg"
    gpkg.write_bytes(b"previous diagnostic")
    dialog = mirror_dialog
    outputs = dialog.outputs_page
    outputs.overwrite.setChecked(True)
    outputs.atlas.setChecked(True)
    outputs.atlas_mode.setCurrentIndex(outputs.atlas_mode.findData("per_commune"))
    outputs.pdf.setFilePath(str(tmp_path / "pages.pdf"))  # one PDF per commune needs a folder
    assert dialog.validate() == []
    before = len(qgis_iface.messageBar().get_messages(Qgis.Critical))
    dialog.run()
    wait_until(lambda: dialog.task is None and dialog.run_outputs is None, 300)
    assert gpkg.read_bytes() == b"previous diagnostic"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cache") == ["diagnostic.gpkg"]
    critical = qgis_iface.messageBar().get_messages(Qgis.Critical)[before:]
    assert any("previous outputs were kept" in m for m in critical), critical
