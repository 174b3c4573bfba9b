"""Fast bulk read of commune polygons from a GDAL vector file, for ``geometries.units_from_ogr``.

The code, name and geometry columns are read in one Arrow batch (the C data interface, read with
ctypes: no Python object per feature), the WKB is parsed into a ``Ragged`` and projected to
Lambert-93 with numpy (``ragged``), envelopes and points on surface are computed in bulk
(``interior``). Used only when the result is that of GDAL: a geographic WGS84 / RGF93 or
Lambert-93 layer of 2D (Multi)Polygons; anything else returns None (the caller falls back).

The ``Ragged`` of the units is attached to the frame: ``ragged_of(frame)`` returns it while the
frame's ``geom`` cells are still those read (same rows, same order), None otherwise.
"""

from __future__ import annotations

import ctypes
import operator

import numpy as np
import pandas as pd

from . import ragged as rg

#: geographic CRS whose coordinates go to EPSG:2154 by a null datum shift + Lambert-93 (checked at run time)
GEOGRAPHIC = ("EPSG:4326", "EPSG:4171", "OGC:CRS84")
_EMPTY_MULTIPOLYGON = b"\x01\x06\x00\x00\x00\x00\x00\x00\x00"


class _Schema(ctypes.Structure):
    """Arrow C data interface ``ArrowSchema``."""


_Schema._fields_ = [("format", ctypes.c_char_p), ("name", ctypes.c_char_p), ("metadata", ctypes.c_void_p),
                    ("flags", ctypes.c_int64), ("n_children", ctypes.c_int64),
                    ("children", ctypes.POINTER(ctypes.POINTER(_Schema))), ("dictionary", ctypes.c_void_p),
                    ("release", ctypes.c_void_p), ("private_data", ctypes.c_void_p)]


class _Array(ctypes.Structure):
    """Arrow C data interface ``ArrowArray``."""


_Array._fields_ = [("length", ctypes.c_int64), ("null_count", ctypes.c_int64), ("offset", ctypes.c_int64),
                   ("n_buffers", ctypes.c_int64), ("n_children", ctypes.c_int64),
                   ("buffers", ctypes.POINTER(ctypes.c_void_p)),
                   ("children", ctypes.POINTER(ctypes.POINTER(_Array))),
                   ("dictionary", ctypes.c_void_p), ("release", ctypes.c_void_p),
                   ("private_data", ctypes.c_void_p)]

_OFFSETS = {b"u": np.int32, b"z": np.int32, b"U": np.int64, b"Z": np.int64}
_VALUES = {b"c": np.int8, b"s": np.int16, b"i": np.int32, b"l": np.int64, b"f": np.float32, b"g": np.float64}


class _Attached:
    """The ``Ragged`` of a units frame, in ``DataFrame.attrs`` (never deep-copied nor compared by value)."""

    __slots__ = ("cells", "ragged")

    def __init__(self, ragged: rg.Ragged, cells: list):
        self.ragged, self.cells = ragged, cells

    def __deepcopy__(self, memo):
        return self


def ragged_of(units: pd.DataFrame) -> rg.Ragged | None:
    """The ``Ragged`` of ``units["geom"]`` when read in bulk and the rows are still those read."""
    attached = units.attrs.get("ragged")
    if (not isinstance(attached, _Attached) or "geom" not in units.columns
            or len(units) != len(attached.cells)):
        return None
    same = all(map(operator.is_, units["geom"].to_numpy(dtype=object), attached.cells))
    return attached.ragged if same else None


def _memory(address: int | None, count: int, dtype) -> np.ndarray:
    """A numpy view of ``count`` values at a C address (no copy; the owner must outlive it)."""
    dtype = np.dtype(dtype)
    if not count:
        return np.empty(0, dtype=dtype)
    raw = (ctypes.c_uint8 * (count * dtype.itemsize)).from_address(address)
    return np.frombuffer(raw, dtype=dtype)


def _column(array: _Array, fmt: bytes) -> tuple:
    """(kind, values…) of one Arrow column: ("bin", data, starts, ends, valid) or ("val", values, valid)."""
    n, first = array.length, array.offset
    if n and (array.n_buffers < 2 or not array.buffers[1]):
        raise ValueError("Arrow column without values")
    valid = np.ones(n, dtype=bool)
    if array.null_count and array.buffers[0]:
        bits = _memory(array.buffers[0], (first + n + 7) // 8, np.uint8)
        valid = np.unpackbits(bits, bitorder="little")[first:first + n].astype(bool)
    if fmt in _OFFSETS:
        offsets = _memory(array.buffers[1], first + n + 1, _OFFSETS[fmt])[first:].astype(np.int64)
        data = _memory(array.buffers[2], int(offsets[-1]), np.uint8)
        return "bin", data, offsets[:-1], offsets[1:], valid
    if fmt in _VALUES:
        return "val", _memory(array.buffers[1], first + n, _VALUES[fmt])[first:], valid
    raise ValueError(f"Arrow format {fmt!r}")


def _arrow(layer, names: list[str]) -> tuple[dict[str, tuple], list] | None:
    """The columns ``names`` of an OGR layer from its Arrow stream, and the batches that own their
    memory (keep them alive while the columns are used); None when a column is missing."""
    if not hasattr(layer, "GetArrowStream"):
        return None
    stream = layer.GetArrowStream()
    if stream is None:
        return None
    schema_object = stream.GetSchema()
    schema = _Schema.from_address(schema_object._getPtr())
    formats = {schema.children[i].contents.name.decode(): schema.children[i].contents.format
               for i in range(schema.n_children)}
    index = {name: position for position, name in enumerate(formats)}
    if any(name not in formats for name in names):
        return None
    parts: dict[str, list] = {name: [] for name in names}
    batches = []
    while (batch := stream.GetNextRecordBatch()) is not None:
        batches.append(batch)
        array = _Array.from_address(batch._getPtr())
        for name in names:
            parts[name].append(_column(array.children[index[name]].contents, formats[name]))
    return {name: _joined(chunks) for name, chunks in parts.items()}, [*batches, schema_object, stream]


def _joined(chunks: list[tuple]) -> tuple:
    """One column from the columns of several batches."""
    if len(chunks) == 1:
        return chunks[0]
    if not chunks:
        return "val", np.empty(0), np.empty(0, dtype=bool)
    if chunks[0][0] == "val":
        return "val", np.concatenate([c[1] for c in chunks]), np.concatenate([c[2] for c in chunks])
    shift = np.cumsum([0] + [len(c[1]) for c in chunks[:-1]])
    return ("bin", np.concatenate([c[1] for c in chunks]),
            np.concatenate([c[2] + s for c, s in zip(chunks, shift)]),
            np.concatenate([c[3] + s for c, s in zip(chunks, shift)]), np.concatenate([c[4] for c in chunks]))


def _values(column: tuple) -> list:
    """Python values of a column (text decoded, None when null)."""
    if column[0] == "bin":
        _, data, starts, ends, valid = column
        raw = data.tobytes()
        if raw.isascii():
            text = raw.decode("ascii")
            out = [text[a:b] for a, b in zip(starts.tolist(), ends.tolist())]
        else:
            out = [raw[a:b].decode("utf-8") for a, b in zip(starts.tolist(), ends.tolist())]
    else:
        _, values, valid = column
        out = values.tolist()
    if not valid.all():
        out = [value if ok else None for value, ok in zip(out, valid.tolist())]
    return out


def _codes(column: tuple) -> list[str] | None:
    """The codes of a text column when all are already clean (5 upper-case ASCII characters, no
    space, none null: ``_clean_code`` would return them unchanged); None otherwise."""
    if column[0] != "bin" or not len(column[2]) or not column[4].all():
        return None
    _, data, starts, ends, _valid = column
    raw = data[starts[0]:ends[-1]].tobytes()
    if (ends - starts != 5).any() or (starts[1:] != ends[:-1]).any() or not raw.isascii() \
            or raw.upper() != raw or len(raw.split()) != 1:
        return None
    text = raw.decode("ascii")
    return [text[at:at + 5] for at in range(0, len(text), 5)]


def _projection(srs) -> str | None:
    """"keep" for Lambert-93, "lcc" for geographic WGS84/RGF93 longitude/latitude data, else None."""
    from osgeo import osr

    if srs is None:
        return "lcc"  # read as EPSG:4326, like the GDAL path
    for kind, names in (("keep", ("EPSG:2154",)), ("lcc", GEOGRAPHIC)):
        for name in names:
            candidate = osr.SpatialReference()
            candidate.SetFromUserInput(name)
            candidate.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
            if srs.IsSame(candidate) and list(srs.GetDataAxisToSRSAxisMapping()) == list(
                    candidate.GetDataAxisToSRSAxisMapping()):
                return kind
    return None


def _same_as_proj(srs, x: np.ndarray, y: np.ndarray, sample: int = 64) -> bool:
    """Whether ``lonlat_to_lambert93`` gives what PROJ gives (within 1e-6 m) from ``srs`` on a sample
    of the vertices (a datum shift or another pipeline makes the fast path wrong)."""
    from osgeo import osr

    source = osr.SpatialReference()
    if srs is None:
        source.ImportFromEPSG(4326)
    else:
        source = srs.Clone()
    target = osr.SpatialReference()
    target.ImportFromEPSG(2154)
    for each in (source, target):
        each.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    picks = np.unique(np.linspace(0, len(x) - 1, min(sample, len(x))).astype(np.int64))
    lon = np.append(x[picks], [-1.5, 8.0, 3.0])
    lat = np.append(y[picks], [43.0, 49.0, 46.5])
    try:
        points = np.array(osr.CoordinateTransformation(source, target).TransformPoints(
            np.column_stack([lon, lat]).tolist()), dtype=float)
    except (RuntimeError, TypeError, ValueError):
        return False
    ours = np.column_stack(rg.lonlat_to_lambert93(lon, lat))
    return bool(np.all(np.abs(points[:, :2] - ours) < 1e-6))


def read_units(source: str, code_field: str, name_field: str | None, as_wkb: bool = False,
               surface: bool = False) -> pd.DataFrame | None:
    """``geometries.units_from_ogr`` without GDAL reprojection; None when this path does not apply."""
    from osgeo import ogr

    from .units import SURFACE_COLUMNS, _clean_code, _open_ogr

    points_on_surface = None
    if surface:
        try:
            from .interior import points_on_surface
        except ImportError:
            return None
    ds, layer = _open_ogr(source)
    if layer is None:
        return None
    definition = layer.GetLayerDefn()
    kind = layer.GetGeomType()
    if (definition.GetFieldIndex(code_field) < 0 or ogr.GT_HasZ(kind) or ogr.GT_HasM(kind)
            or ogr.GT_Flatten(kind) not in (ogr.wkbPolygon, ogr.wkbMultiPolygon, ogr.wkbUnknown)):
        return None
    fields = [code_field] + ([name_field] if name_field and definition.GetFieldIndex(name_field) >= 0
                             and name_field != code_field else [])
    geometry_name = layer.GetGeometryColumn() or "wkb_geometry"
    try:
        projection = _projection(layer.GetSpatialRef())
        if projection is None:
            return None
        layer.SetIgnoredFields([definition.GetFieldDefn(i).GetName()
                                for i in range(definition.GetFieldCount())
                                if definition.GetFieldDefn(i).GetName() not in fields])
        read = _arrow(layer, [*fields, geometry_name])
        if read is None:
            return None
        columns, _owners = read
        _, data, starts, ends, valid = columns[geometry_name]
        ends = np.where(valid, ends, starts)
        codes = _codes(columns[code_field]) or [_clean_code(v) for v in _values(columns[code_field])]
        names = _values(columns[name_field]) if len(fields) > 1 else [None] * len(codes)
        return _frame(codes, names, data, starts, ends, projection, layer.GetSpatialRef(), as_wkb,
                      points_on_surface, SURFACE_COLUMNS)
    except (ValueError, RuntimeError, TypeError, AttributeError, IndexError):
        return None


def _frame(codes, names, data, starts, ends, projection, srs, as_wkb, points_on_surface, surface_columns):
    """The units frame from the parsed columns (see ``read_units``)."""
    from osgeo import ogr

    present = ends > starts
    raw_ok = projection == "keep" and bool(
        (data[starts[present]] == 1).all() and (rg._view(data, "<u4")[starts[present] + 1] == 6).all())
    r = at = None
    if not raw_ok or points_on_surface is not None:
        r, at = rg.read_wkb(data, starts, ends)
        if projection == "lcc":
            if len(r.x) and not _same_as_proj(srs, r.x, r.y):
                return None
            rg.lonlat_to_lambert93(r.x, r.y, out=(r.x, r.y))  # r is ours: projected in place
    if raw_ok:
        memory = memoryview(data)
        geoms = [bytes(memory[a:b]) if a < b else None for a, b in zip(starts.tolist(), ends.tolist())]
    elif at is not None:  # little-endian MultiPolygons: the same WKB with the new vertices
        geoms = rg.rewrite_wkb(data, starts, ends, at, r)
    else:
        geoms = rg.to_wkb(r)
        lost = present & (np.diff(r.geom_offsets) == 0)  # e.g. an empty MultiPolygon: kept empty
        for row in np.nonzero(lost)[0].tolist():
            geoms[row] = _EMPTY_MULTIPOLYGON
    if not as_wkb:
        geoms = [ogr.CreateGeometryFromWkb(w) if w is not None else None for w in geoms]
    frame = pd.DataFrame({"code_insee": codes, "nom": names, "geom": geoms})
    if points_on_surface is not None:
        sx, sy = points_on_surface(r)
        bounds = rg.envelopes(r)
        for column, values in zip(surface_columns, (sx, sy, *bounds.T)):
            frame[column] = np.asarray(values, dtype=float)
    if r is not None:
        frame.attrs["ragged"] = _Attached(r, geoms)
    return frame
