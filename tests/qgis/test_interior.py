"""GEOS-exact point-on-surface and point-in-polygon on Ragged geometries, compared with OGR (GEOS) itself."""

from __future__ import annotations

import numpy as np
import pytest
from osgeo import gdal, ogr, osr

from medrcvl_plugin.core.geometry import interior
from medrcvl_plugin.core.geometry.ragged import Ragged


@pytest.fixture(autouse=True, scope="module")
def _gdal_exceptions():
    """GDAL errors as exceptions in this module only (the global setting is restored)."""
    was = gdal.GetUseExceptions()
    gdal.UseExceptions()
    yield
    if not was:
        gdal.DontUseExceptions()


def ragged_of(geoms: list) -> Ragged:
    """A Ragged of (multi)polygon ``ogr.Geometry`` objects (None: a geometry without polygon)."""
    xs, ys, rings, polys, parts = [], [], [0], [0], [0]
    for g in geoms:
        if g is not None and not g.IsEmpty():
            single = ogr.GT_Flatten(g.GetGeometryType()) == ogr.wkbPolygon
            for p in [g] if single else [g.GetGeometryRef(i) for i in range(g.GetGeometryCount())]:
                for j in range(p.GetGeometryCount()):
                    points = p.GetGeometryRef(j).GetPoints() or []
                    xs.extend(pt[0] for pt in points)
                    ys.extend(pt[1] for pt in points)
                    rings.append(rings[-1] + len(points))
                polys.append(len(rings) - 1)
        parts.append(len(polys) - 1)
    return Ragged(np.array(xs, dtype=float), np.array(ys, dtype=float), np.array(rings, dtype=np.int64),
                  np.array(polys, dtype=np.int64), np.array(parts, dtype=np.int64))


def ogr_surface(geoms: list) -> np.ndarray:
    """OGR's PointOnSurface of each geometry (NaN for None)."""
    out = []
    for g in geoms:
        p = g.PointOnSurface() if g is not None and not g.IsEmpty() else None
        out.append((p.GetX(), p.GetY()) if p is not None and not p.IsEmpty() else (np.nan, np.nan))
    return np.array(out, dtype=float).reshape(-1, 2)


def ogr_contains(geoms: list, gi, px, py) -> np.ndarray:
    """OGR's Contains of each (geometry, point) pair."""
    out = []
    for g, x, y in zip(gi.tolist(), px.tolist(), py.tolist()):
        point = ogr.Geometry(ogr.wkbPoint)
        point.AddPoint_2D(x, y)
        out.append(geoms[g].Contains(point))
    return np.array(out, dtype=bool)


def wkt(text: str):
    return ogr.CreateGeometryFromWkt(text)


HAND_MADE = [
    "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))",
    "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 8 2, 8 8, 2 8, 2 2))",  # the hole covers the centre
    "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (1 4, 3 4, 3 6, 1 6, 1 4), (6 3, 9 3, 9 7, 6 7, 6 3))",
    "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 1, 0 0)), ((5 0, 9 0, 9 3, 5 3, 5 0)),"
    " ((20 0, 24 0, 24 3, 20 3, 20 0)))",
    "MULTIPOLYGON (((0 0, 4 0, 4 3, 0 3, 0 0)), ((10 0, 14 0, 14 3, 10 3, 10 0)))",  # equal widths: first
    "POLYGON ((0 0, 4 2, 8 0, 8 6, 4 4, 0 6, 0 0))",  # vertices at the centre of the y-extent
    "POLYGON ((0 0, 3 1, 0 2, 3 3, 0 4, 6 4, 6 0, 0 0))",  # teeth: several crossing pairs
    "POLYGON ((0 0, 5 5, 10 0, 0 0))",
    # the scan line rounds onto vertices (y = 1): edges ending or starting on it are counted by direction
    "POLYGON ((0 0, 4 0, 4 1, 6 1.0000000000000002, 4 2, 0 2, 0 1, 0 0))",
    "POLYGON ((0 0, 0 1, 0 2, 4 2, 6 1.0000000000000002, 4 1, 4 0, 0 0), (1 1, 2 1.5, 3 1, 2 0.5, 1 1))",
    "POLYGON ((1 1, 2 2, 3 3, 1 1))",  # zero area: the first vertex
    "MULTIPOLYGON (((1 1, 2 2, 3 3, 1 1)), ((5 5, 6 6, 7 7, 5 5)))",  # zero area, two parts
    "POLYGON ((0.1 0.3, 7.7 0.9, 3.3 9.1, 0.7 4.4, 0.1 0.3))",
    "POLYGON ((700000.123 6600000.456, 700100.789 6600050.1, 700040.5 6600200.25, 700000.123 6600000.456))",
]


def test_points_on_surface_hand_made_are_those_of_ogr():
    geoms = [wkt(t) for t in HAND_MADE] + [None, wkt("MULTIPOLYGON EMPTY")]
    x, y = interior.points_on_surface(ragged_of(geoms))
    expected = ogr_surface(geoms)
    np.testing.assert_array_equal(np.c_[x, y], expected)
    assert np.isnan(x[-2:]).all() and np.isnan(y[-2:]).all()
    assert (x[1], y[1]) == (1.0, 5.0)  # the hole pushes the point to the widest remaining section
    assert (x[4], y[4]) == (2.0, 1.5)  # equal widths: the first polygon
    assert (x[8], y[8]) == (2.0, 1.0)  # the scan line through vertices
    assert (x[10], y[10]) == (1.0, 1.0)  # zero area: the first vertex of the shell


def test_empty_polygons_and_rings_are_ignored():
    geoms = [wkt(HAND_MADE[3]), wkt(HAND_MADE[2])]
    r = ragged_of(geoms)
    # the same geometries with an empty polygon before each and an empty hole in the second part
    assert r.ring_offsets.tolist() == [0, 5, 10, 15, 20, 25, 30]
    assert r.poly_offsets.tolist() == [0, 1, 2, 3, 6]
    rings = np.array([0, 0, 5, 10, 10, 15, 20, 25, 30])  # ring 0 and ring 3 are empty
    padded = Ragged(r.x, r.y, rings, np.array([0, 1, 2, 4, 5, 5, 8]), np.array([0, 4, 6]))
    for a, b in zip(interior.points_on_surface(r), interior.points_on_surface(padded)):
        np.testing.assert_array_equal(a, b)
    gi, px, py = np.array([0, 0, 1, 1]), np.array([0.5, 3.0, 5.0, 2.0]), np.array([0.5, 1.0, 5.0, 5.0])
    np.testing.assert_array_equal(interior.contains(padded, gi, px, py), [True, False, True, False])


def test_points_on_surface_of_an_empty_ragged():
    x, y = interior.points_on_surface(ragged_of([]))
    assert len(x) == len(y) == 0
    x, y = interior.points_on_surface(ragged_of([None, None]))
    assert np.isnan(x).all() and np.isnan(y).all() and len(x) == 2


def test_contains_hand_made_boundaries_are_those_of_ogr():
    geoms = [wkt(HAND_MADE[0]), wkt(HAND_MADE[1]),
             wkt("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 1, 0 0)), ((1 0, 2 0, 2 1, 1 1, 1 0)))"),
             wkt("POLYGON ((0 0, 3 1, 0 2, 0 0))"), wkt("POLYGON ((0 0, 4 2, 8 0, 8 6, 4 4, 0 6, 0 0))"),
             wkt("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 1, 0 0)), ((2 0, 2 1, 1 1, 1 0.5, 1 0, 2 0)))"),
             wkt("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 1, 0 0)), ((1 1, 2 1, 2 2, 1 2, 1 1)))"),  # touching
             wkt("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (5 0, 7 3, 3 3, 5 0))")]  # hole touching the shell
    r = ragged_of(geoms)
    cases = [
        (0, 5, 5), (0, 0, 0), (0, 10, 10), (0, 5, 0), (0, 5, 10), (0, 0, 5), (0, 10, 5), (0, -1, 5),
        (0, 11, 5), (0, 5, 10.000000001), (1, 1, 1), (1, 5, 5), (1, 2, 5), (1, 2, 2), (1, 5, 8), (1, 9, 9),
        (2, 0.5, 0.5), (2, 1, 0.5), (2, 1, 0), (2, 1.5, 0.5), (2, 2, 0.5),
        (3, 1, 1 / 3), (3, 1.5, 0.5), (3, 3, 1), (3, 0.3, 0.1), (3, 2.9999999999999996, 1),
        (3, 1, 0.33333333333333337), (3, 2, 0.6666666666666666),
        (4, 4, 2), (4, 2, 1), (4, 4, 3), (4, 4, 4), (4, 2, 5), (4, 6, 1), (4, 7.9, 0.05),
        (5, 1, 0.5), (5, 1, 0.25), (5, 1, 0.75), (5, 1, 1), (5, 1.5, 0.5), (5, 0.5, 0.5), (5, 2, 0.5),
        (6, 1, 1), (6, 0.5, 0.5), (6, 1.5, 1.5), (6, 2, 0.5),
        (7, 5, 0), (7, 6, 1.5), (7, 5, 1), (7, 4, 0), (7, 5, 5),
    ]
    gi = np.array([c[0] for c in cases])
    px, py = np.array([c[1] for c in cases], dtype=float), np.array([c[2] for c in cases], dtype=float)
    got = interior.contains(r, gi, px, py)
    np.testing.assert_array_equal(got, ogr_contains(geoms, gi, px, py))
    at = dict(zip(cases, got.tolist()))
    assert at[0, 5, 5] and not got[1:10].any()  # every point of the boundary is outside the interior
    assert at[1, 1, 1] and not at[1, 5, 5] and not at[1, 2, 5]  # in the hole, on its boundary: out
    # edges shared by two parts (cases 2, 5): GEOS 3.11 says in, GEOS 3.13 (RelateNG) out; OGR's answer above
    assert not at[7, 5, 0] and at[7, 5, 5]  # the hole touches the shell at (5 0)
    assert not interior.contains(r, np.array([], dtype=np.int64), np.array([]), np.array([])).any()


@pytest.fixture(scope="module")
def dept37(shared_data):
    """The communes of Indre-et-Loire in EPSG:2154: (ogr geometries, codes)."""
    path = sorted((shared_data / "communes" / "france").glob("communes-37-*.geojson"))
    assert path, "no communes-37 file in communes/france"
    memory = gdal.VectorTranslate("", str(path[0]), format="Memory", dstSRS="EPSG:2154")
    layer = memory.GetLayer(0)
    codes = [feature.GetField("code") for feature in layer]
    layer.ResetReading()
    geoms = [feature.GetGeometryRef().Clone() for feature in layer]
    assert len(geoms) > 250
    return geoms, codes


@pytest.mark.realdata
def test_points_on_surface_of_real_communes_are_bit_identical(dept37):
    geoms, _ = dept37
    r = ragged_of(geoms)
    x, y = interior.points_on_surface(r)
    expected = ogr_surface(geoms)
    assert np.isfinite(x).all()
    assert (x == expected[:, 0]).all() and (y == expected[:, 1]).all()
    assert interior.contains(r, np.arange(len(r)), x, y).all()  # an interior point is inside


@pytest.mark.realdata
def test_contains_of_real_places_and_vertices_match_ogr(dept37, shared_data):
    import pandas as pd

    geoms, codes = dept37
    r = ragged_of(geoms)
    places = pd.read_csv(shared_data / "lieux" / "france-services-liste-fs-2022.csv", dtype=str)
    places = places[places["insee_dep"] == "37"]
    lon, lat = places["longitude"].astype(float).to_numpy(), places["latitude"].astype(float).to_numpy()
    wgs84, lambert = osr.SpatialReference(), osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    lambert.ImportFromEPSG(2154)
    xy = np.array(osr.CoordinateTransformation(wgs84, lambert).TransformPoints(np.c_[lon, lat].tolist()))
    # candidates: every commune whose envelope holds the place
    env = np.array([g.GetEnvelope() for g in geoms])  # minx, maxx, miny, maxy
    hold = ((env[:, 0] <= xy[:, :1]) & (xy[:, :1] <= env[:, 1]) & (env[:, 2] <= xy[:, 1:2])
            & (xy[:, 1:2] <= env[:, 3]))
    place, gi = np.nonzero(hold)
    got = interior.contains(r, gi, xy[place, 0], xy[place, 1])
    np.testing.assert_array_equal(got, ogr_contains(geoms, gi, xy[place, 0], xy[place, 1]))
    assert len(place) > len(places) > 10 and got.sum() == len(places)  # each place in one commune
    found = {int(p): codes[g] for p, g in zip(place[got], gi[got])}
    insee = places["insee_com"].tolist()
    assert sum(found[i] == insee[i] for i in range(len(places))) >= 0.9 * len(places)
    # vertices of the communes, tested against their own and their neighbours' geometries: boundary
    vertex = np.arange(0, len(r.x), 97)
    owner = np.searchsorted(r.ring_offsets[r.poly_offsets[r.geom_offsets]], vertex, side="right") - 1
    neighbour = np.nonzero((env[:, 0] <= r.x[vertex, None]) & (r.x[vertex, None] <= env[:, 1])
                           & (env[:, 2] <= r.y[vertex, None]) & (r.y[vertex, None] <= env[:, 3]))
    gi = np.r_[owner, neighbour[1]]
    vx, vy = r.x[np.r_[vertex, vertex[neighbour[0]]]], r.y[np.r_[vertex, vertex[neighbour[0]]]]
    got = interior.contains(r, gi, vx, vy)
    assert not got[: len(vertex)].any()
    np.testing.assert_array_equal(got, ogr_contains(geoms, gi, vx, vy))


def test_cell_ranges_dense_table_and_binary_search_agree():
    from medrcvl_plugin.core.geometry.interior import cell_ranges

    rng = np.random.default_rng(5)
    ti, tj = rng.integers(-50, 50, 300), rng.integers(1000, 1100, 300)
    qi, qj = rng.integers(-60, 60, 2000), rng.integers(990, 1110, 2000)
    dense, search = cell_ranges(ti, tj, qi, qj, 10**6), cell_ranges(ti, tj, qi, qj, 10)
    for first, count, order in (dense, search):
        got = [sorted(order[f:f + c].tolist()) for f, c in zip(first, count)]
        want = [np.flatnonzero((ti == i) & (tj == j)).tolist() for i, j in zip(qi, qj)]
        assert got == want
    assert dense[1].sum() > 0
