"""readers/ifn_tiles.py: real MVT tiles made with GDAL from ../shared/data polygons, served on loopback."""

from __future__ import annotations

import csv
import json
import math
import re

import pytest
from osgeo import gdal
from qgis.core import QgsFeedback, QgsRectangle, QgsVectorLayer
from werkzeug import Response

from medrcvl_plugin.core.base.errors import CancelledError, DataFormatError, TerritoryError
from medrcvl_plugin.core.base.settings import Settings
from medrcvl_plugin.core.readers import ifn, ifn_tiles
from medrcvl_plugin.core.sources import network
from tests.conftest import REFERENCE_COMMUNES

ZOOM = 12  # the national map's city tiles (zooms 12-14)
TEMPLATE = "/api/tiles/city/{z}/{x}/{y}"


@pytest.fixture(autouse=True)
def _no_backoff(monkeypatch):
    monkeypatch.setattr(network, "BACKOFF_S", 0.0)


@pytest.fixture(scope="session")
def ifn_totals(shared_data):
    """The real IFN overall scores of the reference communes (CSV column ``total``)."""
    with open(shared_data / "ifn" / "ifn-city-all-variation.csv", encoding="utf-8") as handle:
        return {
            r["code"]: float(r["total"]) for r in csv.DictReader(handle) if r["code"] in REFERENCE_COMMUNES
        }


def make_tiles(shared_data, ifn_totals, folder, with_code=True):
    """MVT tiles at zoom 12 of the reference communes: ``score`` (and ``code``, ``nom`` if asked)."""
    data = json.loads((shared_data / "communes" / "communes-37-indre-et-loire-2018.geojson").read_bytes())
    feats = [f for f in data["features"] if f["properties"]["code"] in REFERENCE_COMMUNES]
    for feat in feats:
        score = ifn_totals[feat["properties"]["code"]]
        feat["properties"] = {**feat["properties"], "score": score} if with_code else {"score": score}
    src = folder / "src.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": feats}))
    out = folder / "tiles"
    gdal.VectorTranslate(
        str(out),
        str(src),
        format="MVT",
        datasetCreationOptions=[f"MINZOOM={ZOOM}", f"MAXZOOM={ZOOM}"],
        layerCreationOptions=["NAME=city"],
    )
    assert list(out.glob(f"{ZOOM}/*/*.pbf"))
    return out


@pytest.fixture(scope="session")
def tiles_dir(shared_data, ifn_totals, tmp_path_factory):
    return make_tiles(shared_data, ifn_totals, tmp_path_factory.mktemp("mvt"))


@pytest.fixture
def tile_server(httpserver, tiles_dir):
    """Serves ``/api/tiles/city/z/x/y`` from the generated tiles; 404 outside."""

    def handler(request):
        assert request.args.get("variation") == "all"
        z, x, y = re.search(r"/(\d+)/(\d+)/(\d+)$", request.path).groups()
        path = tiles_dir / z / x / f"{y}.pbf"
        if not path.exists():
            return Response("no tile", status=404)
        return Response(path.read_bytes(), content_type="application/x-protobuf")

    httpserver.expect_request(re.compile(r"^/api/tiles/city/\d+/\d+/\d+$")).respond_with_handler(handler)
    return httpserver.url_for(TEMPLATE) + "?filters[]=poverty_rate&variation=all"


@pytest.fixture
def conf(tmp_path):
    return Settings(cache_dir=str(tmp_path / "cache"), timeout_s=3, retries=0)


REF_BBOX_2154 = QgsRectangle(470000, 6660000, 510000, 6690000)  # around the CC Chinon, Vienne et Loire


def test_tile_math():
    assert ifn_tiles.DEFAULT_ZOOM == 12
    assert ifn_tiles.lonlat_to_tile(0.2416, 47.1673, 10) == (512, 359)
    assert ifn_tiles.lonlat_to_tile(-180, 85.06, 0) == (0, 0)
    tiles = ifn_tiles.tiles_for_bbox(0.05, 47.0, 0.45, 47.25, 10)  # tile 359 spans 47.08-47.29°N
    assert {(x, y) for _, x, y in tiles} == {(512, 359), (512, 360), (513, 359), (513, 360)}


@pytest.mark.realdata
def test_scores_per_commune_from_tiles(tile_server, ifn_totals, conf, httpserver):
    wanted = [*REFERENCE_COMMUNES, "37999"]
    feedback = QgsFeedback()
    progress = []
    feedback.progressChanged.connect(progress.append)
    frame = ifn_tiles.read_tiles(
        wanted, REF_BBOX_2154, conf, feedback, crs="EPSG:2154", url_template=tile_server
    )
    assert list(frame.columns) == list(ifn.OUTPUT)
    assert list(frame["code"]) == wanted
    scores = dict(zip(frame["code"], frame["ifn_score"]))
    for code, total in ifn_totals.items():
        assert scores[code] == pytest.approx(total)
    assert scores["37072"] == pytest.approx(6.8)
    assert math.isnan(scores["37999"])
    assert frame[["ifn_no_thd", "ifn_poverty", "ifn_low_diploma"]].isna().all().all()
    assert frame.loc[frame["code"] == "37072", "name"].item() == "Chinon"
    prov = frame.attrs["provenance"]
    assert prov.mode == "tiles" and prov.source_id == "ifn_tiles"
    assert any("37999" in n for n in prov.notes) and any("zoom 12" in n for n in prov.notes)
    assert len(httpserver.log) >= 2 and progress[-1] == 100.0


@pytest.mark.realdata
def test_cancel_between_tiles(tile_server, conf):
    feedback = QgsFeedback()
    feedback.cancel()
    with pytest.raises(CancelledError):
        ifn_tiles.read_tiles(
            REFERENCE_COMMUNES, REF_BBOX_2154, conf, feedback, crs="EPSG:2154", url_template=tile_server
        )


def test_too_many_tiles(conf):
    with pytest.raises(TerritoryError, match="zoom 12"):
        ifn_tiles.read_tiles(["37072"], (-5, 41, 9, 51), conf, url_template="http://127.0.0.1:9/{z}/{x}/{y}")


def test_garbage_tile_is_a_format_error(httpserver, conf):
    httpserver.expect_request(re.compile(r"^/t/.*")).respond_with_data("<html>maintenance</html>")
    with pytest.raises(DataFormatError, match="not a vector tile"):
        ifn_tiles.read_tiles(
            ["37072"], (0.24, 47.16, 0.25, 47.17), conf, url_template=httpserver.url_for("/t/{z}/{x}/{y}")
        )


@pytest.mark.realdata
def test_tiles_without_codes_are_joined_by_point_in_polygon(
    shared_data, ifn_totals, tmp_path, conf, httpserver
):
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsPointXY, QgsProject

    out = make_tiles(shared_data, ifn_totals, tmp_path, with_code=False)

    def handler(request):
        z, x, y = re.search(r"/(\d+)/(\d+)/(\d+)$", request.path).groups()
        path = out / z / x / f"{y}.pbf"
        return Response(path.read_bytes()) if path.exists() else Response("no tile", status=404)

    httpserver.expect_request(re.compile(r"^/api/tiles/city/\d+/\d+/\d+$")).respond_with_handler(handler)
    layer = QgsVectorLayer(str(shared_data / "communes" / "communes-37-indre-et-loire-2018.geojson"), "c")
    mercator = QgsCoordinateReferenceSystem("EPSG:3857")
    to_3857 = QgsCoordinateTransform(layer.crs(), mercator, QgsProject.instance())
    points = {}
    for feature in layer.getFeatures():
        if feature["code"] in REFERENCE_COMMUNES:
            inside = feature.geometry().pointOnSurface().asPoint()
            point = to_3857.transform(QgsPointXY(inside))
            points[feature["code"]] = (point.x(), point.y())
    frame = ifn_tiles.read_tiles(
        list(points),
        REF_BBOX_2154,
        conf,
        crs="EPSG:2154",
        points=points,
        url_template=httpserver.url_for(TEMPLATE) + "?variation=all",
    )
    scores = dict(zip(frame["code"], frame["ifn_score"]))
    assert frame.attrs["joined"] == "point in polygon"
    for code, total in ifn_totals.items():
        assert scores[code] == pytest.approx(total), code
