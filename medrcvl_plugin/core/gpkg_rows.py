"""Rows of the diagnostic GeoPackage as sqlite values: geometry blobs, typed columns, bulk inserts.

GeoPackage geometry blobs are built here from ISO WKB (the standard 8-byte header + envelope);
column values are made the cheapest Python objects the sqlite3 module binds (floats with NaN for
NULL reals: SQLite stores a NaN double as NULL; bytearray blobs: no adaptation lookup).
"""

from __future__ import annotations

import sqlite3
import struct

import numpy as np
import pandas as pd

SRID = 2154
_HEADER = struct.Struct("<2sBBi4d")  # magic, version, flags (LE + xy envelope), srs_id, envelope
_MULTI_LE = b"\x01\x06\x00\x00\x00"  # ISO WKB: little endian, MultiPolygon (2D)


def kind_of(series: pd.Series) -> str:
    """The field kind of a pandas column (bool → GeoPackage BOOLEAN, codes and objects → str)."""
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if pd.api.types.is_integer_dtype(series):
        return "int64" if pd.api.types.is_integer_dtype(series) and series.abs().max() > 2**31 - 1 else "int"
    if pd.api.types.is_float_dtype(series):
        return "real"
    return "str"


def geometry_blob(wkb: bytes, envelope: tuple[float, float, float, float]) -> bytes:
    """A GeoPackage geometry blob (EPSG:2154, little endian, xy envelope ``minx, maxx, miny, maxy``)."""
    return _HEADER.pack(b"GP", 0, 0b011, SRID, *envelope) + wkb


def _column_values(series: pd.Series, kind: str) -> list:
    """One column as Python values for sqlite (NA → None, or NaN for reals; bools → 0/1, ints as int)."""
    if kind == "real":  # NaN stays NaN: SQLite stores a NaN bound as a double as NULL, and a float
        # binds faster than None (which goes through the sqlite3 module's adaptation lookups)
        return series.to_numpy(dtype=float, na_value=np.nan).tolist()
    present = series.notna().to_numpy()
    if kind in ("int", "int64", "bool"):
        if pd.api.types.is_integer_dtype(series) or pd.api.types.is_bool_dtype(series):
            if present.all():
                return series.to_numpy(dtype="int64").tolist()
            out = series.to_numpy(dtype="int64", na_value=0).astype(object)  # Python ints
            out[~present] = None
            return out.tolist()
        raw = series.astype(object).tolist()
        return [int(v) if ok else None for v, ok in zip(raw, present)]
    values = series.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(values[present], skipna=False) == "string":  # text and NULLs only
        out = values.copy()
        out[~present] = None
        return out.tolist()
    raw = values.tolist()
    return [(v if v.__class__ is str else str(v)) if ok else None for v, ok in zip(raw, present)]


def _rows(frame: pd.DataFrame, kinds: list[str], *leading: list) -> list[tuple]:
    """Rows of ``frame`` as Python values (see ``_column_values``), after the
    ``leading`` columns (fid, geometry…) when given."""
    columns = [*leading, *(_column_values(series, kind) for (_, series), kind in zip(frame.items(), kinds))]
    return list(zip(*columns)) if columns else []


def _blobs(geometries: list, known=None) -> tuple[list, list]:
    """(GeoPackage blobs, envelopes) of the geometries (None for a missing or empty one); ISO WKB
    MultiPolygons (bytes) are used as they are with the envelope of ``known``."""
    from osgeo import ogr

    blobs, envelopes = [], []
    finite = np.isfinite(known).all(axis=1).tolist() if known is not None else [False] * len(geometries)
    bounds = known.tolist() if known is not None else []
    pack, header = _HEADER.pack, (b"GP", 0, 0b011, SRID)
    for index, geometry in enumerate(geometries):
        if geometry.__class__ is bytes and finite[index] and geometry[:5] == _MULTI_LE:
            if len(geometry) <= 9 and geometry[5:9] == b"\0\0\0\0":  # no polygon: empty
                blobs.append(None)
                envelopes.append(None)
                continue
            env = tuple(bounds[index])
            envelopes.append(env)
            # = geometry_blob(geometry, env), as a bytearray: the sqlite3 module binds it without adaptation
            blobs.append(bytearray(pack(*header, *env)) + geometry)
            continue
        if isinstance(geometry, (bytes, bytearray)):
            geometry = ogr.CreateGeometryFromWkb(bytes(geometry))
        if geometry is None or geometry.IsEmpty():
            blobs.append(None)
            envelopes.append(None)
            continue
        if geometry.GetGeometryType() != ogr.wkbMultiPolygon:
            geometry = ogr.ForceToMultiPolygon(geometry)
        env = geometry.GetEnvelope()
        envelopes.append(env)
        blobs.append(geometry_blob(bytes(geometry.ExportToIsoWkb()), env))
    return blobs, envelopes


def _insert(db: sqlite3.Connection, table: str, columns: list[str], rows: list[tuple]) -> None:
    """Bulk INSERT of ``rows`` into ``table``."""
    if not rows:
        return
    quoted = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    # GDAL's per-row feature-count trigger (an UPDATE per row) is lifted during the bulk insert and
    # the count added once: the same gpkg_ogr_contents at the end, half the time
    name = f"trigger_insert_feature_count_{table}"
    found = db.execute("SELECT sql FROM sqlite_master WHERE type='trigger' AND name=?", (name,)).fetchone()
    if found is not None:
        db.execute(f'DROP TRIGGER "{name}"')
    db.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', rows)
    if found is not None:
        db.execute("UPDATE gpkg_ogr_contents SET feature_count = feature_count + ? "
                   "WHERE lower(table_name) = lower(?)", (len(rows), table))
        db.execute(found[0])
