"""Parsed copies: a warm diagnostic gives the same GeoPackage as a cold one; places URL slugs."""

from __future__ import annotations

import sqlite3

import pytest
from qgis.core import QgsVectorLayer

from medrcvl_plugin.core import diagnostic as diag
from medrcvl_plugin.core.base.settings import Settings
from medrcvl_plugin.core.sources import cache
from medrcvl_plugin.core.territory.selection import Territory

pytestmark = pytest.mark.realdata
LAYER = "communes/communes-37-indre-et-loire-2018.geojson"
TABLES = ("communes", "lieux", "references", "unmatched_codes", "lieux_unplaced")


def _rows(path):
    with sqlite3.connect(str(path)) as db:
        found = {t: db.execute(f'SELECT * FROM "{t}" ORDER BY fid').fetchall() for t in TABLES}
        found["provenance"] = db.execute(
            "SELECT source_id, location, mode, fields FROM provenance " "ORDER BY fid"
        ).fetchall()
    return found


def test_cold_and_warm_runs_are_identical(shared_data, tmp_path, monkeypatch):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    for part in ("cog", "population", "ifn", "lieux"):
        (mirror / part).symlink_to(shared_data / part)
    calls = []
    real_obtain = diag.obtain

    def recording_obtain(source_id, **kw):
        calls.append((source_id, kw.get("params")))
        return real_obtain(source_id, **kw)

    monkeypatch.setattr(diag, "obtain", recording_obtain)
    layer = QgsVectorLayer(str(shared_data / LAYER), "communes 2018", "ogr")
    from test_diagnostic import without

    without(mirror, ("ifn_epci",))  # epci/ and arcep/ are not in this mirror at all
    folder = tmp_path / "cache"
    results = {}
    for name in ("cold", "warm"):  # cold: every file parsed (as without cache); warm: parsed copies
        params = diag.DiagnosticParams(
            Territory("layer", layer=layer, code_field="code"),
            tmp_path / f"{name}.gpkg",
            mirror=str(mirror),
            settings=Settings(cache_dir=str(folder)),
        )
        results[name] = diag.build_diagnostic(params)
        copies = sorted((folder / cache.PARSED_FOLDER).glob("*.npz"))
        assert len(copies) == 7  # COG x2, populations, IFN, places x2, the layer's polygons
        if name == "cold":
            stamps = [p.stat().st_mtime_ns for p in copies]
    assert [p.stat().st_mtime_ns for p in copies] == stamps  # the warm run re-parsed nothing
    cold = _rows(results["cold"].gpkg)
    assert len(cold["communes"]) == results["cold"].communes > 250 and len(cold["lieux"]) > 10
    assert _rows(results["warm"].gpkg) == cold
    assert results["warm"].warnings == results["cold"].warnings
    places = {p["departements"] for sid, p in calls if sid == "lieux_standard"}
    assert places == {"36,37,41,49,72,86"}  # the département of the layer and its neighbours


def test_layer_polygons_parsed_copy_follows_the_companion_files(shared_data, tmp_path, monkeypatch):
    """The reprojected polygons of a layer are kept like a parsed file; a change of the .dbf of a
    shapefile (where the codes are) is seen even when the .shp is untouched."""
    import os

    from osgeo import gdal, ogr

    from medrcvl_plugin.core.geometry import units as geometries
    from medrcvl_plugin.core.readers import layer_units

    shp = tmp_path / "communes.shp"
    gdal.VectorTranslate(str(shp), str(shared_data / LAYER), format="ESRI Shapefile")
    reads = []
    real = geometries.units_from_ogr

    def counting(*args, **kwargs):
        reads.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(geometries, "units_from_ogr", counting)
    folder = tmp_path / "cache"
    first = layer_units.read_layer_units(str(shp), "code", folder)
    again = layer_units.read_layer_units(str(shp), "code", folder)
    assert len(reads) == 1 and again["code_insee"].tolist() == first["code_insee"].tolist()
    assert again["geom"].tolist() == first["geom"].tolist()  # the WKB comes back with the copy
    assert again[["sx", "sy"]].equals(first[["sx", "sy"]])
    before = os.stat(shp).st_mtime_ns
    ds = ogr.Open(str(shp), 1)
    layer = ds.GetLayer(0)
    feature = layer.GetNextFeature()
    old_code = feature.GetField("code")
    feature.SetField("code", "99999")
    layer.SetFeature(feature)
    ds = None
    os.utime(shp, ns=(before, before))  # the .shp looks untouched: only the .dbf changed
    changed = layer_units.read_layer_units(str(shp), "code", folder)
    assert len(reads) == 2 and changed["code_insee"].iloc[0] == "99999" != old_code
