"""Distances to the nearest places, each measured in a projection valid for the commune's territory.

Lambert-93 (EPSG:2154) is the projection of metropolitan France and Corsica only: overseas its scale
is far from 1 (distances ×1.6 in Mayotte, ×1.87 in La Réunion). The communes of each overseas
territory are measured in its official local projection (UTM on the local datum) to the places of the
territories of that projection, brought into it from the same Lambert-93 coordinates.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..geometry.coordinates import BOXES
from . import metrics as ind

LAMBERT93 = 2154
#: département (or collectivité) -> EPSG code of its official projected CRS
LOCAL_CRS = {
    "971": 5490,  # Guadeloupe: RGAF09 / UTM zone 20N
    "972": 5490,  # Martinique: RGAF09 / UTM zone 20N
    "973": 2972,  # Guyane: RGFG95 / UTM zone 22N
    "974": 2975,  # La Réunion: RGR92 / UTM zone 40S
    "975": 4467,  # Saint-Pierre-et-Miquelon: RGSPM06 / UTM zone 21N
    "976": 4471,  # Mayotte: RGM04 / UTM zone 38S
    "977": 5490,  # Saint-Barthélemy: RGAF09 / UTM zone 20N
    "978": 5490,  # Saint-Martin: RGAF09 / UTM zone 20N
}


def crs_of(code) -> int:
    """The EPSG code of the projection in which distances of commune ``code`` are measured."""
    text = str(code) if code is not None and code == code else ""
    return LOCAL_CRS.get(text[:3], LAMBERT93) if text.startswith("97") else LAMBERT93


def _from_lambert93(xy: np.ndarray, epsg: int) -> np.ndarray:
    """(n, 2) Lambert-93 metres -> the same points in ``epsg`` (NaN stays NaN)."""
    from osgeo import osr

    source, target = osr.SpatialReference(), osr.SpatialReference()
    source.ImportFromEPSG(LAMBERT93)
    target.ImportFromEPSG(epsg)
    for srs in (source, target):
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    out = np.full(xy.shape, np.nan)
    ok = np.isfinite(xy).all(axis=1)
    if ok.any():
        points = osr.CoordinateTransformation(source, target).TransformPoints(xy[ok].tolist())
        out[ok] = np.asarray(points, dtype=float)[:, :2]
    return out


def place_distances(origins: pd.DataFrame, places: pd.DataFrame, codes) -> pd.DataFrame:
    """``indicators.place_distances`` with each origin measured in the projection of its commune
    (``codes``: the commune code of each origin row; ``origins`` and ``places`` in Lambert-93)."""
    result = ind.place_distances(origins, places)
    which = np.array([crs_of(c) for c in codes], dtype=np.int64)
    if not len(places) or (which == LAMBERT93).all():
        return result
    lat = places["latitude"].to_numpy(dtype=float)
    lon = places["longitude"].to_numpy(dtype=float)
    for epsg in sorted(set(which.tolist()) - {LAMBERT93}):
        rows = which == epsg
        local_origins = pd.DataFrame(
            _from_lambert93(origins[["x", "y"]].to_numpy(dtype=float)[rows], epsg),
            columns=["x", "y"],
            index=origins.index[rows],
        )
        near = np.zeros(len(places), dtype=bool)  # the places of the territories of this projection
        for dep in (d for d, code in LOCAL_CRS.items() if code == epsg):
            a, b, c, d = BOXES[dep]
            with np.errstate(invalid="ignore"):
                near |= (a <= lat) & (lat <= b) & (c <= lon) & (lon <= d)
        local_places = places[near]
        xy = _from_lambert93(local_places[["x", "y"]].to_numpy(dtype=float), epsg)
        local_places = local_places.assign(x=xy[:, 0], y=xy[:, 1])
        local = ind.place_distances(local_origins, local_places)
        result.loc[rows, local.columns] = local.to_numpy()
    return result
