"""The user's commune layer: invalid polygons repaired and named, NULL geometries reported (counts NULL,
not 0), Z dropped, point layers refused; one rule for the core, the CLI and Processing whatever its
invalid-geometry setting; every GeoPackage written passes GDAL's validate_gpkg."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from osgeo import ogr
from qgis.core import QgsVectorLayer

from medrcvl_plugin.core.base.errors import TerritoryError
from medrcvl_plugin.core.base.settings import Settings
from medrcvl_plugin.core.diagnostic import DiagnosticParams, build_diagnostic
from medrcvl_plugin.core.geometry import checks as unit_checks
from medrcvl_plugin.core.territory.selection import Territory
from tests.gpkg_validity import assert_valid_gpkg

ROOT = Path(__file__).resolve().parents[2]
GEOJSON = "communes/communes-37-indre-et-loire-2018.geojson"
CODES = ("37072", "37011", "37022", "37074")
BOWTIE = [[0.20, 47.15], [0.26, 47.19], [0.26, 47.15], [0.20, 47.19], [0.20, 47.15]]  # self-intersecting


def _z(coordinates):
    """The coordinates with a Z of 100 m added."""
    if isinstance(coordinates[0], (int, float)):
        return [coordinates[0], coordinates[1], 100.0]
    return [_z(c) for c in coordinates]


def commune_file(shared_data: Path, path: Path, kind: str) -> Path:
    """Four real communes of the CC Chinon as GeoJSON: ``invalid`` (37072 a bow tie, 37011 NULL), ``z``
    (every vertex with a Z) or ``points``."""
    data = json.loads((shared_data / GEOJSON).read_text(encoding="utf-8"))
    features = [f for f in data["features"] if f["properties"]["code"] in CODES]
    for feature in features:
        code, geometry = feature["properties"]["code"], feature["geometry"]
        if kind == "invalid" and code == "37072":
            feature["geometry"] = {"type": "Polygon", "coordinates": [BOWTIE]}
        elif kind == "invalid" and code == "37011":
            feature["geometry"] = None
        elif kind == "z":
            feature["geometry"] = {"type": geometry["type"], "coordinates": _z(geometry["coordinates"])}
        elif kind == "points":
            feature["geometry"] = {"type": "Point", "coordinates": [0.24, 47.17]}
    path.write_text(json.dumps({**data, "features": features}), encoding="utf-8")
    return path


def test_checked_units_repairs_flattens_and_reports():
    square = ogr.CreateGeometryFromWkt("MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0)))")
    bowtie = ogr.CreateGeometryFromWkt("POLYGON((0 0,10 10,10 0,0 10,0 0))")
    cube = ogr.CreateGeometryFromWkt("POLYGON Z((0 0 5,10 0 5,10 10 5,0 10 5,0 0 5))")
    units = pd.DataFrame(
        {"code_insee": ["A", "B", "C", "D"], "nom": None, "geom": [square, bowtie, cube, None]}
    )
    checked = unit_checks.checked_units(units)
    checks = checked.attrs["checks"]
    assert checks["repaired"] == [("B", "Self-intersection")]  # GEOS's reason, shown in words
    assert checks["empty"] == ["D"] and checks["flattened"] == 1
    for geometry in checked["geom"][:3]:
        assert geometry.IsValid() and geometry.GetGeometryType() == ogr.wkbMultiPolygon
    assert checked["geom"][1].GetArea() == pytest.approx(50.0)  # both triangles kept
    warnings, rows = unit_checks.report(checked)
    assert any("B (self-intersection)" in w for w in warnings) and any("D" in w for w in warnings)
    assert ("communes_geo", "B", "repaired_geometry", "Self-intersection") in rows
    wkb = unit_checks.checked_units(
        units.assign(geom=[bytes(g.ExportToIsoWkb()) if g else None for g in units["geom"]])
    )
    assert isinstance(wkb["geom"][1], bytes) and wkb.attrs["checks"] == checks


def _params(shared_data, tmp_path, layer, **kw):
    """A diagnostic of ``layer`` on the mirror."""
    return DiagnosticParams(
        Territory("layer", layer=layer, code_field="code"),
        tmp_path / "out.gpkg",
        mirror=str(shared_data),
        settings=Settings(cache_dir=str(tmp_path / "cache")),
        **kw,
    )


@pytest.mark.realdata
def test_invalid_and_null_polygons_of_a_file_layer(shared_data, tmp_path):
    import sqlite3

    layer = QgsVectorLayer(str(commune_file(shared_data, tmp_path / "c.geojson", "invalid")), "mine", "ogr")
    for run in range(2):  # the second run reads the parsed copy of the layer: same report
        result = build_diagnostic(_params(shared_data, tmp_path, layer, overwrite=True))
        assert any("37072 (self-intersection)" in w for w in result.warnings), (run, result.warnings)
        assert any("37011" in w and "no usable polygon" in w for w in result.warnings), result.warnings
    assert_valid_gpkg(result.gpkg)
    with sqlite3.connect(result.gpkg) as db:
        counts = dict(db.execute("SELECT code_insee, lieux_count FROM communes").fetchall())
        reasons = set(db.execute("SELECT code, reason FROM unmatched_codes WHERE source_id='communes_geo'"))
    assert counts["37011"] is None and counts["37072"] is not None
    assert {("37072", "repaired_geometry"), ("37011", "no_geometry")} <= reasons


@pytest.mark.realdata
def test_z_polygons_are_written_2d_and_point_layers_refused(shared_data, tmp_path):
    layer = QgsVectorLayer(str(commune_file(shared_data, tmp_path / "z.geojson", "z")), "z", "ogr")
    result = build_diagnostic(_params(shared_data, tmp_path, layer))
    assert any("Z or M values" in w for w in result.warnings), result.warnings
    assert_valid_gpkg(result.gpkg)
    points = QgsVectorLayer(str(commune_file(shared_data, tmp_path / "p.geojson", "points")), "pts", "ogr")
    with pytest.raises(TerritoryError, match="Point geometries: a commune layer must hold polygons"):
        build_diagnostic(_params(shared_data, tmp_path / "p", points))
    assert not (tmp_path / "p" / "out.gpkg").exists()


@pytest.mark.realdata
def test_processing_abort_on_invalid_setting_does_not_abort(
    shared_data, tmp_path, qgis_processing, medrcvl_provider
):
    from qgis import processing
    from qgis.core import Qgis, QgsFeatureRequest, QgsProcessingContext, QgsProcessingFeedback

    layer = QgsVectorLayer(str(commune_file(shared_data, tmp_path / "c.geojson", "invalid")), "mine", "ogr")
    context = QgsProcessingContext()
    scoped = getattr(Qgis, "InvalidGeometryCheck", None)  # QGIS >= 3.36
    context.setInvalidGeometryCheck(
        scoped.AbortOnInvalid
        if scoped is not None
        else QgsFeatureRequest.InvalidGeometryCheck.GeometryAbortOnInvalid
    )
    out = tmp_path / "alg.gpkg"
    result = processing.run(
        "medrcvl:diagnostic",
        {
            "TERRITORY_KIND": 4,
            "COMMUNE_LAYER": layer,
            "CODE_FIELD": "code",
            "MIRROR": str(shared_data),
            "PLACES": str(tmp_path / "absent.csv"),
            "FRANCE_SERVICES": str(tmp_path / "absent.csv"),
            "OUTPUT": str(out),
        },
        context=context,
        feedback=QgsProcessingFeedback(),
    )
    assert "37072 (self-intersection)" in result["WARNINGS"]
    assert_valid_gpkg(out)


def cli(*args: str, cwd: Path, lang: str = "en_US.UTF-8") -> subprocess.CompletedProcess:
    """``python -m medrcvl_plugin ARGS`` in a real process."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "LANG": lang,
        "LC_ALL": lang,
        "HOME": str(cwd),
    }
    return subprocess.run(
        [sys.executable, "-m", "medrcvl_plugin", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.realdata
@pytest.mark.parametrize("kind", ["invalid", "z", "points"])
def test_cli_commune_layers(shared_data, tmp_path, kind):
    path = commune_file(shared_data, tmp_path / f"{kind}.geojson", kind)
    run = cli(
        "diagnose",
        "--commune-layer",
        str(path),
        "--code-field",
        "code",
        "--mirror",
        str(shared_data),
        "--out",
        str(tmp_path / "out"),
        cwd=tmp_path,
        lang="fr_FR.UTF-8",
    )
    gpkg = tmp_path / "out" / "diagnostic.gpkg"
    if kind == "points":
        assert run.returncode == 1 and not gpkg.exists()
        assert "doit contenir des polygones" in run.stderr, run.stderr[-2000:]
        return
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr and "Processing" not in run.stderr
    if kind == "invalid":
        assert "37072 (auto-intersection)" in run.stderr and "réparé" in run.stderr, run.stderr[-2000:]
    assert_valid_gpkg(gpkg)
