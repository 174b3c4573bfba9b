"""Distance from points to the nearest of a set of points (metres in, km out), with QGIS's spatial index."""

from __future__ import annotations

import numpy as np


def nearest_km(origins_xy: np.ndarray, targets_xy: np.ndarray) -> np.ndarray:
    """Distance in km from each origin (n×2, metres) to its nearest target (m×2); NaN for an origin or
    when no target has finite coordinates."""
    targets_xy = np.asarray(targets_xy, dtype=float).reshape(-1, 2)
    return nearest_km_subsets(origins_xy, targets_xy, [np.ones(len(targets_xy), dtype=bool)])[0]


def nearest_km_subsets(origins_xy: np.ndarray, targets_xy: np.ndarray, subsets: list) -> np.ndarray:
    """``nearest_km`` of each origin to each subset of the targets (boolean masks) -> (k, n) array.

    One ``QgsSpatialIndex`` per subset; ``nearestNeighbor`` gives the nearest target(s) of an origin
    (a point's box distance is its distance), the distance itself is computed here from the coordinates.
    """
    from qgis.core import QgsPointXY, QgsRectangle, QgsSpatialIndex

    origins_xy = np.asarray(origins_xy, dtype=float).reshape(-1, 2)
    targets_xy = np.asarray(targets_xy, dtype=float).reshape(-1, 2)
    finite = np.isfinite(targets_xy).all(axis=1)
    result = np.full((len(subsets), len(origins_xy)), np.nan)
    origins = np.flatnonzero(np.isfinite(origins_xy).all(axis=1)).tolist()
    for k, subset in enumerate(subsets):
        rows = np.flatnonzero(np.asarray(subset, dtype=bool) & finite)
        if not len(rows) or not origins:
            continue
        index = QgsSpatialIndex()
        for row in rows.tolist():
            tx, ty = float(targets_xy[row, 0]), float(targets_xy[row, 1])
            index.addFeature(row, QgsRectangle(tx, ty, tx, ty))
        for origin in origins:
            ox, oy = float(origins_xy[origin, 0]), float(origins_xy[origin, 1])
            found = index.nearestNeighbor(QgsPointXY(ox, oy), 1)
            if found:
                near = targets_xy[found]
                dx, dy = near[:, 0] - ox, near[:, 1] - oy
                result[k, origin] = float(np.sqrt(dx * dx + dy * dy).min()) / 1000.0
    return result
