"""Place coordinates checked before any transform: finite degrees, in range, inside France.

Every latitude/longitude pair, read from a source or typed by the user in the ``lieux`` layer,
goes through :func:`coordinate_problems` before PROJ sees it: a bad pair is listed with its
reason (``lieux_unplaced``, quality report) and never projected, so no transform meets an
infinite or out-of-range value.
"""

from __future__ import annotations

import numpy as np

from ..base.i18n import tr

#: Rough boxes (lat min, lat max, lon min, lon max) of metropolitan France, the five DROM and the
#: collectivités that have INSEE commune codes, by département (``"metro"``: metropole and Corsica).
BOXES = {
    "metro": (41.2, 51.2, -5.3, 9.7),
    "971": (15.8, 16.6, -61.9, -60.9),  # Guadeloupe
    "972": (14.3, 14.9, -61.3, -60.7),  # Martinique
    "973": (2.0, 6.0, -54.7, -51.5),  # Guyane
    "974": (-21.5, -20.8, 55.1, 56.0),  # La Réunion
    "976": (-13.1, -12.5, 44.9, 45.4),  # Mayotte
    "975": (46.7, 47.2, -56.5, -56.1),  # Saint-Pierre-et-Miquelon
    "977": (17.85, 17.98, -62.95, -62.78),  # Saint-Barthélemy
    "978": (18.0, 18.13, -63.17, -62.96),  # Saint-Martin
}
FRANCE_BOXES = tuple(BOXES.values())
#: Lambert-93 (EPSG:2154) metres of metropolitan France: x min, x max, y min, y max.
LAMBERT93_BOX = (0.0, 1.3e6, 6.0e6, 7.2e6)


def in_france(lat, lon) -> np.ndarray:
    """Whether each WGS84 point falls in a box of :data:`FRANCE_BOXES` (arrays or scalars)."""
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    inside = np.zeros(np.broadcast(lat, lon).shape, dtype=bool)
    with np.errstate(invalid="ignore"):
        for a, b, c, d in FRANCE_BOXES:
            inside |= (a <= lat) & (lat <= b) & (c <= lon) & (lon <= d)
    return inside


def _lambert93(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Whether (first, second) look like Lambert-93 metres in either order."""
    x0, x1, y0, y1 = LAMBERT93_BOX
    with np.errstate(invalid="ignore"):
        return ((x0 <= first) & (first <= x1) & (y0 <= second) & (second <= y1)) | (
            (x0 <= second) & (second <= x1) & (y0 <= first) & (first <= y1)
        )


def coordinate_problems(lat, lon) -> np.ndarray:
    """The reason why each latitude/longitude pair cannot be placed, None where it can or where it is
    missing (NaN: no coordinates, reported apart). Reasons: not finite, out of range, Lambert-93
    metres in degree columns, latitude and longitude swapped, outside France (metropole and DROM)."""
    return coordinate_checks(lat, lon)[1]


def coordinate_checks(lat, lon) -> tuple[np.ndarray, np.ndarray]:
    """(kind, reason) arrays of :func:`coordinate_problems`; kind is ``invalid_coordinates`` or
    ``outside_france`` (None where the pair is usable or missing)."""
    lat = np.atleast_1d(np.asarray(lat, dtype=float))
    lon = np.atleast_1d(np.asarray(lon, dtype=float))
    kinds = np.full(len(lat), None, dtype=object)
    reasons = np.full(len(lat), None, dtype=object)
    missing = np.isnan(lat) | np.isnan(lon)
    finite = np.isfinite(lat) & np.isfinite(lon)
    with np.errstate(invalid="ignore"):
        in_range = finite & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    metres = finite & ~in_range & _lambert93(lat, lon)
    swapped = in_range & ~in_france(lat, lon) & in_france(lon, lat)
    outside = in_range & ~swapped & ~in_france(lat, lon)
    for row in np.flatnonzero(~missing & ~(in_range & ~swapped & ~outside)).tolist():
        la, lo = float(lat[row]), float(lon[row])
        kinds[row] = "outside_france" if outside[row] else "invalid_coordinates"
        if not finite[row]:
            reasons[row] = tr("latitude {lat} / longitude {lon}: not finite numbers").format(lat=la, lon=lo)
        elif metres[row]:
            reasons[row] = tr(
                "latitude {lat} / longitude {lon} look like Lambert-93 metres (EPSG:2154), "
                "not WGS84 degrees"
            ).format(lat=la, lon=lo)
        elif not in_range[row]:
            reasons[row] = tr(
                "latitude {lat} / longitude {lon} out of range (latitude -90 to 90, "
                "longitude -180 to 180 degrees)"
            ).format(lat=la, lon=lo)
        elif swapped[row]:
            reasons[row] = tr(
                "latitude {lat} / longitude {lon} look swapped (the point is in France "
                "the other way round)"
            ).format(lat=la, lon=lo)
        else:
            reasons[row] = tr(
                "latitude {lat} / longitude {lon}: outside France (metropole, overseas "
                "départements and collectivités)"
            ).format(lat=la, lon=lo)
    return kinds, reasons


def usable(lat, lon) -> np.ndarray:
    """Whether each pair is known and has no :func:`coordinate_problems` (safe to project)."""
    lat = np.atleast_1d(np.asarray(lat, dtype=float))
    lon = np.atleast_1d(np.asarray(lon, dtype=float))
    known = ~(np.isnan(lat) | np.isnan(lon))
    return known & np.array([r is None for r in coordinate_problems(lat, lon)], dtype=bool)
