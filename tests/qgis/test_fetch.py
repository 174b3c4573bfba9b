"""core/sources/fetch.py: user file/URL, mirror folder or URL (ARCEP samples), live host, cache, offline."""

from __future__ import annotations

import dataclasses
import json

import pytest

from medrcvl_plugin.core.base.errors import SourceUnavailable
from medrcvl_plugin.core.base.settings import Settings
from medrcvl_plugin.core.sources import catalogue, fetch, network


@pytest.fixture(autouse=True)
def _no_backoff(monkeypatch):
    monkeypatch.setattr(network, "BACKOFF_S", 0.0)


@pytest.fixture
def conf(tmp_path):
    return Settings(cache_dir=str(tmp_path / "cache"), timeout_s=3, retries=0, mirror="")


@pytest.fixture
def live_source(monkeypatch, httpserver):
    """arcep_techno whose live URL points at the loopback server."""
    src = dataclasses.replace(catalogue.SOURCES["arcep_techno"], url=httpserver.url_for("/live/{name}.csv"))
    monkeypatch.setitem(catalogue.SOURCES, "arcep_techno", src)
    return src


def test_location_file_read_in_place(fixtures, conf):
    path = fixtures / "net" / "small.csv"
    got = fetch.obtain("arcep_techno", location=str(path), settings=conf)
    assert got.path == path and got.provenance.mode == "file"
    assert got.provenance.location == str(path) and got.provenance.retrieved[:2] == "20"
    assert got.provenance.licence == catalogue.ETALAB


def test_location_missing_file(conf, tmp_path):
    with pytest.raises(SourceUnavailable, match="nothere.csv") as info:
        fetch.obtain("arcep_techno", location=str(tmp_path / "nothere.csv"), settings=conf)
    assert info.value.source_id == "arcep_techno"


@pytest.mark.realdata
def test_mirror_folder_accepts_sample(shared_data, conf):
    got = fetch.obtain("arcep_techno", mirror=str(shared_data), settings=conf)
    assert got.path == shared_data / "arcep" / "commune_techno.sample.csv"
    assert got.provenance.mode == "mirror" and any("sample" in n for n in got.provenance.notes)
    assert got.path.read_text(encoding="utf-8").startswith("code_insee;")


@pytest.mark.realdata
def test_mirror_folder_from_settings_with_params(shared_data, conf):
    conf.mirror = str(shared_data)
    got = fetch.obtain("communes_geo", params={"departement": "37"}, settings=conf)
    assert got.path.name == "communes-37-indre-et-loire-2018.geojson"
    assert got.provenance.notes == [] and got.provenance.vintage == "COG 2018"


@pytest.mark.realdata
def test_mirror_url_falls_back_to_sample(httpserver, shared_data, conf):
    body = (shared_data / "arcep" / "commune_debit_filaire.sample.csv").read_bytes()
    httpserver.expect_request("/m/arcep/commune_debit_filaire.csv").respond_with_data("nope", status=404)
    httpserver.expect_request("/m/arcep/commune_debit_filaire.sample.csv").respond_with_data(body)
    got = fetch.obtain("arcep_debit", mirror=httpserver.url_for("/m/"), settings=conf)
    assert got.path.read_bytes() == body and got.provenance.mode == "mirror"
    assert got.provenance.location.endswith("commune_debit_filaire.sample.csv")
    assert any("sample" in n for n in got.provenance.notes)


def test_no_url_no_mirror_says_how_to_get(conf, tmp_path):
    with pytest.raises(SourceUnavailable) as info:
        fetch.obtain("ifn_communes", mirror=str(tmp_path), settings=conf)
    message = str(info.value)
    assert "fragilite-numerique.fr" in message and "ifn/ifn-city-all-variation.csv" in message
    assert info.value.source_id == "ifn_communes"


def test_live_then_cache_then_offline(httpserver, live_source, conf, tmp_path):
    httpserver.expect_ordered_request("/live/commune_techno.csv").respond_with_data("code_insee;x\n37072;1\n")
    httpserver.expect_ordered_request("/live/commune_techno.csv").respond_with_data("down", status=503)
    conf.mirror_then_live = True  # the user chose to go live for what the mirror lacks
    first = fetch.obtain(
        "arcep_techno", params={"name": "commune_techno"}, mirror=str(tmp_path), settings=conf
    )
    assert first.pending and first.path.name.endswith(".pending")
    fetch.read_fetched(first, lambda p: p)  # it parsed: now the cached copy
    assert not first.pending and not first.path.name.endswith(".pending")
    assert first.provenance.mode == "live"
    assert first.provenance.location == httpserver.url_for("/live/commune_techno.csv")
    assert first.path.parent == tmp_path / "cache"
    assert any("not in the mirror" in n for n in first.provenance.notes)

    again = fetch.obtain("arcep_techno", params={"name": "commune_techno"}, settings=conf)
    assert again.provenance.mode == "cache" and again.path == first.path
    assert len(httpserver.log) == 1  # fresh copy: the host was not asked

    meta = first.path.with_name(first.path.name + ".meta.json")
    data = json.loads(meta.read_text())
    data["retrieved"] = "2020-01-02T03:04:05+00:00"
    meta.write_text(json.dumps(data))
    offline = fetch.obtain("arcep_techno", params={"name": "commune_techno"}, settings=conf)
    assert len(httpserver.log) == 2
    assert offline.provenance.mode == "cache" and offline.path.read_text().startswith("code_insee;x")
    assert "offline, cached copy of 2020-01-02" in offline.provenance.notes
    assert any("503" in n for n in offline.provenance.notes)


def test_live_failure_without_cache(httpserver, live_source, conf):
    httpserver.expect_request("/live/commune_techno.csv").respond_with_data("gone", status=404)
    with pytest.raises(SourceUnavailable, match="404"):
        fetch.obtain("arcep_techno", params={"name": "commune_techno"}, settings=conf)
    with pytest.raises(SourceUnavailable, match="name"):
        fetch.obtain("arcep_techno", settings=conf)  # placeholder without value


def test_web_page_instead_of_file(httpserver, conf):
    httpserver.expect_request("/page").respond_with_data(
        "<!DOCTYPE html><html>COG</html>", content_type="text/html"
    )
    with pytest.raises(SourceUnavailable, match="web page"):
        fetch.obtain("cog_communes", location=httpserver.url_for("/page"), settings=conf)


def test_mirror_missing_file_is_reported_not_fetched_live(httpserver, live_source, conf, tmp_path):
    with pytest.raises(SourceUnavailable, match="not in the mirror"):
        fetch.obtain("arcep_techno", params={"name": "commune_techno"}, mirror=str(tmp_path), settings=conf)
    assert len(httpserver.log) == 0  # going live is an explicit choice


def test_download_that_does_not_parse_is_not_cached(httpserver, live_source, conf):
    httpserver.expect_ordered_request("/live/commune_techno.csv").respond_with_data("garbage")
    httpserver.expect_ordered_request("/live/commune_techno.csv").respond_with_data("code_insee;x\n1;2\n")
    got = fetch.obtain("arcep_techno", params={"name": "commune_techno"}, settings=conf)

    def broken(_path):
        raise ValueError("not the expected layout")

    with pytest.raises(ValueError):
        fetch.read_fetched(got, broken)
    assert not got.path.exists()
    again = fetch.obtain("arcep_techno", params={"name": "commune_techno"}, settings=conf)
    assert len(httpserver.log) == 2 and again.provenance.mode == "live"  # asked again, not the garbage
    assert fetch.read_fetched(again, lambda p: p.read_text()) == "code_insee;x\n1;2\n"
    third = fetch.obtain("arcep_techno", params={"name": "commune_techno"}, settings=conf)
    assert third.provenance.mode == "cache" and len(httpserver.log) == 2


def test_html_answer_is_not_cached(httpserver, conf):
    httpserver.expect_request("/page").respond_with_data("<!DOCTYPE html><html>COG</html>")
    for _ in range(2):
        with pytest.raises(SourceUnavailable, match="web page"):
            fetch.obtain("cog_communes", location=httpserver.url_for("/page"), settings=conf)
    assert len(httpserver.log) == 2
    assert not [p for p in (conf.effective_cache_dir()).glob("*") if p.is_file()]


def test_zip_is_opened_at_its_member(tmp_path, conf):
    import zipfile

    archive = tmp_path / "ensemble.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("donnees_communes.csv", "COM;PMUN\n37072;7654\n")
        out.writestr("donnees_collectivites.csv", "x\n")
    got = fetch.obtain("population", location=str(archive), settings=conf)
    assert got.path.read_text() == "COM;PMUN\n37072;7654\n"
    assert got.provenance.location == f"{archive}!donnees_communes.csv"
    again = fetch.obtain("population", location=str(archive), settings=conf)
    assert again.path == got.path  # extracted once

    wrong = tmp_path / "autre.zip"
    with zipfile.ZipFile(wrong, "w") as out:
        out.writestr("readme.txt", "x")
        out.writestr("data.csv", "y")
    from medrcvl_plugin.core.base.errors import DataFormatError

    with pytest.raises(DataFormatError, match="donnees_communes.csv") as info:
        fetch.obtain("population", location=str(wrong), settings=conf)
    assert "readme.txt" in str(info.value) and "autre.zip" in str(info.value)
