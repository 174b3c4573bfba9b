"""The diagnostic dialog: labels through tr(), validation next to the fields, remembered choices,
territory search on the real COG/EPCI files, commune layer checks."""

from __future__ import annotations

import json

import pytest
from gui_helpers import restore_settings, snapshot_settings, wait_until
from qgis.core import QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication, QTranslator
from qgis.PyQt.QtWidgets import QAbstractButton, QGroupBox, QLabel

from medrcvl_plugin.core.base.settings import Settings
from medrcvl_plugin.core.territory.search import territory_from_code
from medrcvl_plugin.gui.dialog import DiagnosticDialog

MARK = "§"


class MarkingTranslator(QTranslator):
    """Marks every MedRCVL string it translates, to prove it went through tr()."""

    def translate(self, context, source, disambiguation=None, n=-1):
        return MARK + source if context == "MedRCVL" else ""


@pytest.fixture()
def clean_settings(qgis_app, tmp_path):
    """Isolated medrcvl/ settings: no mirror, outputs into tmp_path; restored afterwards."""
    saved = snapshot_settings()
    QCoreApplication.processEvents()
    from qgis.core import QgsSettings

    QgsSettings().remove("medrcvl")
    Settings(output_dir=str(tmp_path), cache_dir=str(tmp_path / "cache")).save()
    yield tmp_path
    restore_settings(saved)


@pytest.fixture()
def mirror_settings(clean_settings, shared_data):
    """Settings whose mirror is ../shared/data (no network)."""
    s = Settings.load()
    s.mirror = str(shared_data)
    s.save()
    return clean_settings


def make_dialog(qgis_iface, **kwargs) -> DiagnosticDialog:
    dialog = DiagnosticDialog(qgis_iface, **kwargs)
    wait_until(
        lambda: dialog.index_task is None
        or dialog.territory_page.index is not None
        or "could not" in dialog.territory_page.index_status.text(),
        30,
    )
    return dialog


def shown_errors(widget) -> list[str]:
    """The texts of the red error labels currently shown under fields of ``widget``."""
    return [label.text() for label in widget.findChildren(QLabel, "error") if not label.isHidden()]


def test_every_label_goes_through_tr(clean_settings, qgis_iface, qgis_new_project) -> None:
    translator = MarkingTranslator()
    QCoreApplication.installTranslator(translator)
    try:
        dialog = DiagnosticDialog(qgis_iface)
        texts = [dialog.windowTitle()]
        texts += [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
        texts += [b.text() for b in dialog.findChildren(QAbstractButton) if b.text()]
        texts += [g.title() for g in dialog.findChildren(QGroupBox) if g.title()]
        texts += [
            label.text().replace("<b>", "").replace("</b>", "")
            for label in dialog.findChildren(QLabel)
            if label.text() and not label.text().startswith("<a href=")
        ]  # file links
        dialog.close()
    finally:
        QCoreApplication.removeTranslator(translator)
    # catalogue titles (French proper names) and the chosen territory name are data, not UI text
    untranslated = [t for t in texts if MARK not in t and t != "…"]  # "…": QgsFileWidget's button
    assert len(texts) > 60
    assert untranslated == [t for t in untranslated if _is_data(t)], untranslated


def _is_data(text: str) -> bool:
    """Catalogue titles and producers are French data shown as is."""
    from medrcvl_plugin.core.sources.catalogue import SOURCES

    return any(text == s.title for s in SOURCES.values())


def test_validation_messages_next_to_fields(clean_settings, qgis_iface, qgis_new_project) -> None:
    out = clean_settings
    (out / "diagnostic.gpkg").write_bytes(b"already here")
    dialog = DiagnosticDialog(qgis_iface)
    page = dialog.territory_page
    page.select(None)
    sources = dialog.sources_page
    row = sources.rows["ifn_communes"]
    row.mode.setCurrentIndex(row.mode.findData("file"))
    row.file.setFilePath(str(out / "missing-ifn.csv"))
    sources.mirror.setFilePath(str(out / "no-such-mirror"))
    problems = dialog.validate()
    assert not dialog.run_button.isEnabled()
    assert "Choose a territory: type a name or a code and pick it in the list." in shown_errors(page)
    assert f"The file {out / 'missing-ifn.csv'} does not exist." in shown_errors(sources)
    assert f"The mirror folder {out / 'no-such-mirror'} does not exist." in shown_errors(sources)
    gpkg_error = shown_errors(dialog.outputs_page)
    assert any("already exists" in e and "diagnostic.gpkg" in e for e in gpkg_error)
    assert len(problems) == 4
    assert dialog.problem_label.text().startswith("1. Territory : Choose a territory")
    # fixing every field enables Run and hides the messages
    page.select(territory_from_code("200043081"))
    row.mode.setCurrentIndex(row.mode.findData("auto"))
    sources.mirror.setFilePath("")
    dialog.outputs_page.overwrite.setChecked(True)
    assert dialog.validate() == []
    assert dialog.run_button.isEnabled()
    assert shown_errors(dialog) == []
    dialog.close()


def test_atlas_and_exports_are_validated(clean_settings, qgis_iface, qgis_new_project) -> None:
    dialog = DiagnosticDialog(qgis_iface)
    outputs = dialog.outputs_page
    outputs.atlas.setChecked(True)
    outputs.pdf.setFilePath(str(clean_settings / "nowhere" / "atlas.pdf"))
    outputs.exports.setChecked(True)
    for box in outputs.formats.values():
        box.setChecked(False)
    dialog.validate()
    errors = shown_errors(outputs)
    assert f"The folder {clean_settings / 'nowhere'} does not exist." in errors
    assert "Tick at least one table format." in errors
    outputs.atlas_mode.setCurrentIndex(outputs.atlas_mode.findData("per_commune"))
    assert outputs.pdf_label.text() == "Folder of the PDFs"
    dialog.validate()
    assert f"The folder {clean_settings / 'nowhere'} does not exist." not in shown_errors(outputs)
    dialog.close()


def test_every_output_of_the_run_is_checked_before_run(clean_settings, qgis_iface, qgis_new_project) -> None:
    """The atlas' project and pages and the exported tables are checked too, not only the GeoPackage
    and the PDF: a run that would stop half-way on an existing file cannot start."""
    out = clean_settings / "out"
    out.mkdir()
    (out / "atlas_pages.gpkg").write_bytes(b"previous")
    (out / "lieux.csv").write_bytes(b"previous")
    dialog = DiagnosticDialog(qgis_iface)
    dialog.territory_page.select(territory_from_code("200043081"))
    outputs = dialog.outputs_page
    outputs.gpkg.setFilePath(str(out / "diagnostic.gpkg"))
    outputs.atlas.setChecked(True)
    outputs.pdf.setFilePath(str(out / "atlas.pdf"))
    outputs.exports.setChecked(True)
    outputs.export_dir.setFilePath(str(out))
    problems = dialog.validate()
    errors = shown_errors(outputs)
    assert any(str(out / "atlas_pages.gpkg") in e for e in errors)
    assert any(str(out / "lieux.csv") in e and "communes.csv" not in e for e in errors)
    assert len(problems) == 2 and not dialog.run_button.isEnabled()
    dialog.run()  # refused: nothing started, nothing written
    assert dialog.task is None and sorted(p.name for p in out.iterdir()) == ["atlas_pages.gpkg", "lieux.csv"]
    outputs.overwrite.setChecked(True)
    assert dialog.validate() == []
    dialog.close()


def test_choices_are_remembered(clean_settings, qgis_iface, qgis_new_project) -> None:
    from medrcvl_plugin.core.territory.search import Territory

    first = DiagnosticDialog(qgis_iface)
    first.territory_page.select(Territory("commune", "37074", "Chouzé-sur-Loire", "Indre-et-Loire (37)"))
    first.indicators_page.ifn.setValue(7.2)
    first.indicators_page.mapped.setCurrentIndex(first.indicators_page.mapped.findData("lieux_per_10k"))
    first.outputs_page.gpkg.setFilePath(str(clean_settings / "chouze.gpkg"))
    first.outputs_page.atlas.setChecked(True)
    first.outputs_page.orientation.setCurrentIndex(1)
    row = first.sources_page.rows["population"]
    row.mode.setCurrentIndex(row.mode.findData("file"))
    row.file.setFilePath("/data/pop.csv")
    first.close()  # remembers
    assert json.loads(Settings.load().last_territory)["code"] == "37074"
    second = DiagnosticDialog(qgis_iface)
    assert second.territory_page.selected.name == "Chouzé-sur-Loire"
    assert second.indicators_page.ifn.value() == pytest.approx(7.2)
    assert second.indicators_page.mapped_field() == "lieux_per_10k"
    assert second.outputs_page.gpkg_path() == clean_settings / "chouze.gpkg"
    assert second.outputs_page.atlas.isChecked()
    assert second.outputs_page.orientation.currentData() == "landscape"
    assert Settings.load().atlas_orientation == "landscape"
    assert second.sources_page.locations() == {"population": "/data/pop.csv"}
    second.close()


@pytest.mark.realdata
def test_search_on_the_real_mirror(mirror_settings, qgis_iface, qgis_new_project) -> None:
    dialog = make_dialog(qgis_iface)
    page = dialog.territory_page
    assert page.index is not None, page.index_status.text()
    page.search_edit.setText("chouze")
    page.refresh_results()
    labels = [page.results.item(i).text() for i in range(page.results.count())]
    assert labels[0].startswith("Chouzé-sur-Loire (37074) — Commune")
    page.search_edit.setText("chinon")
    page.refresh_results()
    codes = [page.results.item(i).data(0x0100).code for i in range(page.results.count())]
    assert codes[0] == "37072" and "200043081" in codes
    page.results.setCurrentRow(codes.index("200043081"))
    assert page.selected.name == "CC Chinon, Vienne et Loire"
    assert "CC Chinon, Vienne et Loire (200043081)" in page.selected_label.text()
    page.search_edit.setText("xyzzy plugh")
    page.refresh_results()
    assert shown_errors(page) == ["No territory matches “xyzzy plugh”."]
    dialog.close()


@pytest.mark.realdata
def test_commune_layer_and_code_field(clean_settings, shared_data, qgis_iface, qgis_new_project) -> None:
    layer = QgsVectorLayer(
        str(shared_data / "communes" / "communes-37-indre-et-loire-2018.geojson"), "communes 37", "ogr"
    )
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    dialog = DiagnosticDialog(qgis_iface)
    page = dialog.territory_page
    page.layer_radio.setChecked(True)
    page.layer_combo.setLayer(layer)
    assert page.field_combo.currentField() == "code"  # guessed
    assert page.validate() == []
    page.field_combo.setField("nom")
    problems = page.validate()
    assert problems == shown_errors(page)
    assert problems[0].startswith("Field nom does not hold INSEE commune codes (5 characters, e.g. 37072)")
    page.field_combo.setField("code")
    territory = dialog.territory_choice()
    assert territory.kind == "layer" and territory.code_field == "code"
    assert territory.layer.featureCount() == 272 and territory.layer is not layer  # private copy
    dialog.close()
    # the layer choice is remembered
    again = DiagnosticDialog(qgis_iface)
    assert again.territory_page.use_layer() and again.territory_page.layer_combo.currentLayer() is layer
    again.close()


def test_choices_become_diagnostic_params(clean_settings, qgis_iface, qgis_new_project) -> None:
    from medrcvl_plugin.core.diagnostic import DiagnosticParams
    from medrcvl_plugin.gui.params import make_params

    dialog = DiagnosticDialog(qgis_iface)
    dialog.territory_page.select(territory_from_code("37074"))
    dialog.indicators_page.ifn.setValue(7.5)
    dialog.indicators_page.distance.setValue(8)
    row = dialog.sources_page.rows["lieux_standard"]
    row.mode.setCurrentIndex(row.mode.findData("file"))
    row.file.setFilePath("/data/lieux.csv")
    dialog.outputs_page.gpkg.setFilePath(str(clean_settings / "sortie"))  # .gpkg is added
    params = make_params(dialog.choices())
    assert isinstance(params, DiagnosticParams)
    assert (params.territory.kind, params.territory.value) == ("communes", ["37074"])
    assert (params.ifn_threshold, params.distance_km) == (7.5, 8.0)
    assert params.locations == {"lieux_standard": "/data/lieux.csv"}
    assert params.output == clean_settings / "sortie.gpkg"
    assert params.mirror is None and params.overwrite is False
    dialog.reject()  # Escape remembers too
    assert json.loads(Settings.load().last_indicators)["thresholds"]["ifn_score"] == 7.5


def test_the_summary_names_the_datasets_that_could_not_be_had():
    from types import SimpleNamespace

    from medrcvl_plugin.gui import results

    result = SimpleNamespace(communes=19, lieux=3, unmatched=0, warnings=["w"], missing=["ARCEP", "IFN"])
    text = results.summary_text(result, "CC Chinon")
    assert "ARCEP, IFN" in text and "19" in text
    assert "ARCEP" not in results.summary_text(SimpleNamespace(communes=19, lieux=3, unmatched=0), "CC")
