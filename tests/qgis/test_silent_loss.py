"""Nothing lost silently: national files cut short, a commune under two EPCI, reader warnings on cached
runs, overseas distances measured in the territory's own projection."""

from __future__ import annotations

import math
import sqlite3

import numpy as np
import pandas as pd
import pytest
from osgeo import ogr
from qgis.core import QgsProcessingFeedback

from medrcvl_plugin.core.base.errors import DataFormatError
from medrcvl_plugin.core.base.settings import Settings
from medrcvl_plugin.core.diagnostic import DiagnosticParams, build_diagnostic
from medrcvl_plugin.core.geometry.units import lonlat_to_2154
from medrcvl_plugin.core.indicators import distances
from medrcvl_plugin.core.readers import epci
from medrcvl_plugin.core.territory.selection import Territory
from tests.conftest import REFERENCE_COMMUNES
from tests.qgis.test_readers_realdata import COMPOSITION_FIELDS, make_xlsx


def geodesic_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance on the WGS84 ellipsoid (QgsDistanceArea, GeographicLib), km."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransformContext,
        QgsDistanceArea,
        QgsPointXY,
    )

    area = QgsDistanceArea()
    area.setSourceCrs(QgsCoordinateReferenceSystem("EPSG:4326"), QgsCoordinateTransformContext())
    assert area.setEllipsoid("WGS84")
    return area.measureLine(QgsPointXY(lon1, lat1), QgsPointXY(lon2, lat2)) / 1000


class Recorder(QgsProcessingFeedback):
    """A feedback that keeps the warnings pushed to it."""

    def __init__(self) -> None:
        super().__init__()
        self.pushed: list[str] = []

    def pushWarning(self, text: str) -> None:
        self.pushed.append(text)


def cut_after(source, target, codes: set, keep: int, code_at) -> list[str]:
    """Copy ``source`` into ``target`` cut exactly at the end of the line of the ``keep``-th commune of
    ``codes`` (a download cut at a line end); the codes kept."""
    kept, lines = [], []
    with open(source, encoding="utf-8") as handle:
        lines.append(next(handle))
        for line in handle:
            lines.append(line)
            code = code_at(line)
            if code in codes:
                kept.append(code)
                if len(kept) == keep:
                    break
    target.write_text("".join(lines), encoding="utf-8")
    return kept


def _params(shared_data, tmp_path, territory, **locations) -> DiagnosticParams:
    return DiagnosticParams(
        territory,
        tmp_path / "out.gpkg",
        mirror=str(shared_data),
        locations=locations,
        settings=Settings(cache_dir=str(tmp_path / "cache")),
        overwrite=True,
    )


@pytest.mark.realdata
def test_national_files_cut_at_a_line_end_are_reported(shared_data, tmp_path):
    codes = set(REFERENCE_COMMUNES)
    ifn_kept = cut_after(
        shared_data / "ifn" / "ifn-city-all-variation.csv",
        tmp_path / "ifn.csv",
        codes,
        4,
        lambda line: line.split(",")[2],
    )
    pop_kept = cut_after(
        shared_data / "population" / "donnees_communes.csv",
        tmp_path / "pop.csv",
        codes,
        6,
        lambda line: line.split(";")[6],
    )
    result = build_diagnostic(
        _params(
            shared_data,
            tmp_path,
            Territory("epci", "200043081"),
            ifn_communes=str(tmp_path / "ifn.csv"),
            population=str(tmp_path / "pop.csv"),
        )
    )
    assert any("15 of the 19 communes of the territory are not in the file" in w for w in result.warnings)
    assert any("13 of the 19 communes of the territory are not in the file" in w for w in result.warnings)
    with sqlite3.connect(result.gpkg) as db:
        lost = {
            (s, c)
            for s, c in db.execute("SELECT source_id, code FROM unmatched_codes WHERE reason = 'not_covered'")
        }
        refs = db.execute(
            'SELECT communes, communes_with_score FROM "references" '
            "WHERE level = 'epci' AND code = '200043081'"
        ).fetchone()
        ranks = [r for (r,) in db.execute("SELECT rank_epci FROM communes") if r is not None]
    assert {c for s, c in lost if s == "ifn_communes"} == codes - set(ifn_kept)
    assert {c for s, c in lost if s == "population"} == codes - set(pop_kept)
    assert refs == (19, 4) and len(ranks) == 4 and max(ranks) <= 4  # ranked among the 4 left
    from qgis.core import QgsVectorLayer

    from medrcvl_plugin.core.output.atlas.pages import build_pages, table_rows

    communes = QgsVectorLayer(f"{result.gpkg}|layername=communes", "communes", "ogr")
    references = table_rows(QgsVectorLayer(f"{result.gpkg}|layername=references", "r", "ogr"))
    texts = [f["texte"] for f in build_pages(communes, None, references).getFeatures() if f["texte"]]
    ranked = [t for t in texts if "rang sur" in t]
    assert len(ranked) == 4 and all("rang sur 4 communes" in t for t in ranked), ranked


def test_commune_under_two_epci_is_an_error_naming_both_rows(tmp_path):
    fields = dict(COMPOSITION_FIELDS, insee=ogr.OFTString)
    path = make_xlsx(
        tmp_path / "e.xlsx",
        "Epcicom2025",
        fields,
        [
            (
                "37",
                200071363,
                "CC Touraine Val de Vienne",
                "37072",
                "Chinon",
                8100,
                8144,
            ),  # the extra row first
            ("37", 200043081, "CC Chinon, Vienne et Loire", "37072", "Chinon", 8100, 8144),
            ("37", 200043081, "CC Chinon, Vienne et Loire", "37011", "Avoine", 1800, 1900),
        ],
    )
    with pytest.raises(DataFormatError, match="listed under two EPCI") as info:
        epci.read_epci_composition(path)
    message = str(info.value)
    assert "37072" in message and "200071363 (line 2)" in message and "200043081 (line 3)" in message
    assert info.value.field == "insee" and info.value.line == 3 and str(path) in message


@pytest.mark.realdata
def test_reader_warnings_reach_the_feedback_on_every_run(shared_data, tmp_path):
    rows = (shared_data / "ifn" / "ifn-city-all-variation.csv").read_text(encoding="utf-8").splitlines()
    zeroed = [
        ",".join(line.split(",")[:3] + ["0"] * 6) if line.split(",")[2:3] == ["37072"] else line
        for line in rows
    ]
    (tmp_path / "ifn.csv").write_text("\n".join(zeroed) + "\n", encoding="utf-8")
    for run in ("cold", "cached"):
        feedback = Recorder()
        result = build_diagnostic(
            _params(
                shared_data,
                tmp_path,
                Territory("communes", ["37072", "37011"]),
                ifn_communes=str(tmp_path / "ifn.csv"),
            ),
            feedback,
        )
        words = [w for w in result.warnings if "scores of 0 (no data) read as missing" in w and "37072" in w]
        assert words, (run, result.warnings)
        assert words[0] in feedback.pushed, run
    assert any((tmp_path / "cache" / "parsed").glob("*.npz"))  # the second run read parsed copies


DROM = {
    "971": (16.241, -61.533),
    "972": (14.616, -61.059),
    "973": (4.938, -52.326),
    "974": (-20.882, 55.451),
    "976": (-12.781, 45.228),
}


@pytest.mark.parametrize("dep", sorted(DROM))
def test_overseas_distances_match_the_ellipsoid(dep, qgis_app):
    lat, lon = DROM[dep]
    places = pd.DataFrame(
        {
            "latitude": [lat + 0.03, lat - 0.05],
            "longitude": [lon + 0.02, lon + 0.06],
            "cat_france_services": [False, True],
        }
    )
    places["x"], places["y"] = lonlat_to_2154(places["longitude"], places["latitude"])
    ox, oy = lonlat_to_2154(pd.Series([lon]), pd.Series([lat]))
    origins = pd.DataFrame({"x": ox, "y": oy})
    got = distances.place_distances(origins, places, [f"{dep}01"])
    expected = [geodesic_km(lat, lon, a, b) for a, b in zip(places["latitude"], places["longitude"])]
    assert got["dist_lieu_km"].iloc[0] == pytest.approx(min(expected), rel=0.002)
    assert got["dist_france_services_km"].iloc[0] == pytest.approx(expected[1], rel=0.002)
    assert distances.crs_of(f"{dep}01") != distances.LAMBERT93 and distances.crs_of("37072") == 2154


@pytest.mark.realdata
@pytest.mark.parametrize("dep", ["974", "976"])
def test_overseas_diagnostic_distances_and_warnings(shared_data, tmp_path, dep):
    from qgis.core import QgsVectorLayer

    result = build_diagnostic(_params(shared_data, tmp_path, Territory("departement", dep)))
    layer = QgsVectorLayer(f"{result.gpkg}|layername=communes", "c", "ogr")
    places = QgsVectorLayer(f"{result.gpkg}|layername=lieux", "l", "ogr")
    all_places = [(f["latitude"], f["longitude"]) for f in places.getFeatures()]
    assert all_places
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject

    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    back = QgsCoordinateTransform(layer.crs(), wgs84, QgsProject.instance())
    checked = 0
    for feature in layer.getFeatures():
        point = back.transform(feature.geometry().pointOnSurface().asPoint())
        nearest = min(geodesic_km(point.y(), point.x(), a, b) for a, b in all_places)
        assert feature["dist_lieu_km"] == pytest.approx(nearest, rel=0.003, abs=0.01), feature["code_insee"]
        checked += 1
    assert checked >= 5
    if dep == "976":
        assert any("Populations" in w and "17 of the 17 communes" in w for w in result.warnings)
        # the ARCEP sample of the mirror holds Mamoudzou only: the 16 other communes are listed
        assert any("Ma connexion internet" in w and "16 of the 17 communes" in w for w in result.warnings)


def test_distances_in_metropole_are_unchanged():
    places = pd.DataFrame({"latitude": [47.17], "longitude": [0.24], "cat_france_services": [True]})
    places["x"], places["y"] = lonlat_to_2154(places["longitude"], places["latitude"])
    origins = pd.DataFrame({"x": [places["x"][0] + 3000.0], "y": [places["y"][0] + 4000.0]})
    got = distances.place_distances(origins, places, ["37072"])
    assert got["dist_lieu_km"].iloc[0] == pytest.approx(5.0) and not math.isnan(np.float64(got.iloc[0, 1]))
