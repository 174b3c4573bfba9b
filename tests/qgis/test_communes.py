"""readers/communes.py: GeoJSON (geo.api, IGN WFS), user layers, mirror folder/URL and geo.api on loopback."""

from __future__ import annotations

import json

import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer, QgsWkbTypes
from qgis.PyQt.QtCore import QVariant

from medrcvl_plugin.core.base.errors import DataFormatError, TerritoryError
from medrcvl_plugin.core.base.settings import Settings
from medrcvl_plugin.core.readers import communes
from tests.conftest import REFERENCE_COMMUNES, REFERENCE_EPCI

D37 = "communes/communes-37-indre-et-loire-2018.geojson"


@pytest.fixture
def conf(tmp_path):
    return Settings(cache_dir=str(tmp_path / "cache"), timeout_s=3, retries=0, mirror="")


@pytest.fixture(scope="session")
def d37_bytes(shared_data):
    return (shared_data / D37).read_bytes()


def _codes(layer):
    return sorted(f["code_insee"] for f in layer.getFeatures())


@pytest.mark.realdata
def test_read_geojson_real_departement(shared_data):
    layer = communes.read_geojson(shared_data / D37)
    assert layer.isValid() and layer.featureCount() == 272
    assert layer.crs().authid() == "EPSG:4326"
    assert layer.wkbType() == QgsWkbTypes.Type.MultiPolygon
    assert layer.fields().names()[:2] == ["code_insee", "nom"]
    assert layer.fields().field("code_insee").type() == QVariant.String
    names = {f["code_insee"]: f["nom"] for f in layer.getFeatures()}
    assert names["37072"] == "Chinon" and names["37003"] == "Amboise"
    chinon = next(f for f in layer.getFeatures() if f["code_insee"] == "37072")
    assert chinon.geometry().contains(QgsGeometry.fromWkt("POINT(0.2416 47.1673)"))


def test_read_geojson_wfs_layout_and_bytes(fixtures):
    data = (fixtures / "net" / "communes-wfs-2154.geojson").read_bytes()
    layer = communes.read_geojson(data, source="IGN WFS")
    assert layer.crs().authid() == "EPSG:2154"
    rows = {
        f["code_insee"]: (f["nom"], f["codes_siren_des_epci"], f["population"]) for f in layer.getFeatures()
    }
    assert rows == {
        "37072": ("Chinon", "200043081", 7843),
        "2A004": ("Ajaccio", "242010056/200000000", 71361),
    }
    assert layer.extent().xMinimum() == 490000


def test_integer_codes_padded_and_reported(fixtures, caplog):
    with caplog.at_level("WARNING"):
        layer = communes.read_geojson(fixtures / "net" / "communes-int-codes.geojson")
    assert _codes(layer) == ["01001", "37072"]
    assert communes.padded_codes(layer) == ["01001"]
    assert "01001" in caplog.text


def test_bad_code_names_field_and_value(fixtures):
    with pytest.raises(DataFormatError, match=r"field code.*#2: 'Chinon'") as info:
        communes.read_geojson(fixtures / "net" / "communes-bad-code.geojson")
    assert info.value.field == "code"


def test_not_geojson(tmp_path):
    path = tmp_path / "x.geojson"
    path.write_text("<html>error</html>")
    with pytest.raises(DataFormatError, match="x.geojson"):
        communes.read_geojson(path)


def _user_layer(values):
    layer = QgsVectorLayer(
        "Polygon?crs=EPSG:2154&field=INSEE:integer&field=NOM_COM:string", "mes communes", "memory"
    )
    feats = []
    for i, value in enumerate(values):
        feat = QgsFeature(layer.fields())
        feat.setGeometry(QgsGeometry.fromWkt(f"POLYGON(({i} 0, {i + 1} 0, {i + 1} 1, {i} 0))"))
        feat.setAttributes([value, f"c{i}"])
        feats.append(feat)
    layer.dataProvider().addFeatures(feats)
    return layer


def test_from_layer_pads_and_keeps_fields():
    layer = communes.from_layer(_user_layer([1001, 37072]), "INSEE")
    assert _codes(layer) == ["01001", "37072"] and communes.padded_codes(layer) == ["01001"]
    assert sorted(f["nom"] for f in layer.getFeatures()) == ["c0", "c1"]
    assert layer.crs().authid() == "EPSG:2154" and layer.wkbType() == QgsWkbTypes.Type.MultiPolygon


def test_from_layer_errors_name_the_field():
    with pytest.raises(DataFormatError, match="CODE_COM.*INSEE"):
        communes.from_layer(_user_layer([37072]), "CODE_COM")
    with pytest.raises(DataFormatError, match=r"field NOM_COM.*'c0'"):
        communes.from_layer(_user_layer([37072]), "NOM_COM")
    with pytest.raises(DataFormatError, match="INSEE.*NULL"):
        communes.from_layer(_user_layer([None]), "INSEE")


@pytest.mark.realdata
def test_mirror_folder_codes_of_reference_epci(shared_data, conf):
    layer, prov = communes.load_communes(
        epci=REFERENCE_EPCI, codes=REFERENCE_COMMUNES, mirror=str(shared_data), settings=conf
    )
    assert _codes(layer) == sorted(REFERENCE_COMMUNES)
    assert prov.mode == "mirror" and prov.location.endswith("communes-37-indre-et-loire-2018.geojson")
    assert prov.notes == []


@pytest.mark.realdata
def test_mirror_folder_france_file_for_corsica(shared_data, conf):
    conf.mirror = str(shared_data)
    layer, prov = communes.load_communes(codes=["2A004", "2B033", "01001"], settings=conf)
    assert _codes(layer) == ["01001", "2A004", "2B033"]
    assert prov.location.count(" | ") == 2 and "communes-2A-corse-du-sud.geojson" in prov.location


@pytest.mark.realdata
def test_live_epci_from_geo_api_on_loopback(httpserver, d37_bytes, conf):
    data = json.loads(d37_bytes)
    data["features"] = [f for f in data["features"] if f["properties"]["code"] in REFERENCE_COMMUNES]
    httpserver.expect_request(
        f"/epcis/{REFERENCE_EPCI}/communes",
        query_string={
            "fields": "code,nom,population,codeEpci,codeDepartement,codeRegion",
            "format": "geojson",
            "geometry": "contour",
        },
    ).respond_with_json(data)
    layer, prov = communes.load_communes(epci=REFERENCE_EPCI, settings=conf, base_url=httpserver.url_for("/"))
    assert _codes(layer) == sorted(REFERENCE_COMMUNES)
    assert prov.mode == "live" and prov.location.startswith(httpserver.url_for(f"/epcis/{REFERENCE_EPCI}"))
    assert prov.attribution == "IGN – ADMIN EXPRESS"


@pytest.mark.realdata
def test_live_codes_via_departement_reports_missing(httpserver, d37_bytes, conf, tmp_path):
    httpserver.expect_request("/departements/37/communes").respond_with_data(
        d37_bytes, content_type="application/geo+json"
    )
    layer, prov = communes.load_communes(
        codes=["37072", "37011", "37999"],
        mirror=str(tmp_path),
        settings=conf,
        base_url=httpserver.url_for(""),
    )
    assert _codes(layer) == ["37011", "37072"]
    assert any("37999" in n for n in prov.notes)
    assert any("not in the mirror" in n for n in prov.notes)


@pytest.mark.realdata
def test_mirror_url(httpserver, d37_bytes, conf):
    httpserver.expect_request("/m/" + D37).respond_with_data(d37_bytes)
    layer, prov = communes.load_communes(departement="37", mirror=httpserver.url_for("/m"), settings=conf)
    assert layer.featureCount() == 272 and prov.mode == "mirror"


def test_territory_errors(conf):
    with pytest.raises(TerritoryError, match="SIREN"):
        communes.load_communes(epci="12", settings=conf)
    with pytest.raises(TerritoryError, match="99"):
        communes.load_communes(departement="99", settings=conf)
    with pytest.raises(TerritoryError, match="ABCDE"):
        communes.load_communes(codes=["abcde"], settings=conf)


def test_live_ign_wfs_with_cql_filter(httpserver, fixtures, conf):
    body = (fixtures / "net" / "communes-wfs-2154.geojson").read_bytes()
    httpserver.expect_request(
        "/wfs/ows",
        query_string={
            "SERVICE": "WFS",
            "REQUEST": "GetFeature",
            "TYPENAMES": "ADMINEXPRESS-COG-CARTO.LATEST:commune",
            "SRSNAME": "EPSG:2154",
            "CQL_FILTER": "code_insee IN ('37072','2A004')",
            "COUNT": "5000",
        },
    ).respond_with_data(body, content_type="application/json")
    wfs = httpserver.url_for("/wfs/ows") + (
        "?SERVICE=WFS&REQUEST=GetFeature" "&TYPENAMES=ADMINEXPRESS-COG-CARTO.LATEST:commune&SRSNAME=EPSG:2154"
    )
    layer, prov = communes.load_communes(codes=["37072", "2A004"], settings=conf, service="wfs", wfs_url=wfs)
    assert _codes(layer) == ["2A004", "37072"] and layer.crs().authid() == "EPSG:2154"
    assert prov.source_id == "communes_wfs" and prov.mode == "live" and "CQL_FILTER" in prov.location
