"""The dialog reads its list of territories from a mirror served over HTTP (loopback server):
the downloads are cached and the Sources page shows the cache date; a failing mirror is reported."""

from __future__ import annotations

import pytest
from gui_helpers import restore_settings, snapshot_settings, wait_until
from qgis.core import QgsSettings

from medrcvl_plugin.core.base.settings import Settings
from medrcvl_plugin.gui.dialog import DiagnosticDialog

pytestmark = pytest.mark.realdata


@pytest.fixture()
def settings_for(qgis_app, tmp_path):
    saved = snapshot_settings()
    QgsSettings().remove("medrcvl")

    def make(mirror: str) -> Settings:
        s = Settings(
            mirror=mirror, output_dir=str(tmp_path), cache_dir=str(tmp_path / "cache"), timeout_s=5, retries=0
        )
        s.save()
        return s

    yield make
    restore_settings(saved)


def test_index_from_an_http_mirror_is_cached(
    settings_for, shared_data, httpserver, qgis_iface, qgis_new_project, tmp_path
) -> None:
    for relative, kind in (
        ("cog/communes.csv", "text/csv"),
        ("epci/epcicom.xlsx", "application/vnd.openxmlformats-officedocument." "spreadsheetml.sheet"),
    ):
        httpserver.expect_request(f"/mirror/{relative}").respond_with_data(
            (shared_data / relative).read_bytes(), content_type=kind
        )
    settings_for(httpserver.url_for("/mirror/"))
    dialog = DiagnosticDialog(qgis_iface)
    wait_until(
        lambda: dialog.territory_page.index is not None
        or "could not" in dialog.territory_page.index_status.text(),
        60,
    )
    page = dialog.territory_page
    assert page.index is not None, page.index_status.text()
    assert page.index.search("200043081")[0].name == "CC Chinon, Vienne et Loire"
    assert page.selected.name == "CC Chinon, Vienne et Loire"  # the default code got its name
    dialog.close()
    assert any(p.name.endswith("communes.csv") for p in (tmp_path / "cache").iterdir())
    again = DiagnosticDialog(qgis_iface)  # the Sources page shows the cache date
    info = again.sources_page.rows["cog_communes"].info.text()
    assert "cached on 20" in info, info
    assert "not cached" in again.sources_page.rows["ifn_communes"].info.text()
    wait_until(
        lambda: again.index_task is None
        or again.territory_page.index is not None
        or "could not" in again.territory_page.index_status.text(),
        60,
    )
    again.close()


def test_failing_mirror_is_reported_and_codes_still_work(
    settings_for, httpserver, qgis_iface, qgis_new_project
) -> None:
    httpserver.expect_request("/broken/cog/communes.csv").respond_with_data("boom", status=500)
    settings_for(httpserver.url_for("/broken/"))
    dialog = DiagnosticDialog(qgis_iface)
    page = dialog.territory_page
    wait_until(lambda: "could not" in page.index_status.text(), 60)
    assert page.index is None
    assert "500" in page.index_status.text()
    page.search_edit.setText("37")  # a bare code still selects a territory
    page.refresh_results()
    assert page.results.count() == 1
    page.results.setCurrentRow(0)
    assert (page.selected.kind, page.selected.name) == ("departement", "Indre-et-Loire")
    assert page.validate() == []
    dialog.close()
