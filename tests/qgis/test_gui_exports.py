"""The dialog's sharing exports: national-standard CSV, places quality report and PostGIS publication,
run as background follow-ups of the real diagnostic of the reference EPCI (mirror = ../shared/data)."""

from __future__ import annotations

import csv
import datetime
import logging

import pytest
from gui_helpers import restore_settings, snapshot_settings, wait_until
from pg_server import postgis_server  # noqa: F401 (session fixture)
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsDataSourceUri,
    QgsProviderRegistry,
    QgsSettings,
    QgsVectorLayer,
)
from qgis.PyQt.QtWidgets import QLabel

from medrcvl_plugin.core.base.settings import Settings
from medrcvl_plugin.core.readers.lieux import read_standard
from medrcvl_plugin.gui.dialog import DiagnosticDialog

CONNECTION = "medrcvl_gui_pytest"


def shown_errors(widget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel, "error") if not label.isHidden()]


def forget_connection(name: str) -> None:
    QgsSettings().remove(f"PostgreSQL/connections/{name}")
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    if name in metadata.connections(False):  # QGIS caches the saved connections
        metadata.deleteConnection(name)


@pytest.fixture()
def saved_connection(postgis_server):  # noqa: F811
    """A saved QGIS PostgreSQL connection to the test server (password saved, as users do)."""
    key = f"PostgreSQL/connections/{CONNECTION}"
    settings = QgsSettings()
    for name, value in {
        "host": postgis_server.host,
        "port": str(postgis_server.port),
        "database": postgis_server.database,
        "username": postgis_server.user,
        "password": postgis_server.password,
        "saveUsername": "true",
        "savePassword": "true",
        "service": "",
        "authcfg": "",
    }.items():
        settings.setValue(f"{key}/{name}", value)
    yield CONNECTION
    forget_connection(CONNECTION)


@pytest.fixture()
def isolated(qgis_app, tmp_path):
    saved = snapshot_settings()
    QgsSettings().remove("medrcvl")
    Settings(output_dir=str(tmp_path), cache_dir=str(tmp_path / "cache")).save()
    yield tmp_path
    restore_settings(saved)


def test_new_exports_are_offered_and_validated(isolated, qgis_iface, qgis_new_project) -> None:
    forget_connection(CONNECTION)
    dialog = DiagnosticDialog(qgis_iface)
    outputs = dialog.outputs_page
    assert set(outputs.formats) == {"csv", "xlsx", "standard", "quality"}
    assert not outputs.formats["standard"].isChecked() and not outputs.formats["quality"].isChecked()
    assert outputs.publish_options() is None and not outputs.postgis.isChecked()
    assert outputs.postgis.schema.text() == "medrcvl"
    assert outputs.postgis.vintage.text() == str(datetime.date.today().year)
    outputs.postgis.setChecked(True)
    outputs.postgis.connection.clear()  # whatever the profile holds: no connection at all
    problems = dialog.validate()
    assert any("No saved PostgreSQL connection" in p for p in problems)
    assert any("No saved PostgreSQL connection" in e for e in shown_errors(outputs.postgis))
    assert not dialog.run_button.isEnabled()
    outputs.postgis.connection.addItem("somewhere")
    outputs.postgis.schema.setText("")
    dialog.validate()
    assert any("schema name" in e for e in shown_errors(outputs.postgis))
    outputs.postgis.schema.setText("partage")
    outputs.postgis.vintage.setText("!!!")
    dialog.validate()
    assert any("Invalid vintage" in e for e in shown_errors(outputs.postgis))
    outputs.postgis.vintage.setText("2025")
    dialog.validate()
    assert shown_errors(outputs.postgis) == []
    assert outputs.publish_options() == {
        "connection": "somewhere",
        "schema": "partage",
        "vintage": "2025",
        "overwrite": False,
    }
    outputs.postgis.setChecked(False)
    dialog.validate()
    assert shown_errors(outputs.postgis) == []  # an unticked box never blocks the run
    dialog.close()


def test_saved_connections_are_listed_and_remembered(
    isolated, qgis_iface, qgis_new_project, saved_connection
) -> None:
    first = DiagnosticDialog(qgis_iface)
    box = first.outputs_page.postgis
    names = [box.connection.itemText(i) for i in range(box.connection.count())]
    assert saved_connection in names
    box.setChecked(True)
    box.connection.setCurrentIndex(names.index(saved_connection))
    box.schema.setText("partage")
    first.close()  # remembers the choices
    second = DiagnosticDialog(qgis_iface)
    again = second.outputs_page.postgis
    assert again.isChecked() and again.connection.currentText() == saved_connection
    assert again.schema.text() == "partage"
    texts = [again.connection.itemText(i) for i in range(again.connection.count())]
    assert not any(
        QgsSettings().value(f"PostgreSQL/connections/{saved_connection}/password") in t for t in texts
    )
    second.close()


@pytest.mark.realdata
@pytest.mark.postgis
def test_standard_quality_and_postgis_after_the_real_diagnostic(
    qgis_app,
    qgis_iface,
    qgis_new_project,
    shared_data,
    tmp_path,
    postgis_server,  # noqa: F811
    saved_connection,
    caplog,
) -> None:
    saved = snapshot_settings()
    QgsSettings().remove("medrcvl")
    Settings(
        mirror=str(shared_data),
        output_dir=str(tmp_path),
        cache_dir=str(tmp_path / "cache"),
        default_territory="200043081",
    ).save()
    caplog.set_level(logging.DEBUG)
    seen: list[str] = []

    def record(message, *_):
        seen.append(str(message))

    QgsApplication.messageLog().messageReceived.connect(record)
    dialog = DiagnosticDialog(qgis_iface)
    try:
        wait_until(lambda: dialog.territory_page.index is not None, 30)
        outputs = dialog.outputs_page
        outputs.exports.setChecked(True)
        for name, box in outputs.formats.items():
            box.setChecked(name in ("standard", "quality"))
        outputs.export_dir.setFilePath(str(tmp_path / "partage"))
        outputs.postgis.setChecked(True)
        outputs.postgis.connection.setCurrentIndex(outputs.postgis.connection.findText(saved_connection))
        outputs.postgis.schema.setText("gui")
        outputs.postgis.vintage.setText("2026")
        assert dialog.validate() == []
        before = len(qgis_iface.messageBar().get_messages(Qgis.Success))
        dialog.run()
        wait_until(lambda: dialog.task is None, 300)
        assert "Writing the tables…" in dialog.status_label.text()
        assert "Publishing to PostGIS…" in dialog.status_label.text()
        wait_until(lambda: dialog.export_task is not None and dialog.publish_task is not None, 30)
        assert (tmp_path / "diagnostic.gpkg").is_file()  # in place before it is published
        wait_until(lambda: len(qgis_iface.messageBar().get_messages(Qgis.Success)) >= before + 2, 120)
    finally:
        QgsApplication.messageLog().messageReceived.disconnect(record)
        dialog.close()
        restore_settings(saved)
    # national standard CSV: re-read by the national-standard reader, the 8 places of the EPCI
    standard = tmp_path / "partage" / "lieux-standard.csv"
    places = read_standard(standard)
    assert len(places) == 8
    assert places["nom"].notna().all() and places["latitude"].between(46.9, 47.4).all()
    assert {"lieu_id", "commune", "date_maj"} <= set(places.columns)
    # quality report: a French CSV with one row per problem
    quality = tmp_path / "partage" / "qualite-lieux.csv"
    with quality.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0][:4] == ["Identifiant du lieu", "Nom", "Problème", "Détail"]
    assert len(rows) > 1 and all(len(row) == len(rows[0]) for row in rows)
    assert not (tmp_path / "partage" / "communes.csv").exists()  # csv/xlsx unticked
    # message bar: files and PostGIS schema, password never shown
    success = qgis_iface.messageBar().get_messages(Qgis.Success)[before:]
    assert any("lieux-standard.csv" in m and "qualite-lieux.csv" in m for m in success), success
    assert any("gui_2026" in m and "19 communes, 8 places" in m for m in success), success
    for text in [*success, caplog.text, *seen]:
        assert postgis_server.password not in text
    # PostGIS read back with the postgres provider
    uri = QgsDataSourceUri(postgis_server.conninfo())
    uri.setDataSource("gui_2026", "communes", "geom", "", "code_insee")
    communes = QgsVectorLayer(uri.uri(False), "communes", "postgres")
    assert communes.isValid() and communes.featureCount() == 19
    chinon = next(communes.getFeatures("code_insee = '37072'"))
    assert chinon["nom"] == "Chinon" and chinon["ifn_score"] == pytest.approx(6.8)
    uri.setDataSource("gui_2026", "lieux", "geom", "", "fid")
    lieux = QgsVectorLayer(uri.uri(False), "lieux", "postgres")
    assert lieux.isValid() and lieux.featureCount() == 8
    assert postgis_server.psql("SELECT vintage FROM gui.publications") == "2026"
