"""Quality report of a places table: duplicates, stale records, codes, coordinates, services."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd

from ..base.i18n import tr
from ..geometry.coordinates import coordinate_checks
from ..geometry.coordinates import in_france as in_france_array
from ..readers.lieux_merge import distance_m, normalise
from ..readers.lieux_text import clean_text

REPORT_COLUMNS = ("lieu_id", "nom", "issue", "detail")
ISSUES = (
    "duplicate",
    "stale",
    "missing_code_insee",
    "code_insee_mismatch",
    "missing_coordinates",
    "invalid_coordinates",
    "outside_france",
    "missing_services",
)


def in_france(lat: float, lon: float) -> bool:
    """Whether a WGS84 point falls in the rough boxes of metropolitan France or the DROM."""
    return bool(in_france_array(lat, lon))


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (clamped to the month's length)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def has_coordinates(lat: Any, lon: Any) -> bool:
    """Whether both coordinates are usable numbers (not NaN, not 0,0)."""
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return False
    return not (math.isnan(lat) or math.isnan(lon) or (lat == 0 and lon == 0))


def _number(value: Any) -> float:
    """``value`` as a float (NaN when it is not a number)."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _duplicates(places: pd.DataFrame, distance: float, placed) -> list[tuple[int, str]]:
    """Rows sharing a normalised name and address with another row, or within ``distance`` metres
    (``placed``: whether each row's coordinates are usable)."""
    found: list[tuple[int, str]] = []
    keys: dict[str, int] = {}
    for index, row in places.iterrows():
        key = normalise(row["nom"]) + "|" + normalise(row["adresse"])
        if key.strip("|") and key in keys:
            first = keys[key]
            found.append(
                (
                    index,
                    tr("same name and address as {id} ({name})").format(
                        id=places.at[first, "lieu_id"], name=places.at[first, "nom"]
                    ),
                )
            )
        else:
            keys.setdefault(key, index)
    cells: dict[tuple[int, int], list[int]] = {}
    step = 0.01  # ~1 km cells; neighbours are checked too
    for index, row in places.iterrows():
        if placed[index]:
            cell = (math.floor(row["latitude"] / step), math.floor(row["longitude"] / step))
            cells.setdefault(cell, []).append(index)
    flagged = {i for i, _ in found}
    for (cy, cx), members in cells.items():
        near = [j for dy in (-1, 0, 1) for dx in (-1, 0, 1) for j in cells.get((cy + dy, cx + dx), [])]
        for index in members:
            if index in flagged:
                continue
            for other in near:
                if other >= index:
                    continue
                metres = distance_m(
                    places.at[index, "latitude"],
                    places.at[index, "longitude"],
                    places.at[other, "latitude"],
                    places.at[other, "longitude"],
                )
                if metres <= distance:
                    found.append(
                        (
                            index,
                            tr("{m:.0f} m from {id} ({name})").format(
                                m=metres, id=places.at[other, "lieu_id"], name=places.at[other, "nom"]
                            ),
                        )
                    )
                    flagged.add(index)
                    break
    return found


def _commune_checks(places: pd.DataFrame, communes, code_field: str | None, placed) -> list[tuple[int, str]]:
    """Rows whose declared code_insee is not the commune polygon that contains their point (only the
    rows whose coordinates are usable, ``placed``, are projected)."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsCsException,
        QgsFeatureRequest,
        QgsGeometry,
        QgsPointXY,
        QgsProject,
        QgsSpatialIndex,
    )

    names = communes.fields().names()
    field = code_field or ("code_insee" if "code_insee" in names else "code")
    polygons: dict[str, Any] = {}
    index = QgsSpatialIndex()
    ids: dict[int, str] = {}
    for feature in communes.getFeatures(QgsFeatureRequest()):
        code = clean_text(feature[field])
        if code and feature.hasGeometry():
            polygons[code] = QgsGeometry(feature.geometry())
            ids[feature.id()] = code
            index.addFeature(feature)
    crs = communes.sourceCrs() if hasattr(communes, "sourceCrs") else communes.crs()
    transform = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), crs, QgsProject.instance())
    found = []
    for row_index, row in places.iterrows():
        declared = clean_text(row["code_insee"])
        if not declared or not placed[row_index]:
            continue
        try:
            projected = transform.transform(QgsPointXY(row["longitude"], row["latitude"]))
        except QgsCsException:
            found.append(
                (
                    row_index,
                    tr(
                        "the point {lat}, {lon} cannot be projected to the CRS of the " "communes ({crs})"
                    ).format(lat=row["latitude"], lon=row["longitude"], crs=crs.authid()),
                )
            )
            continue
        if not (math.isfinite(projected.x()) and math.isfinite(projected.y())):
            continue
        point = QgsGeometry.fromPointXY(projected)
        containing = [
            ids[i] for i in index.intersects(point.boundingBox()) if polygons[ids[i]].contains(point)
        ]
        if declared in containing:
            continue
        if containing:
            found.append(
                (
                    row_index,
                    tr("declared {declared} but the point lies in commune {found}").format(
                        declared=declared, found=containing[0]
                    ),
                )
            )
        elif declared in polygons:
            gap = polygons[declared].distance(point)
            km = gap * 111.0 if crs.isGeographic() else gap / 1000.0
            found.append(
                (
                    row_index,
                    tr("declared {declared} but the point is {km:.1f} km outside it").format(
                        declared=declared, km=km
                    ),
                )
            )
    return found


def quality_report(
    places: pd.DataFrame,
    communes=None,
    *,
    today: dt.date | None = None,
    stale_months: int = 18,
    duplicate_distance: float = 25.0,
    code_field: str | None = None,
    feedback=None,
) -> pd.DataFrame:
    """One row per problem found in ``places``: ``lieu_id, nom, issue, detail``.

    ``issue`` is one of :data:`ISSUES`. ``communes`` (a polygon QgsVectorLayer with ``code_insee``
    or ``code``) enables the point-in-polygon check of declared codes (``code_insee_declared`` when
    the table has it, as the diagnostic's lieux layer, else ``code_insee``).
    """
    from ..base.errors import CancelledError

    places = places.reset_index(drop=True)
    if "code_insee_declared" in places.columns:  # the diagnostic's lieux layer: check the declared code
        places = places.assign(code_insee=places["code_insee_declared"])
    today = today or dt.date.today()
    limit = months_before(today, stale_months)
    rows: list[tuple[int, str, str]] = []
    known = [has_coordinates(row.get("latitude"), row.get("longitude")) for _, row in places.iterrows()]
    nothing = [None] * len(places)
    lat = [_number(v) if k else math.nan for v, k in zip(places.get("latitude", nothing), known)]
    lon = [_number(v) if k else math.nan for v, k in zip(places.get("longitude", nothing), known)]
    kinds, reasons = coordinate_checks(lat, lon)
    placed = [k and kind != "invalid_coordinates" for k, kind in zip(known, kinds.tolist())]
    for index, row in places.iterrows():
        if feedback is not None and feedback.isCanceled():
            raise CancelledError(tr("Quality report cancelled."))
        problem = clean_text(row.get("coordinate_problem"))
        if problem:  # a point of a layer that could not be converted
            rows.append((index, "invalid_coordinates", problem))
        elif not known[index]:
            rows.append((index, "missing_coordinates", tr("no usable latitude/longitude (empty or 0,0)")))
        elif kinds[index] is not None:
            rows.append((index, kinds[index], reasons[index]))
        if not clean_text(row.get("code_insee")):
            rows.append(
                (
                    index,
                    "missing_code_insee",
                    tr("no INSEE commune code (commune: {c}, {cp})").format(
                        c=row.get("commune") or "?", cp=row.get("code_postal") or "?"
                    ),
                )
            )
        date_text = clean_text(row.get("date_maj"))
        try:
            updated = dt.date.fromisoformat(date_text[:10]) if date_text else None
        except ValueError:
            updated = None
        if updated is None:
            rows.append((index, "stale", tr("no valid update date (date_maj)")))
        elif updated < limit:
            rows.append(
                (
                    index,
                    "stale",
                    tr("updated on {d}, more than {n} months before {today}").format(
                        d=updated.isoformat(), n=stale_months, today=today.isoformat()
                    ),
                )
            )
        if not clean_text(row.get("services")):
            rows.append((index, "missing_services", tr("no service listed")))
    rows += [(i, "duplicate", detail) for i, detail in _duplicates(places, duplicate_distance, placed)]
    if communes is not None:
        mismatches = _commune_checks(places, communes, code_field, placed)
        rows += [(i, "code_insee_mismatch", detail) for i, detail in mismatches]
    order = {name: n for n, name in enumerate(ISSUES)}
    rows.sort(key=lambda r: (r[0], order[r[1]]))
    return pd.DataFrame(
        [(places.at[i, "lieu_id"], places.at[i, "nom"], issue, detail) for i, issue, detail in rows],
        columns=list(REPORT_COLUMNS),
    )
