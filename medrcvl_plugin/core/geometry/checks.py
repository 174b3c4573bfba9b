"""Checks of a user's commune layer: polygons only, 2D, valid (repaired by GEOS), no empty geometry.

One rule for every entry point (CLI, dialog, Processing, ``qgis_process``): the layer is refused at once
when it does not hold polygons (:func:`check_polygon_layer`); otherwise each polygon is flattened to 2D,
an invalid one is repaired with GEOS ``MakeValid`` and named in a warning, a NULL or empty one (or one
that no repair turns into a polygon) is reported in ``unmatched_codes`` (:func:`checked_units`).
The outcome is kept in ``units.attrs["checks"]`` so that a parsed copy of the layer reports it again.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..base.errors import TerritoryError
from ..base.i18n import tr

CHECKS = "checks"


def reason_words(reason: str) -> str:
    """A GEOS validity reason (``isValidReason``, kept as found) in words the user reads."""
    head = reason.split("[")[0].split(" at ")[0].strip()
    words = {
        "Self-intersection": tr("self-intersection"),
        "Ring Self-intersection": tr("ring self-intersection"),
        "Too few points in geometry component": tr("too few points"),
        "Hole lies outside shell": tr("hole outside its polygon"),
        "Holes are nested": tr("nested holes"),
        "Interior is disconnected": tr("interior disconnected"),
        "Nested shells": tr("nested polygons"),
        "Duplicate Rings": tr("duplicate rings"),
        "Invalid Coordinate": tr("invalid coordinate"),
        "Ring is not closed": tr("ring not closed"),
    }
    return words.get(head) or reason or tr("invalid geometry")


def check_polygon_layer(layer) -> None:
    """TerritoryError unless ``layer`` (a QgsVectorLayer or feature source) holds polygons."""
    from qgis.core import QgsWkbTypes

    from ...compat import GEOMETRY_POLYGON

    kind = layer.wkbType()
    if QgsWkbTypes.geometryType(kind) != GEOMETRY_POLYGON:
        name = layer.name() if hasattr(layer, "name") else layer.sourceName()
        raise TerritoryError(
            tr(
                "Layer {layer} holds {type} geometries: a commune layer must hold polygons "
                "(Polygon or MultiPolygon)."
            ).format(layer=name, type=QgsWkbTypes.displayString(kind))
        )


def _valid(geometry) -> tuple[bool, str]:
    """(whether GEOS finds ``geometry`` valid, why not: GEOS's reason); GDAL's message caught, not printed."""
    from osgeo import gdal

    messages: list[str] = []
    gdal.PushErrorHandler(lambda _cls, _no, text: messages.append(text))  # per thread in GDAL
    try:
        valid = geometry.IsValid()
    finally:
        gdal.PopErrorHandler()
    if valid:
        return True, ""
    text = messages[0] if messages else ""
    return False, text.split("[")[0].split(" at ")[0].strip() or "invalid geometry"


def _polygons(geometry):
    """The polygonal part of ``geometry`` as a MultiPolygon (None when it has none)."""
    from osgeo import ogr

    if geometry is None or geometry.IsEmpty():
        return None
    flat = ogr.GT_Flatten(geometry.GetGeometryType())
    if flat in (ogr.wkbPolygon, ogr.wkbMultiPolygon):
        return ogr.ForceToMultiPolygon(geometry)
    if flat == ogr.wkbGeometryCollection:
        parts = ogr.Geometry(ogr.wkbMultiPolygon)
        for index in range(geometry.GetGeometryCount()):
            part = _polygons(geometry.GetGeometryRef(index))
            for k in range(part.GetGeometryCount() if part is not None else 0):
                parts.AddGeometry(part.GetGeometryRef(k))
        return parts if parts.GetGeometryCount() else None
    return None


def _is_plain(cell, geometry) -> bool:
    """Whether a ``geom`` cell is a 2D MultiPolygon (WKB type read from its header when it is WKB)."""
    from osgeo import ogr

    if isinstance(cell, (bytes, bytearray)):
        wkb = bytes(cell[:5])
        return len(wkb) == 5 and int.from_bytes(wkb[1:5], "little" if wkb[0] == 1 else "big") == 6
    return geometry.GetGeometryType() == ogr.wkbMultiPolygon


def checked_units(units: pd.DataFrame, declared_z: bool = False) -> pd.DataFrame:
    """``units`` (``code_insee``, ``geom`` as WKB or ``ogr.Geometry``) with 2D, valid MultiPolygons;
    the outcome in ``attrs["checks"]``: ``repaired`` [(code, reason)], ``empty`` [code], ``flattened``."""
    from .units import SURFACE_COLUMNS, geometry_of

    geoms = units["geom"].to_numpy(dtype=object).copy()
    codes = units["code_insee"].tolist()
    repaired: list[tuple[str, str]] = []
    empty: list[str] = []
    flattened, changed = 0, []
    for row, cell in enumerate(geoms.tolist()):
        geometry = geometry_of(cell)
        present = geometry is not None and not geometry.IsEmpty()
        if present and _is_plain(cell, geometry) and _valid(geometry)[0]:
            continue
        if geometry is None or geometry.IsEmpty():
            empty.append(codes[row])
            if cell is not None:
                geoms[row] = None
                changed.append(row)
            continue
        fixed = geometry.Clone()
        if fixed.Is3D() or fixed.IsMeasured():
            fixed.FlattenTo2D()
            flattened += 1
        valid, reason = _valid(fixed)
        if not valid:
            fixed = _polygons(fixed.MakeValid())
            if fixed is None:
                empty.append(codes[row])
                geoms[row] = None
                changed.append(row)
                continue
            repaired.append((codes[row], reason))
        fixed = _polygons(fixed)
        geoms[row] = bytes(fixed.ExportToIsoWkb()) if isinstance(cell, (bytes, bytearray)) else fixed
        changed.append(row)
    out = units
    if changed:
        out = units.copy()
        out["geom"] = geoms
        surface = [c for c in SURFACE_COLUMNS if c in out.columns]
        if surface:  # recomputed from the repaired polygons
            where = out.index[changed]
            out.loc[where, surface] = np.nan
            if {"minx", "maxx", "miny", "maxy"} <= set(surface):
                for row in changed:
                    geometry = geometry_of(geoms[row])
                    if geometry is not None:
                        out.loc[out.index[row], ["minx", "maxx", "miny", "maxy"]] = geometry.GetEnvelope()
        out.attrs = dict(units.attrs)
    if declared_z and not flattened:  # read in 2D already from a layer with Z or M: dropped all the same
        flattened = sum(1 for cell in geoms.tolist() if cell is not None)
    out.attrs[CHECKS] = {"repaired": repaired, "empty": [c for c in empty if c], "flattened": flattened}
    return out


def report(units: pd.DataFrame) -> tuple[list[str], list[tuple]]:
    """(warnings, ``unmatched_codes`` rows) of the checks of ``checked_units``."""
    checks = units.attrs.get(CHECKS) or {}
    warnings, rows = [], []
    repaired = checks.get("repaired") or []
    if repaired:
        named = ", ".join(f"{code} ({reason_words(reason)})" for code, reason in repaired[:10])
        more = " …" if len(repaired) > 10 else ""
        warnings.append(
            tr("{n} invalid commune polygon(s) were repaired (GEOS MakeValid): {list}").format(
                n=len(repaired), list=named + more
            )
        )
        rows += [("communes_geo", code, "repaired_geometry", reason) for code, reason in repaired]
    empty = checks.get("empty") or []
    if empty:
        warnings.append(
            tr(
                "{n} commune(s) have no usable polygon (NULL or empty geometry): {list}; their "
                "place counts and distances are left empty."
            ).format(n=len(empty), list=", ".join(empty[:10]) + (" …" if len(empty) > 10 else ""))
        )
        rows += [
            ("communes_geo", code, "no_geometry", "NULL or empty geometry in the commune layer")
            for code in empty
        ]
    if checks.get("flattened"):
        warnings.append(
            tr(
                "{n} commune polygon(s) had Z or M values: they were dropped (2D polygons " "written)."
            ).format(n=checks["flattened"])
        )
    return warnings, rows
