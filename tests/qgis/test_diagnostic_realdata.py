"""Proof on the real data: the reference EPCI 200043081 (Chinon, Vienne et Loire) from the mirror."""

from __future__ import annotations

import csv
import json
import math

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsVectorLayer,
)

from medrcvl_plugin.core.base.errors import OutputExistsError
from medrcvl_plugin.core.base.settings import Settings
from medrcvl_plugin.core.diagnostic import DiagnosticParams, build_diagnostic
from medrcvl_plugin.core.territory.selection import Territory
from tests.conftest import REFERENCE_COMMUNES, REFERENCE_EPCI

pytestmark = pytest.mark.realdata


def _null(value) -> bool:
    return value is None or (hasattr(value, "isNull") and value.isNull())


@pytest.fixture(scope="session")
def diag(shared_data, tmp_path_factory):
    out = tmp_path_factory.mktemp("diag") / "diagnostic.gpkg"
    settings = Settings(cache_dir=str(out.parent / "cache"))
    result = build_diagnostic(
        DiagnosticParams(Territory("epci", REFERENCE_EPCI), out, mirror=str(shared_data), settings=settings)
    )
    return result, _Layers(out), settings


class _Layers:
    """Opens the GeoPackage's layers on demand (no QGIS object outlives a test)."""

    def __init__(self, path) -> None:
        self.path = path

    def __getitem__(self, name: str) -> QgsVectorLayer:
        return QgsVectorLayer(f"{self.path}|layername={name}", name, "ogr")


def _rows(layer):
    return {f["code_insee"]: f for f in layer.getFeatures()}


def test_19_communes_with_ifn_and_population(diag, shared_data):
    result, layers, _ = diag
    communes = _rows(layers["communes"])
    assert result.communes == 19 and sorted(communes) == sorted(REFERENCE_COMMUNES)
    with open(shared_data / "ifn" / "ifn-city-all-variation.csv", encoding="utf-8") as fh:
        ifn = {row["code"]: row for row in csv.DictReader(fh)}
    with open(shared_data / "population" / "donnees_communes.csv", encoding="utf-8") as fh:
        pmun = {row["COM"]: int(row["PMUN"]) for row in csv.DictReader(fh, delimiter=";")}
    for code, feature in communes.items():
        assert feature["ifn_score"] == pytest.approx(float(ifn[code]["total"])), code
        assert feature["ifn_poverty"] == pytest.approx(float(ifn[code]["poverty_rate"])), code
        assert feature["population"] == pmun[code], code
        assert feature["code_epci"] == REFERENCE_EPCI and feature["code_dep"] == "37"
        assert feature["ifn_method"] == "direct"
    assert communes["37072"]["ifn_score"] == pytest.approx(6.8)  # Chinon, as the README says
    assert layers["communes"].crs().authid() == "EPSG:2154"


def test_arcep_missing_is_null_with_warning(diag):
    result, layers, _ = diag
    assert all(_null(f["ftth_share"]) for f in layers["communes"].getFeatures())
    assert any("ARCEP" in w for w in result.warnings)


def test_places_of_the_standard_file_in_the_right_communes(diag, shared_data):
    result, layers, _ = diag
    with open(shared_data / "communes" / "communes-37-indre-et-loire-2018.geojson", encoding="utf-8") as fh:
        polygons = {
            f["properties"]["code"]: QgsGeometry.fromWkt(_wkt(f["geometry"]))
            for f in json.load(fh)["features"]
            if f["properties"]["code"] in REFERENCE_COMMUNES
        }
    expected = {}
    with open(
        shared_data / "lieux" / "lieux-centre-val-de-loire-hub-lo-2020.standard.csv", encoding="utf-8"
    ) as fh:
        for row in csv.DictReader(fh):
            lat, lon = float(row["latitude"] or 0), float(row["longitude"] or 0)
            if lat == 0 and lon == 0:
                continue
            point = QgsGeometry.fromPointXY(QgsPointXY(lon, lat))
            inside = [code for code, polygon in polygons.items() if polygon.contains(point)]
            if inside:
                expected[row["id"]] = inside[0]
    assert len(expected) == 8  # the count for the reference EPCI
    placed = {}
    for feature in layers["lieux"].getFeatures():
        for place_id in str(feature["lieu_id"]).split("|"):
            placed[place_id] = feature["code_insee"]
    for place_id, code in expected.items():
        assert placed.get(place_id) == code, place_id
    counts = {c: f["lieux_count"] for c, f in _rows(layers["communes"]).items()}
    assert sum(counts.values()) == result.lieux >= 8
    assert counts[expected[next(iter(expected))]] >= 1


def _wkt(geometry: dict) -> str:
    from osgeo import ogr

    return ogr.CreateGeometryFromJson(json.dumps(geometry)).ExportToWkt()


def _haversine_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def test_distances_match_an_independent_haversine(diag, shared_data):
    _, layers, _ = diag
    from medrcvl_plugin.core.readers import lieux, lieux_merge

    folder = shared_data / "lieux"
    standard = lieux.read_standard(folder / "lieux-centre-val-de-loire-hub-lo-2020.standard.csv")
    merged = lieux_merge.merge_places(
        [standard, lieux.read_france_services(folder / "liste-fs-20240801.csv")]
    )
    merged = merged[merged["latitude"].notna()]
    places = list(zip(merged["latitude"], merged["longitude"]))
    services = [
        (la, lo)
        for la, lo, fs in zip(merged["latitude"], merged["longitude"], merged["cat_france_services"])
        if fs
    ]
    assert len(places) > 2500 and len(services) > 2000
    to_wgs84 = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:2154"),
        QgsCoordinateReferenceSystem("EPSG:4326"),
        QgsProject.instance(),
    )
    for code, feature in _rows(layers["communes"]).items():
        point = to_wgs84.transform(feature.geometry().pointOnSurface().asPoint())
        nearest = min(_haversine_km(point.y(), point.x(), lat, lon) for lat, lon in places)
        nearest_fs = min(_haversine_km(point.y(), point.x(), lat, lon) for lat, lon in services)
        # Lambert-93 (EPSG:2154) scale error in Touraine is well under 0.1 %
        assert feature["dist_lieu_km"] == pytest.approx(nearest, rel=2e-3, abs=0.02), code
        assert feature["dist_france_services_km"] == pytest.approx(nearest_fs, rel=2e-3, abs=0.02), code
        fragile, far = feature["ifn_score"] >= 6.5, feature["dist_lieu_km"] > 5.0
        assert feature["flag_priority"] == int(fragile and far), code


def test_references_ranks_and_provenance(diag, shared_data):
    _, layers, _ = diag
    with open(shared_data / "ifn" / "ifn-epci-all-variation.csv", encoding="utf-8") as fh:
        official = {row["code"]: float(row["total"]) for row in csv.DictReader(fh)}
    refs = {(f["level"], f["code"]): f for f in layers["references"].getFeatures()}
    assert refs[("epci", REFERENCE_EPCI)]["ifn_score"] == pytest.approx(official[REFERENCE_EPCI])
    assert 1 < refs[("france", "FR")]["ifn_score"] < 10 and refs[("france", "FR")]["population"] > 6e7
    communes = _rows(layers["communes"])
    most_fragile = max(communes.values(), key=lambda f: f["ifn_score"])
    assert most_fragile["rank_epci"] == 1
    for feature in communes.values():
        assert feature["gap_epci_ifn"] == pytest.approx(feature["ifn_score"] - official[REFERENCE_EPCI])
        assert feature["ref_dep_ifn"] == pytest.approx(refs[("departement", "37")]["ifn_score"])
    ids = {f["source_id"] for f in layers["provenance"].getFeatures()}
    assert {"ifn_communes", "population", "cog_communes", "epci_composition", "lieux_standard"} <= ids
    metadata = layers["communes"].metadata()
    assert "Chinon" in metadata.title() or REFERENCE_EPCI in metadata.title()
    assert any("IFN 2023" in right for right in metadata.rights())


def test_existing_output_is_refused(diag, shared_data):
    result, _, settings = diag
    before = result.gpkg.stat().st_mtime_ns
    with pytest.raises(OutputExistsError):
        build_diagnostic(
            DiagnosticParams(
                Territory("epci", REFERENCE_EPCI), result.gpkg, mirror=str(shared_data), settings=settings
            )
        )
    assert result.gpkg.stat().st_mtime_ns == before
