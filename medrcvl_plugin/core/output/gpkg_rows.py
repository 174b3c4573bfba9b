"""Rows of the diagnostic GeoPackage as sqlite values: geometry blobs, typed columns, bulk inserts.

GeoPackage geometry blobs are built from ISO WKB (the standard 8-byte header + envelope): the headers
are packed by numpy and each is bound with its WKB, SQLite joining the two (no copy in Python).
Column values are made the cheapest Python objects the sqlite3 module binds (floats, NaN for every
NULL: SQLite stores a NaN double as NULL; bytearray headers: no adaptation lookup), laid out row after
row in one flat list and inserted by statements of many rows (``_insert``).
"""

from __future__ import annotations

import sqlite3
import struct
from itertools import repeat

import numpy as np
import pandas as pd

SRID = 2154
_HEADER = struct.Struct("<2sBBi4d")  # magic, version, flags (LE + xy envelope), srs_id, envelope
_HEADER_DTYPE = np.dtype([("magic", "S2"), ("version", "u1"), ("flags", "u1"), ("srs_id", "<i4"),
                          ("envelope", "<f8", (4,))])  # the same 40 bytes, for many blobs at once
_MULTI_LE = b"\x01\x06\x00\x00\x00"  # ISO WKB: little endian, MultiPolygon (2D)
#: what NA is bound as: SQLite stores a NaN double as NULL, and the sqlite3 module binds a float at
#: once where None goes through its adaptation lookups
NULL = float("nan")
#: a geometry bound as (header, WKB): SQLite's ``||`` joins their bytes (as text) and CAST gives the blob back
GEOMETRY_VALUE = "CAST(? || ? AS BLOB)"
#: rows per INSERT statement: one statement step (and AUTOINCREMENT update) for many rows
ROWS_PER_STATEMENT = 50


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


def _column_array(series: pd.Series, kind: str) -> np.ndarray:
    """One column as a numpy array of what sqlite binds best: float64 reals (NaN: NULL in SQLite, and a
    float binds faster than None, which goes through the sqlite3 module's adaptation lookups), int64
    integers and booleans (0/1), else objects (Python ints or str, ``NULL`` for NA)."""
    if kind == "real":
        return series.to_numpy(dtype=float, na_value=np.nan)
    if kind == "str":
        values = series.to_numpy(dtype=object)
        if pd.api.types.infer_dtype(values, skipna=False) == "string":  # text only, no NA
            return values
    present = series.notna().to_numpy()
    if kind in ("int", "int64", "bool"):
        if pd.api.types.is_integer_dtype(series) or pd.api.types.is_bool_dtype(series):
            if present.all():
                return series.to_numpy(dtype="int64")
            out = series.to_numpy(dtype="int64", na_value=0).astype(object)  # Python ints
            out[~present] = NULL
            return out
        raw = series.astype(object).tolist()
        return _objects([int(v) if ok else NULL for v, ok in zip(raw, present)])
    if not present.any():
        return np.full(len(values), NULL, dtype=object)
    if pd.api.types.infer_dtype(values[present], skipna=False) == "string":  # text and NULLs only
        out = values.copy()
        out[~present] = NULL
        return out
    raw = values.tolist()
    return _objects([(v if v.__class__ is str else str(v)) if ok else NULL for v, ok in zip(raw, present)])


def _objects(values: list) -> np.ndarray:
    """A 1-d object array holding the items of ``values`` as they are."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _rows(frame: pd.DataFrame, kinds: list[str], *leading: list) -> list:
    """The rows of ``frame`` as one flat list of Python values (see ``_column_array``), row after
    row, each after the ``leading`` columns (fid, geometry…) when given."""
    count, skip = len(frame), len(leading)
    width = skip + len(kinds)
    cells = np.empty((count, width), dtype=object)  # numpy makes the Python floats and ints
    for index, ((_, series), kind) in enumerate(zip(frame.items(), kinds), start=skip):
        cells[:, index] = _column_array(series, kind)
    flat = cells.ravel().tolist()
    for index, column in enumerate(leading):
        flat[index::width] = column if isinstance(column, list) else list(column)
    return flat


def _blob_parts(geometries: list, known=None) -> tuple[list, list, np.ndarray]:
    """(headers, WKBs, (n, 4) envelopes with NaN rows) of the GeoPackage blobs of the geometries (None,
    None for a missing or empty one): a blob is its 40-byte header (a bytearray: bound without the
    sqlite3 module's adaptation lookup) followed by its WKB, joined by SQLite (``GEOMETRY_VALUE``)
    instead of copied in Python. ISO WKB MultiPolygons (bytes) are used as they are with the envelope
    of ``known``; other geometries are parsed and encoded with OGR."""
    count = len(geometries)
    boxes = np.full((count, 4), np.nan)
    if known is not None and count:
        boxes[:] = known
    finite = np.isfinite(boxes).all(axis=1)
    if count and set(map(type, geometries)) == {bytes}:  # WKB only: checked by C loops
        fast = (finite & np.fromiter(map(bytes.startswith, geometries, repeat(_MULTI_LE)), bool, count)
                & (np.fromiter(map(len, geometries), np.int64, count) > 9))
    else:
        fast = np.array([ok and g.__class__ is bytes and g.startswith(_MULTI_LE) and len(g) > 9
                         for g, ok in zip(geometries, finite.tolist())], dtype=bool).reshape(-1)
    headers = np.zeros(count, _HEADER_DTYPE)
    headers["magic"], headers["flags"], headers["srs_id"], headers["envelope"] = b"GP", 0b011, SRID, boxes
    packed = bytearray(headers.tobytes())
    heads = [packed[start:start + 40] for start in range(0, 40 * count, 40)]
    wkbs = list(geometries)
    for index in np.flatnonzero(~fast).tolist():
        blob, envelope = _slow_blob(geometries[index], bool(finite[index]), boxes[index].tolist())
        heads[index], wkbs[index] = (None, None) if blob is None else (bytearray(blob[:40]), blob[40:])
        boxes[index] = np.nan if envelope is None else envelope
    return heads, wkbs, boxes


def _slow_blob(geometry, finite: bool, known: list) -> tuple:
    """(blob, envelope) of an OGR geometry, of WKB without a ``finite`` ``known`` envelope, or (None,
    None)."""
    from osgeo import ogr

    if geometry.__class__ is bytes and finite and geometry[:5] == _MULTI_LE:  # 9 bytes at most
        if geometry[5:9] == b"\0\0\0\0":
            return None, None  # an empty MultiPolygon
        return geometry_blob(geometry, tuple(known)), tuple(known)
    if isinstance(geometry, (bytes, bytearray)):
        geometry = ogr.CreateGeometryFromWkb(bytes(geometry))
    if geometry is None or geometry.IsEmpty():
        return None, None
    if geometry.GetGeometryType() != ogr.wkbMultiPolygon:
        geometry = ogr.ForceToMultiPolygon(geometry)
    envelope = geometry.GetEnvelope()
    return geometry_blob(bytes(geometry.ExportToIsoWkb()), envelope), envelope


def _blobs(geometries: list, known=None) -> tuple[list, list]:
    """(whole GeoPackage blobs or None, envelope tuples or None) of the geometries: the header and WKB
    of ``_blob_parts`` joined in Python (what SQLite stores)."""
    heads, wkbs, boxes = _blob_parts(geometries, known)
    blobs = [None if h is None else h + w for h, w in zip(heads, wkbs)]
    return blobs, [tuple(b) if b[0] == b[0] else None for b in boxes.tolist()]


def insert_values(db: sqlite3.Connection, head: str, flat: list, width: int, row: str = "") -> None:
    """Execute ``head`` (``INSERT INTO t (…)``) ``VALUES`` for the rows of ``flat`` (``width`` values
    each, row after row; ``row``: the SQL of one row, ``width`` ``?`` by default), many rows per
    statement."""
    if not flat:
        return
    limit = db.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) if hasattr(db, "getlimit") else 999
    per = max(1, min(ROWS_PER_STATEMENT if width > 2 else 500, limit // width))
    row = row or "(" + ", ".join("?" * width) + ")"
    step, stop = per * width, len(flat) - len(flat) % (per * width)
    if stop:
        statement = f"{head} VALUES {', '.join([row] * per)}"
        for start in range(0, stop, step):
            db.execute(statement, flat[start:start + step])
    if stop < len(flat):
        db.execute(f"{head} VALUES {', '.join([row] * ((len(flat) - stop) // width))}", flat[stop:])


def _insert(db: sqlite3.Connection, table: str, columns: list[str], flat: list, parts: bool = False) -> None:
    """Bulk INSERT into ``table`` of the rows of ``flat`` (``len(columns)`` values each, see ``_rows``;
    with ``parts``, the second column takes two values: the header and WKB of ``_blob_parts``)."""
    if not flat:
        return
    quoted = ", ".join(f'"{c}"' for c in columns)
    # GDAL's per-row feature-count trigger (an UPDATE per row) is lifted during the bulk insert and
    # the count added once: the same gpkg_ogr_contents at the end, half the time
    name = f"trigger_insert_feature_count_{table}"
    found = db.execute("SELECT sql FROM sqlite_master WHERE type='trigger' AND name=?", (name,)).fetchone()
    if found is not None:
        db.execute(f'DROP TRIGGER "{name}"')
    width = len(columns) + parts
    row = f"(?, {GEOMETRY_VALUE}{', ?' * (width - 3)})" if parts else ""
    insert_values(db, f'INSERT INTO "{table}" ({quoted})', flat, width, row)
    if found is not None:
        db.execute("UPDATE gpkg_ogr_contents SET feature_count = feature_count + ? "
                   "WHERE lower(table_name) = lower(?)", (len(flat) // width, table))
        db.execute(found[0])
