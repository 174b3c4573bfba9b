"""The itinerant-service planner on real diagnostics: the result equals a brute-force optimum computed
here; greedy against the exact optimum on département 37; outputs, errors, roads, Processing, CLI."""

from __future__ import annotations

import csv
import itertools
import math
import time

import numpy as np
import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

from medrcvl_plugin.core.base.errors import DataFormatError, OutputExistsError
from medrcvl_plugin.core.base.settings import Settings
from medrcvl_plugin.core.diagnostic import DiagnosticParams, build_diagnostic
from medrcvl_plugin.core.territory.selection import Territory
from medrcvl_plugin.core.tour import solver as tour
from medrcvl_plugin.core.tour.plan import TourParams, plan
from medrcvl_plugin.core.tour.run import run_tour
from tests.conftest import REFERENCE_EPCI

pytestmark = pytest.mark.realdata


def _diagnostic(shared_data, folder, territory):
    out = folder / "diagnostic.gpkg"
    build_diagnostic(
        DiagnosticParams(
            territory, out, mirror=str(shared_data), settings=Settings(cache_dir=str(folder / "cache"))
        )
    )
    return out


@pytest.fixture(scope="module")
def reference(shared_data, tmp_path_factory):
    return _diagnostic(shared_data, tmp_path_factory.mktemp("tour"), Territory("epci", REFERENCE_EPCI))


@pytest.fixture(scope="module")
def dep37(shared_data, tmp_path_factory):
    return _diagnostic(shared_data, tmp_path_factory.mktemp("tour37"), Territory("departement", "37"))


def _points(gpkg):
    """code -> (x, y, weight or None) read here from the diagnostic (demand beyond 5 km)."""
    layer = QgsVectorLayer(f"{gpkg}|layername=communes", "c", "ogr")
    result = {}
    for f in layer.getFeatures():
        p = f.geometry().pointOnSurface().asPoint()
        far = f["dist_lieu_km"] is None or f["dist_lieu_km"] > 5.0
        known = f["population"] is not None and f["ifn_score"] is not None
        result[f["code_insee"]] = (
            p.x(),
            p.y(),
            f["population"] * f["ifn_score"] / 10 if far and known else 0.0,
        )
    return result


def _brute_force(points, k, radius_km):
    codes = sorted(points)
    best = -1.0
    for combo in itertools.combinations(codes, k):
        total = sum(
            w
            for x, y, w in points.values()
            if any(math.dist((x, y), points[s][:2]) <= radius_km * 1000 for s in combo)
        )
        best = max(best, total)
    return best


@pytest.mark.parametrize("k, radius", [(1, 10.0), (2, 6.0), (3, 5.0), (4, 4.0)])
def test_reference_tour_equals_brute_force(reference, tmp_path, k, radius):
    result = plan(TourParams(reference, tmp_path, k, radius_km=radius))
    assert result.solution.method == "exact"
    assert result.solution.combinations == math.comb(19, k)
    assert result.solution.value == pytest.approx(_brute_force(_points(reference), k, radius))
    assert result.stops["poids_couvert"].sum() == pytest.approx(result.solution.value, abs=0.01)


def test_outputs_layers_csv_and_page(reference, tmp_path):
    result = run_tour(TourParams(reference, tmp_path, 2, radius_km=6.0))
    assert sorted(p.name for p in result.files) == ["tournee.csv", "tournee.gpkg", "tournee.pdf"]
    stops = QgsVectorLayer(f"{tmp_path / 'tournee.gpkg'}|layername=arrets", "a", "ogr")
    communes = QgsVectorLayer(f"{tmp_path / 'tournee.gpkg'}|layername=communes", "c", "ogr")
    assert stops.crs().authid() == "EPSG:2154" and stops.featureCount() == 2
    assert [f.name() for f in stops.fields()][1:] == [
        "rang",
        "code_insee",
        "nom",
        "poids_couvert",
        "communes_desservies",
    ]
    rows = {f["code_insee"]: f for f in communes.getFeatures()}
    assert len(rows) == 19
    stop_codes = {f["code_insee"] for f in stops.getFeatures()}
    for f in rows.values():
        if f["dist_arret_km"] > 6.0:
            assert f["arret_code"] is None or (
                hasattr(f["arret_code"], "isNull") and f["arret_code"].isNull()
            )
        else:
            assert f["arret_code"] in stop_codes
    served = {c for f in stops.getFeatures() for c in f["communes_desservies"].split("|") if c}
    assert all(rows[c]["demande"] for c in served)
    with open(tmp_path / "tournee.csv", encoding="utf-8-sig") as fh:
        table = list(csv.reader(fh, delimiter=";"))
    assert table[0][:3] == ["Rang", "Code INSEE", "Nom"] and len(table) == 3
    assert (tmp_path / "tournee.pdf").read_bytes()[:4] == b"%PDF"
    assert "ANCT – Aidants Connect (2024)" in result.attributions  # the diagnostic's own sources
    assert "INSEE – COG 2026" in stops.metadata().rights()
    with pytest.raises(OutputExistsError):
        run_tour(TourParams(reference, tmp_path, 2))


def test_bad_parameters_are_clear_errors(reference, tmp_path):
    for k in (0, -2):
        with pytest.raises(DataFormatError, match="at least 1") as error:
            plan(TourParams(reference, tmp_path, k))
        assert error.value.field == "stops"
    with pytest.raises(DataFormatError, match="only 19 candidate"):
        plan(TourParams(reference, tmp_path, 20))
    with pytest.raises(DataFormatError, match="radius_km"):
        plan(TourParams(reference, tmp_path, 2, radius_km=-1.0))
    from osgeo import gdal

    poor = tmp_path / "poor.gpkg"
    gdal.VectorTranslate(
        str(poor),
        str(reference),
        layers=["communes"],
        SQLStatement="SELECT geom, code_insee, nom, population FROM communes",
        layerName="communes",
    )
    with pytest.raises(DataFormatError, match="ifn_score, dist_lieu_km") as error:
        plan(TourParams(poor, tmp_path, 2))
    assert error.value.field == "ifn_score"


def test_greedy_against_exact_on_departement_37(dep37, tmp_path):
    result = plan(TourParams(dep37, tmp_path, 10))
    assert len(result.communes) == 272
    assert result.solution.method == "greedy" and result.solution.combinations > tour.COMBINATION_LIMIT
    assert result.solution.value <= result.solution.upper_bound
    points = _points(dep37)
    codes = list(result.communes["code_insee"])
    xy = np.array([points[c][:2] for c in codes])
    weights = np.array([points[c][2] for c in codes])
    cover = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)) <= 10_000
    pair = (cover.astype(float) * weights) @ cover.T.astype(float)  # weight served by both i and j
    single = cover.astype(float) @ weights
    brute_2 = float((single[:, None] + single[None, :] - pair).max())  # brute force over all pairs
    for k in (2, 3):
        exact = tour.solve(cover, weights, k, method="exact")
        greedy = tour.solve(cover, weights, k, limit=0)
        assert greedy.method == "greedy" and exact.method == "exact"
        assert (1 - 1 / math.e) * exact.value <= greedy.value <= exact.value + 1e-6
        assert greedy.upper_bound >= exact.value - 1e-6
        if k == 2:
            assert exact.value == pytest.approx(brute_2)


def test_timing_272_communes_k10(dep37, tmp_path, capsys):
    start = time.perf_counter()
    result = run_tour(TourParams(dep37, tmp_path, 10))
    elapsed = time.perf_counter() - start
    with capsys.disabled():
        print(
            f"\ntour 272 communes K=10: {elapsed:.2f} s ({result.solution.method}, "
            f"value {result.solution.value:.0f} ≤ bound {result.solution.upper_bound:.0f})"
        )
    assert len(result.stops) == 10


def test_road_distances_follow_the_network(reference, tmp_path):
    from medrcvl_plugin.core.tour.plan import read_communes
    from medrcvl_plugin.core.tour.roads import road_km

    communes = read_communes(reference).set_index("code_insee")
    a, b, c = (communes.loc[code, ["x", "y"]].tolist() for code in ("37011", "37072", "37022"))
    roads = QgsVectorLayer("LineString?crs=EPSG:2154", "roads", "memory")
    feature = QgsFeature()  # Avoine -> Beaumont-en-Véron -> Chinon (a detour), Lerné not connected
    feature.setGeometry(QgsGeometry.fromPolylineXY([QgsPointXY(*a), QgsPointXY(*c), QgsPointXY(*b)]))
    roads.dataProvider().addFeatures([feature])
    frame = communes.loc[["37011", "37072", "37126"]].reset_index()
    distances = road_km(roads, frame.iloc[:1], frame)
    detour = (math.dist(a, c) + math.dist(c, b)) / 1000
    assert distances[0, 0] == pytest.approx(0.0, abs=1e-6)
    assert distances[0, 1] == pytest.approx(detour, rel=1e-3) and distances[0, 1] > math.dist(a, b) / 1000
    assert distances[0, 2] > math.dist(a, communes.loc["37126", ["x", "y"]].tolist()) / 1000  # via the road
    result = plan(TourParams(reference, tmp_path, 1, roads=roads))
    assert result.distance == "road"


def test_processing_and_cli(reference, tmp_path, qgis_processing, medrcvl_provider, shared_data):
    import processing

    out = processing.run(
        "medrcvl:tour",
        {
            "INPUT": str(reference),
            "STOPS": 2,
            "RADIUS_KM": 6.0,
            "BEYOND_KM": 5.0,
            "ATLAS": False,
            "OUTPUT_FOLDER": str(tmp_path / "p"),
        },
    )
    assert out["COMBINATIONS"] == math.comb(19, 2) and out["UPPER_BOUND"] == pytest.approx(out["VALUE"])
    assert out["METHOD"] == "exact" and out["VALUE"] == pytest.approx(
        _brute_force(_points(reference), 2, 6.0)
    )
    from medrcvl_plugin.cli import app

    code = app.main(
        [
            "tour",
            "--diagnostic",
            str(reference),
            "--stops",
            "2",
            "--no-atlas",
            "--candidates",
            str(shared_data / "stops" / "mairies-37.csv"),
            "--out",
            str(tmp_path / "c"),
        ]
    )
    assert code == 0 and (tmp_path / "c" / "tournee.gpkg").exists()
    assert (
        app.main(["tour", "--diagnostic", str(reference), "--stops", "0", "--out", str(tmp_path / "d")]) == 1
    )
