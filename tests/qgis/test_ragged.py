"""Bulk WKB parsing/writing and Lambert-93 projection with numpy (``ragged``), and the Arrow fast path
of ``units_from_ogr`` (``arrow_units``) checked against GDAL/OGR/PROJ on real communes."""

from __future__ import annotations

import numpy as np
import pytest
from osgeo import gdal, ogr, osr

from medrcvl_plugin.core.geometry import arrow_units
from medrcvl_plugin.core.geometry import ragged as rg
from medrcvl_plugin.core.geometry import units as geo

LAYER = "communes/communes-37-indre-et-loire-2018.geojson"
CORSICA = "communes/france/communes-2A-corse-du-sud.geojson"
SQUARE = "((0 0,10 0,10 10,0 10,0 0),(2 2,3 2,3 3,2 2))"
WKTS = ["POLYGON ((1 1,2 1,2 2,1 1))", f"MULTIPOLYGON ({SQUARE},((20 20,21 20,21 21.5,20 20)))",
        None, "MULTIPOLYGON EMPTY", "POLYGON ((-1.5 43.25,8.5 49.75,3 46.5,-1.5 43.25))"]


def _wkb(wkt: str | None, order=ogr.wkbNDR) -> bytes | None:
    return None if wkt is None else bytes(ogr.CreateGeometryFromWkt(wkt).ExportToIsoWkb(order))


def _expected(wkt: str | None) -> bytes | None:
    """What GDAL writes for a geometry forced to MultiPolygon (None for no polygon)."""
    if wkt is None:
        return None
    multi = ogr.ForceToMultiPolygon(ogr.CreateGeometryFromWkt(wkt))
    return bytes(multi.ExportToIsoWkb()) if multi.GetGeometryCount() else None


def _transform(epsg_from: int = 4326):
    source, target = osr.SpatialReference(), osr.SpatialReference()
    source.ImportFromEPSG(epsg_from)
    target.ImportFromEPSG(2154)
    for srs in (source, target):
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return osr.CoordinateTransformation(source, target)


@pytest.mark.parametrize("order", [ogr.wkbNDR, ogr.wkbXDR])
def test_wkb_round_trip_equals_ogr(order):
    wkbs = [_wkb(w, order) for w in WKTS]
    r = rg.from_wkb(wkbs)
    assert len(r) == len(WKTS)
    assert np.diff(r.geom_offsets).tolist() == [1, 2, 0, 0, 1]
    assert np.diff(r.poly_offsets).tolist() == [1, 2, 1, 1]  # the square has a hole
    assert r.x[:4].tolist() == [1, 2, 2, 1] and r.y[4:9].tolist() == [0, 0, 10, 10, 0]
    assert rg.to_wkb(r) == [_expected(w) for w in WKTS]


def test_bulk_walk_and_python_walk_agree():
    # many small geometries are walked with numpy, the last long one (60 polygons) alone in Python
    many = [f"POLYGON (({i} 0,{i + 1} 0,{i + 1} 1,{i} 0))" for i in range(20)]
    big = "MULTIPOLYGON (" + ",".join(f"(({i} 5,{i + 0.5} 5,{i} 6,{i} 5))" for i in range(60)) + ")"
    for wkts in ([*many, big, *many[:3]], [big, many[0]]):
        wkbs = [_wkb(w, ogr.wkbXDR if i % 3 == 0 else ogr.wkbNDR) for i, w in enumerate(wkts)]
        r = rg.from_wkb(wkbs)
        assert rg.to_wkb(r) == [_expected(w) for w in wkts]
        points = [p for w in wkts for poly in ogr.ForceToMultiPolygon(ogr.CreateGeometryFromWkt(w))
                  for ring in poly for p in ring.GetPoints()]
        assert list(zip(r.x.tolist(), r.y.tolist())) == points


def test_rewrite_in_place_equals_to_wkb():
    multis = [_wkb(f"MULTIPOLYGON ({SQUARE})"), None, _wkb(WKTS[1]), _wkb("MULTIPOLYGON EMPTY")]
    data = b"".join(w for w in multis if w is not None)
    sizes = np.array([0 if w is None else len(w) for w in multis])
    ends = np.cumsum(sizes)
    r, at = rg.read_wkb(data, ends - sizes, ends)
    assert at is not None and len(at) == len(r.x)
    moved = rg.with_coordinates(r, r.x * 3 + 0.25, r.y - 7)
    rewritten = rg.rewrite_wkb(data, ends - sizes, ends, at, moved)
    assert rewritten[:3] == rg.to_wkb(moved)[:3] and rewritten[3] == multis[3]  # EMPTY kept as read
    assert rg.from_wkb(rewritten[:3]).x.tolist() == moved.x.tolist()
    for other in ([_wkb(WKTS[0])], [_wkb(WKTS[1], ogr.wkbXDR)]):  # a Polygon, big-endian: no rewrite
        assert rg.read_wkb(other[0], [0], [len(other[0])])[1] is None


@pytest.mark.parametrize("bad", [
    _wkb("POLYGON Z ((0 0 1,1 0 1,1 1 1,0 0 1))"), _wkb("LINESTRING (0 0,1 1)"),
    _wkb("CURVEPOLYGON (CIRCULARSTRING (0 0,1 1,2 0,1 -1,0 0))"),
    _wkb("GEOMETRYCOLLECTION (POLYGON ((0 0,1 0,1 1,0 0)))"),
    _wkb("POLYGON ((0 0,1 0,1 1,0 0))")[:-4], _wkb("POLYGON ((0 0,1 0,1 1,0 0))") + b"\x00",
    b"\x07" + _wkb("POLYGON ((0 0,1 0,1 1,0 0))")[1:]])
def test_other_geometries_and_broken_wkb_are_refused(bad):
    with pytest.raises(ValueError):
        rg.from_wkb([_wkb("POLYGON ((0 0,1 0,1 1,0 0))"), bad])


def test_envelopes_equal_ogr():
    r = rg.from_wkb([_wkb(w) for w in WKTS])
    expected = [ogr.CreateGeometryFromWkt(w).GetEnvelope() if w and "EMPTY" not in w else [np.nan] * 4
                for w in WKTS]
    np.testing.assert_array_equal(rg.envelopes(r), np.array(expected, dtype=float))
    assert rg.envelopes(rg.from_wkb([None])).shape == (1, 4)


@pytest.mark.realdata
def test_lambert93_equals_proj_on_real_vertices(shared_data):
    # sampled version of the check run on all 2.2 million vertices of France (max 2.5e-8 m)
    dataset = ogr.Open(str(shared_data / CORSICA))
    r = rg.from_wkb([bytes(f.GetGeometryRef().ExportToIsoWkb()) for f in dataset.GetLayer(0)])
    picks = np.linspace(0, len(r.x) - 1, 3000).astype(int)
    grid_lon, grid_lat = np.meshgrid(np.linspace(-5.5, 10, 40), np.linspace(41, 51.5, 40))
    lon = np.concatenate([r.x[picks], grid_lon.ravel(), [3.0]])
    lat = np.concatenate([r.y[picks], grid_lat.ravel(), [46.5]])
    x, y = rg.lonlat_to_lambert93(lon, lat, chunk=1000)  # several chunks
    for epsg in (4326, 4171):
        expected = np.array(_transform(epsg).TransformPoints(np.column_stack([lon, lat]).tolist()))
        assert np.abs(expected[:, 0] - x).max() < 1e-6 and np.abs(expected[:, 1] - y).max() < 1e-6
    # the projection origin: exact with numpy 1.24 (Debian 12), 1 ulp off (1e-9 m) with numpy 2.2+'s
    # vectorised log/exp (Debian 13, sid); PROJ's 1e-6 m above is the contract (checked at run time too)
    assert abs(x[-1] - 700000.0) < 1e-6 and abs(y[-1] - 6600000.0) < 1e-6
    assert np.isnan(rg.lonlat_to_lambert93(np.array([np.nan]), np.array([45.0]))[0]).all()


def _gdal_path(monkeypatch, *args, **kwargs):
    """``units_from_ogr`` through GDAL only (VectorTranslate + Spatialite)."""
    with monkeypatch.context() as patch:
        patch.setattr(arrow_units, "read_units", lambda *a, **k: None)
        return geo.units_from_ogr(*args, **kwargs)


def _same_units(fast, slow, tolerance=1e-6):
    assert list(fast.columns) == list(slow.columns)
    assert fast["code_insee"].tolist() == slow["code_insee"].tolist()
    assert fast["nom"].tolist() == slow["nom"].tolist()
    a, b = rg.from_wkb(list(fast["geom"])), rg.from_wkb(list(slow["geom"]))
    for offsets in ("ring_offsets", "poly_offsets", "geom_offsets"):
        assert np.array_equal(getattr(a, offsets), getattr(b, offsets))
    assert np.abs(a.x - b.x).max() <= tolerance and np.abs(a.y - b.y).max() <= tolerance
    bounds = list(geo.SURFACE_COLUMNS[2:])
    assert np.abs(fast[bounds].to_numpy() - slow[bounds].to_numpy()).max() <= tolerance


@pytest.mark.realdata
def test_fast_units_equal_the_gdal_path(shared_data, monkeypatch):
    source = str(shared_data / LAYER)
    fast = geo.units_from_ogr(source, "code", "nom", as_wkb=True, surface=True)
    slow = _gdal_path(monkeypatch, source, "code", "nom", as_wkb=True, surface=True)
    assert len(fast) == 272 and fast["nom"].iloc[0] == "Amboise" and fast["code_insee"].iloc[0] == "37003"
    _same_units(fast, slow)
    r = geo.ragged_of(fast)
    assert r is not None and len(r) == len(fast) and rg.to_wkb(r) == list(fast["geom"])
    assert geo.ragged_of(fast.iloc[::-1].reset_index(drop=True)) is None  # rows moved: not theirs
    assert geo.ragged_of(fast.head(10)) is None and geo.ragged_of(fast.copy()) is r
    objects = geo.units_from_ogr(source, "code", None, as_wkb=False)
    assert objects["nom"].isna().all() and "sx" not in objects.columns
    assert [g.ExportToIsoWkb() for g in objects["geom"]] == list(fast["geom"])


@pytest.mark.realdata
def test_lambert93_file_keeps_its_wkb(shared_data, monkeypatch, tmp_path):
    path = tmp_path / "l93.gpkg"
    gdal.VectorTranslate(str(path), str(shared_data / LAYER), format="GPKG", dstSRS="EPSG:2154",
                         geometryType="MULTIPOLYGON", layerName="communes")
    source = f"{path}|layername=communes"
    fast = geo.units_from_ogr(source, "code", "nom", as_wkb=True, surface=True)
    slow = _gdal_path(monkeypatch, source, "code", "nom", as_wkb=True, surface=True)
    assert list(fast["geom"]) == list(slow["geom"])  # the file's WKB, untouched
    _same_units(fast, slow, tolerance=0.0)
    plain = geo.units_from_ogr(source, "code", "nom", as_wkb=True)
    assert list(plain["geom"]) == list(slow["geom"]) and geo.ragged_of(plain) is None  # not parsed


@pytest.mark.realdata
def test_other_crs_and_3d_layers_fall_back_to_gdal(shared_data, tmp_path):
    for name, options in (("mercator", {"dstSRS": "EPSG:3857"}), ("ed50", {"dstSRS": "EPSG:4230"}),
                          ("z", {"dim": "XYZ"})):
        path = tmp_path / f"{name}.gpkg"
        gdal.VectorTranslate(str(path), str(shared_data / CORSICA), format="GPKG", layerName="c", **options)
        source = f"{path}|layername=c"
        assert arrow_units.read_units(source, "code", None, True, True) is None
        units = geo.units_from_ogr(source, "code", None, as_wkb=True, surface=True)
        points = geo.points_on_surface(units)  # GEOS row by row where GDAL gave none (3D points)
        assert len(units) == 124 and points["x"].between(1.1e6, 1.3e6).all()  # Corse-du-Sud


@pytest.mark.realdata
def test_codes_are_cleaned_like_the_gdal_path(shared_data, monkeypatch, tmp_path):
    for name, select in (("int", "CAST(code AS INTEGER) AS code"), ("text", "' ' || lower(code) AS code")):
        path = tmp_path / f"{name}.gpkg"
        gdal.VectorTranslate(str(path), str(shared_data / "communes/france/communes-01-ain.geojson"),
                             format="GPKG", layerName="c", SQLDialect="SQLITE",
                             SQLStatement=f'SELECT {select}, nom, geometry FROM "communes-01-ain"')
        source = f"{path}|layername=c"
        fast = arrow_units.read_units(source, "code", "nom", True, False)
        slow = _gdal_path(monkeypatch, source, "code", "nom", as_wkb=True)
        assert fast is not None and fast["code_insee"].tolist() == slow["code_insee"].tolist()
        assert fast["code_insee"].iloc[0] == "01338" and fast["code_insee"].str.len().eq(5).all()
