"""Bulk geometry helpers: GDAL-computed points on surface and envelopes, ``locate_points`` (QGIS spatial
index + GEOS), WKB kept as it is until a geometry is needed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from osgeo import ogr

from medrcvl_plugin.core.geometry import units as geo

pytestmark = pytest.mark.realdata
LAYER = "communes/communes-37-indre-et-loire-2018.geojson"


@pytest.fixture(scope="module")
def units(shared_data):
    frame = geo.units_from_ogr(str(shared_data / LAYER), "code", None, as_wkb=True, surface=True)
    assert frame is not None and len(frame) > 250
    return frame


def test_surface_columns_are_those_of_ogr(units):
    parsed = geo.with_geometries(units)
    assert all(isinstance(g, ogr.Geometry) for g in parsed["geom"])
    expected = [(p.GetX(), p.GetY()) for p in (g.PointOnSurface() for g in parsed["geom"])]
    assert list(zip(units["sx"], units["sy"])) == expected  # the same GEOS call: the same doubles
    bounds = units[list(geo.SURFACE_COLUMNS[2:])].to_numpy()
    assert np.array_equal(bounds, geo.envelopes(parsed["geom"]))
    assert np.array_equal(geo.envelopes(units["geom"]), bounds)  # WKB cells are parsed on the fly
    # without the columns the points come from OGR, row by row: the same values
    ogr_points = geo.points_on_surface(parsed.drop(columns=["sx", "sy"]))
    assert ogr_points.to_numpy().tolist() == [list(p) for p in expected]
    assert geo.points_on_surface(units).to_numpy().tolist() == [list(p) for p in expected]
    assert 450000 < units["sx"].min() and units["sx"].max() < 600000  # Indre-et-Loire in Lambert-93


def test_dissolve_drops_the_bulk_columns(units):
    pair = units.head(2).assign(current="37001")
    merged = geo.dissolve(pair)
    assert len(merged) == 1 and not set(geo.SURFACE_COLUMNS) & set(merged.columns)
    point = geo.points_on_surface(merged)
    inside = ogr.Geometry(ogr.wkbPoint)
    inside.AddPoint_2D(float(point["x"].iloc[0]), float(point["y"].iloc[0]))
    assert merged["geom"].iloc[0].Contains(inside)


def _brute_force(x, y, geoms, codes):
    found = []
    for px, py in zip(x, y):
        point = ogr.Geometry(ogr.wkbPoint)
        point.AddPoint_2D(px, py)
        found.append(next((c for g, c in zip(geoms, codes) if g.Contains(point)), None))
    return found


def test_locate_points_matches_a_brute_force_search(units):
    rng = np.random.default_rng(7)
    bounds = units[list(geo.SURFACE_COLUMNS[2:])].to_numpy()
    x = np.concatenate(
        [
            rng.uniform(bounds[:, 0].min() - 5000, bounds[:, 1].max() + 5000, 150),
            units["sx"].to_numpy()[:40],
            [np.nan],
        ]
    )
    y = np.concatenate(
        [
            rng.uniform(bounds[:, 2].min() - 5000, bounds[:, 3].max() + 5000, 150),
            units["sy"].to_numpy()[:40],
            [1.0],
        ]
    )
    xs, ys = pd.Series(x, index=range(100, 100 + len(x))), pd.Series(y, index=range(100, 100 + len(y)))
    parsed = geo.with_geometries(units)
    expected = [*_brute_force(x[:-1], y[:-1], list(parsed["geom"]), list(units["code_insee"])), None]
    assert sum(e is not None for e in expected) > 60 and expected[150:190] == list(units["code_insee"][:40])
    for frame, given in ((parsed, None), (parsed, bounds), (units, bounds), (units.copy(), None)):
        got = geo.locate_points(xs, ys, frame, bounds=given)
        assert list(got.index) == list(xs.index)
        assert _codes(got) == expected
    overlapping = pd.concat([units.iloc[[5]].assign(code_insee="FIRST"), units], ignore_index=True)
    first = geo.locate_points(pd.Series([units["sx"].iloc[5]]), pd.Series([units["sy"].iloc[5]]), overlapping)
    assert first.tolist() == ["FIRST"]  # where units overlap, the first in row order wins


def _codes(found: pd.Series) -> list:
    """The located codes, a miss (null) as None."""
    return [None if pd.isna(c) else c for c in found]
