"""The product path at région scale: ``medrcvl:diagnostic`` on Centre-Val de Loire (région 24, about
1,750 communes) from the mirror, its results checked against values recomputed here from the files
and the written layers (not from the implementation)."""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest
from qgis.core import QgsVectorLayer

from medrcvl_plugin.processing.algorithms.diagnostic import TERRITORY_KINDS

pytestmark = pytest.mark.realdata


def _frame(gpkg, layer):
    source = QgsVectorLayer(f"{gpkg}|layername={layer}", layer, "ogr")
    names = source.fields().names()
    rows = [
        dict(zip(names, [None if v is None or str(v) == "NULL" else v for v in f.attributes()]))
        for f in source.getFeatures()
    ]
    return pd.DataFrame(rows, columns=names), source


@pytest.fixture(scope="module")
def region(shared_data, tmp_path_factory, qgis_processing):
    import processing
    from processing.core.Processing import Processing
    from qgis.core import QgsApplication

    from medrcvl_plugin.processing.provider import MedrcvlProvider

    Processing.initialize()
    registry = QgsApplication.processingRegistry()
    provider = None
    if registry.providerById("medrcvl") is None:
        provider = MedrcvlProvider()
        registry.addProvider(provider)
    out = tmp_path_factory.mktemp("region") / "diagnostic.gpkg"
    try:
        parameters = {
            "TERRITORY_KIND": TERRITORY_KINDS.index("region"),
            "TERRITORY": "24",
            "MIRROR": str(shared_data),
            "OUTPUT": str(out),
        }
        processing.run("medrcvl:diagnostic", parameters)
    finally:
        if provider is not None:
            registry.removeProvider(provider)
    return out


def test_region_communes_and_populations_match_the_insee_files(region, shared_data):
    communes, _ = _frame(region, "communes")
    with open(shared_data / "cog" / "communes.csv", encoding="utf-8") as handle:
        cog = {r["COM"] for r in csv.DictReader(handle) if r["TYPECOM"] == "COM" and r["REG"] == "24"}
    assert set(communes["code_insee"]) == cog and len(cog) > 1700
    with open(shared_data / "population" / "donnees_communes.csv", encoding="utf-8") as handle:
        pmun = {r["COM"]: int(r["PMUN"]) for r in csv.DictReader(handle, delimiter=";")}
    got = communes.set_index("code_insee")["population"]
    assert all(got[c] == pmun[c] for c in cog if c in pmun)


def test_region_scores_references_and_ranks_recomputed(region, shared_data):
    communes, _ = _frame(region, "communes")
    with open(shared_data / "ifn" / "ifn-city-all-variation.csv", encoding="utf-8") as handle:
        totals = {r["code"]: float(r["total"]) for r in csv.DictReader(handle) if r["total"]}
    direct = communes[communes["ifn_method"] == "direct"]
    assert len(direct) > 1500
    for code, score in zip(direct["code_insee"], direct["ifn_score"]):
        assert score == pytest.approx(totals[code], abs=1e-9)
    scored = communes.dropna(subset=["ifn_score", "population"])
    weights = scored["population"].astype(float)
    expected = float((weights * scored["ifn_score"]).sum() / weights.sum())
    assert communes["ref_reg_ifn"].dropna().unique() == pytest.approx([expected], abs=1e-9)
    for dep, part in scored.groupby("code_dep"):
        w = part["population"].astype(float)
        ref = part["ref_dep_ifn"].dropna().unique()
        assert ref == pytest.approx([float((w * part["ifn_score"]).sum() / w.sum())], abs=1e-9), dep
        ranks = part["ifn_score"].rank(method="min", ascending=False)
        assert (part["rank_dep"].astype(float).to_numpy() == ranks.to_numpy()).all(), dep
    gaps = communes.dropna(subset=["gap_reg_ifn"])
    assert np.allclose(gaps["gap_reg_ifn"], gaps["ifn_score"] - gaps["ref_reg_ifn"])


def test_region_place_counts_and_distances_agree_with_the_layers(region):
    communes, polygons = _frame(region, "communes")
    places, points = _frame(region, "lieux")
    assert len(places) > 50
    located = {}
    geometries = {f["code_insee"]: f.geometry() for f in polygons.getFeatures()}
    xy = [(f.geometry().asPoint().x(), f.geometry().asPoint().y()) for f in points.getFeatures()]
    for feature in points.getFeatures():
        point = feature.geometry()
        inside = [
            code
            for code, polygon in geometries.items()
            if polygon.boundingBox().contains(point.boundingBox()) and polygon.contains(point)
        ]
        located[feature.id()] = inside[0] if inside else None
    counts = pd.Series(list(located.values())).value_counts()
    for code, count in zip(communes["code_insee"], communes["lieux_count"]):
        assert count == counts.get(code, 0), code
    array = np.array(xy)
    for feature in list(polygons.getFeatures())[::25]:  # every 25th commune
        inside = feature.geometry().pointOnSurface().asPoint()
        nearest = np.hypot(array[:, 0] - inside.x(), array[:, 1] - inside.y()).min() / 1000
        # the places of neighbouring régions count too: the written distance is never longer
        assert feature["dist_lieu_km"] <= nearest + 1e-6, feature["code_insee"]
