"""(Multi)polygons as flat numpy arrays (the GeoArrow "ragged" layout), for bulk geometry work.

The vertices of every ring of every polygon of every geometry are stored end to end in ``x``/``y``;
three offset arrays say where each ring, polygon and geometry starts (the first ring of a polygon is
its exterior ring; a geometry with no polygon is empty or missing).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass
class Ragged:
    """Flat coordinates of a list of MultiPolygons."""

    x: np.ndarray  # float64, every vertex (rings are closed: last vertex == first)
    y: np.ndarray  # float64
    ring_offsets: np.ndarray  # int64, len = rings + 1: ring r = vertices [ring_offsets[r], …[r+1])
    poly_offsets: np.ndarray  # int64, len = polygons + 1: polygon p = rings [poly_offsets[p], …[p+1])
    geom_offsets: np.ndarray  # int64, len = geometries + 1: geometry g = polygons [geom_offsets[g], …[g+1])

    def __len__(self) -> int:
        """The number of geometries."""
        return len(self.geom_offsets) - 1


_MULTIPOLYGON, _POLYGON = 6, 3
#: below this many geometries still being walked, ``from_wkb`` finishes them in plain Python
_FEW = 8


def _view(buffer, dtype: str) -> np.ndarray:
    """Values of ``dtype`` starting at every byte of ``buffer`` (unaligned, overlapping: index = byte)."""
    size = np.dtype(dtype).itemsize
    count = max(len(buffer) - size + 1, 0)
    return np.ndarray((count,), dtype=dtype, buffer=buffer if count else bytes(size), strides=(1,))


class _Walk:
    """The headers of WKB (Multi)Polygons, read level by level for all geometries at once."""

    def __init__(self, data: bytes, starts: np.ndarray, ends: np.ndarray):
        self.data, self.ends = data, ends
        self.byte = np.frombuffer(data, dtype=np.uint8)
        self.u32 = {1: _view(data, "<u4"), 0: _view(data, ">u4")}
        self.polys: list[tuple] = []  # (geometry, ring count, sequence)
        self.rings: list[tuple] = []  # (geometry, first coordinate byte, points, little endian, sequence)
        n = len(starts)
        self.pos = starts.copy()
        self.polys_left = np.zeros(n, dtype=np.int64)
        self.rings_left = np.zeros(n, dtype=np.int64)
        self.order = np.ones(n, dtype=np.int64)
        self.little = True  # every header read so far is little-endian
        self.iso_multi = True  # every geometry is a MultiPolygon
        present = np.nonzero(ends > starts)[0]
        if len(present):
            order, kind = self._header(present, starts[present], 9)
            count = self._u32(order, starts[present] + 5)
            if not np.isin(kind, (_POLYGON, _MULTIPOLYGON)).all():
                raise ValueError("not a 2D WKB Polygon or MultiPolygon")
            multi = kind == _MULTIPOLYGON
            self.iso_multi = bool(multi.all())
            self.polys_left[present] = np.where(multi, count, 1)
            self.pos[present] = np.where(multi, starts[present] + 9, starts[present])

    def _u32(self, order: np.ndarray, at: np.ndarray) -> np.ndarray:
        """uint32 at byte offsets ``at`` in the byte order ``order`` (1 little, 0 big endian)."""
        out = self.u32[1][at].astype(np.int64)
        big = order == 0
        if big.any():
            out[big] = self.u32[0][at[big]]
        return out

    def _header(self, rows: np.ndarray, at: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
        """Byte order and type of the WKB headers at ``at`` (geometries ``rows``), bounds checked."""
        if (at + size > self.ends[rows]).any():
            raise ValueError("truncated WKB")
        order = self.byte[at].astype(np.int64)
        if (order > 1).any():
            raise ValueError("bad WKB byte order")
        self.little = self.little and bool(order.all())
        return order, self._u32(order, at + 1)

    def run(self) -> None:
        """Walk every geometry to its end (vectorised while many remain, then one by one)."""
        sequence = 0
        active = np.nonzero(self.polys_left > 0)[0]
        while len(active) > _FEW:
            head = self.rings_left[active] == 0
            rows = active[head]
            if len(rows):
                order, kind = self._header(rows, self.pos[rows], 9)
                if (kind != _POLYGON).any():
                    raise ValueError("not a 2D WKB Polygon")
                count = self._u32(order, self.pos[rows] + 5)
                self.polys.append((rows, count, sequence))
                self.order[rows], self.rings_left[rows] = order, count
                self.polys_left[rows] -= 1
                self.pos[rows] += 9
            rows = active[~head]
            if len(rows):
                at = self.pos[rows]
                if (at + 4 > self.ends[rows]).any():
                    raise ValueError("truncated WKB")
                points = self._u32(self.order[rows], at)
                self.rings.append((rows, at + 4, points, self.order[rows], sequence))
                self.rings_left[rows] -= 1
                self.pos[rows] = at + 4 + 16 * points
            sequence += 1
            active = active[(self.polys_left[active] > 0) | (self.rings_left[active] > 0)]
        for row in active.tolist():
            self._one(row, sequence)

    def _one(self, row: int, sequence: int) -> None:
        """Walk the rest of one geometry in plain Python."""
        import struct

        data, end = self.data, int(self.ends[row])
        pos, polys, rings = int(self.pos[row]), int(self.polys_left[row]), int(self.rings_left[row])
        order = int(self.order[row])
        while polys or rings:
            if not rings:
                if pos + 9 > end or data[pos] > 1:
                    raise ValueError("truncated or bad WKB")
                order = int(data[pos])
                self.little = self.little and order == 1
                kind, rings = struct.unpack_from("<II" if order else ">II", data, pos + 1)
                if kind != _POLYGON:
                    raise ValueError("not a 2D WKB Polygon")
                self.polys.append(([row], [rings], sequence))
                polys, pos = polys - 1, pos + 9
            else:
                if pos + 4 > end:
                    raise ValueError("truncated WKB")
                (points,) = struct.unpack_from("<I" if order else ">I", data, pos)
                self.rings.append(([row], [pos + 4], [points], [order], sequence))
                rings, pos = rings - 1, pos + 4 + 16 * points
            sequence += 1
        self.pos[row] = pos


def _stack(records: list[tuple], fields: int) -> list[np.ndarray]:
    """The fields of the walk records, sorted by geometry then sequence."""
    if not records:
        return [np.empty(0, dtype=np.int64) for _ in range(fields)]
    columns = [np.concatenate([np.asarray(r[i], dtype=np.int64) for r in records]) for i in range(fields)]
    sequence = np.concatenate([np.full(len(r[0]), r[-1], dtype=np.int64) for r in records])
    order = np.lexsort((sequence, columns[0]))
    return [c[order] for c in columns]


def _offsets(counts: np.ndarray) -> np.ndarray:
    """Offsets (len + 1, starting at 0) of consecutive runs of ``counts`` items."""
    out = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=out[1:])
    return out


def from_wkb(wkbs: Sequence[bytes | None]) -> Ragged:
    """Parse 2D ISO/OGC WKB Polygons and MultiPolygons (either byte order; None = no polygon) in bulk.

    Raises ValueError for any other geometry (Z/M, curves, collections…) or malformed WKB.
    """
    sizes = np.fromiter((0 if w is None else len(w) for w in wkbs), dtype=np.int64, count=len(wkbs))
    offsets = _offsets(sizes)
    return from_wkb_buffer(b"".join(w for w in wkbs if w is not None), offsets[:-1], offsets[1:])


def from_wkb_buffer(data, starts: np.ndarray, ends: np.ndarray) -> Ragged:
    """``from_wkb`` of the geometries ``data[starts[i]:ends[i]]`` of one buffer (bytes or uint8 array,
    e.g. an Arrow binary column); an empty slice is no polygon."""
    return read_wkb(data, starts, ends)[0]


def read_wkb(data, starts: np.ndarray, ends: np.ndarray) -> tuple[Ragged, np.ndarray | None]:
    """``from_wkb_buffer``, and the byte offset in ``data`` of every vertex when all the geometries are
    little-endian MultiPolygons (their WKB is then that of ``to_wkb``: see ``rewrite_wkb``), else None."""
    starts = np.asarray(starts, dtype=np.int64)
    ends = np.asarray(ends, dtype=np.int64)
    walk = _Walk(data, starts, ends)
    walk.run()
    if (walk.pos != ends).any():
        raise ValueError("WKB longer than its geometry")
    poly_geom, ring_counts = _stack(walk.polys, 2)
    _, first_byte, points, little = _stack(walk.rings, 4)
    ring_offsets = _offsets(points)
    at = _vertex_bytes(first_byte, points, ring_offsets)
    view = _view(data, "<f8")
    x = view[at]
    at += 8
    y = view[at]
    at -= 8
    if (little == 0).any():
        big = np.repeat(little == 0, points)
        view = _view(data, ">f8")
        x[big], y[big] = view[at[big]], view[at[big] + 8]
    geom_offsets = _offsets(np.bincount(poly_geom, minlength=len(starts)))
    ragged = Ragged(x, y, ring_offsets, _offsets(ring_counts), geom_offsets)
    return ragged, (at if walk.little and walk.iso_multi else None)


def rewrite_wkb(data, starts: np.ndarray, ends: np.ndarray, at: np.ndarray, r: Ragged) -> list[bytes | None]:
    """The WKB ``data[starts[i]:ends[i]]`` (None when empty) with the vertices of ``r`` written at the
    byte offsets ``at`` given by ``read_wkb`` (e.g. the same rings reprojected); ``data`` is not changed."""
    out = np.array(np.frombuffer(data, dtype=np.uint8) if isinstance(data, (bytes, bytearray)) else data,
                   dtype=np.uint8)
    view = _view(out, "<f8")
    view[at] = r.x
    view[at + 8] = r.y
    memory = memoryview(out)
    return [bytes(memory[a:b]) if a < b else None for a, b in zip(starts.tolist(), ends.tolist())]


def _vertex_bytes(first: np.ndarray, points: np.ndarray, ring_offsets: np.ndarray) -> np.ndarray:
    """Byte offset of every vertex: rings of ``points`` vertices (16 bytes each) from ``first``."""
    step = np.full(int(ring_offsets[-1]), 16, dtype=np.int64)
    some = points > 0
    if some.any():
        ring_first = ring_offsets[:-1][some]
        jumps = first[some].copy()
        jumps[1:] -= first[some][:-1] + 16 * (points[some][:-1] - 1)
        step[ring_first] = jumps
    return np.cumsum(step, out=step)


def to_wkb(r: Ragged) -> list[bytes | None]:
    """ISO little-endian MultiPolygon WKB of every geometry (None for a geometry with no polygon)."""
    polys = np.diff(r.geom_offsets)
    rings = np.diff(r.poly_offsets)
    present = polys > 0
    rank = np.cumsum(present)  # headers of non-empty geometries up to each one, itself included
    poly_geom = np.repeat(np.arange(len(polys)), polys)
    ring_poly = np.repeat(np.arange(len(rings)), rings)
    poly_ring0 = r.poly_offsets[:-1]
    # bytes before an item = 9 per geometry and polygon header, 4 per ring header, 16 per vertex
    geom_at = (9 * (rank - 1) + 9 * r.geom_offsets[:-1] + 4 * r.poly_offsets[r.geom_offsets[:-1]]
               + 16 * r.ring_offsets[r.poly_offsets[r.geom_offsets[:-1]]])[present]
    poly_at = (9 * rank[poly_geom] + 9 * np.arange(len(rings)) + 4 * poly_ring0
               + 16 * r.ring_offsets[poly_ring0])
    ring_at = 9 * rank[poly_geom[ring_poly]] + 9 * (ring_poly + 1) + 4 * np.arange(len(ring_poly)) \
        + 16 * r.ring_offsets[:-1]
    total = int(9 * rank[-1] + 9 * len(rings) + 4 * len(ring_poly) + 16 * len(r.x)) if len(rank) else 0
    out = np.zeros(total, dtype=np.uint8)
    u32 = _view(out, "<u4")
    out[geom_at] = 1
    u32[geom_at + 1] = _MULTIPOLYGON
    u32[geom_at + 5] = polys[present]
    out[poly_at] = 1
    u32[poly_at + 1] = _POLYGON
    u32[poly_at + 5] = rings
    points = np.diff(r.ring_offsets)
    u32[ring_at] = points
    at = _vertex_bytes(ring_at + 4, points, r.ring_offsets)
    view = _view(out, "<f8")
    view[at] = r.x
    at += 8
    view[at] = r.y
    memory = memoryview(out)
    bounds = iter(zip(geom_at.tolist(), [*geom_at[1:].tolist(), total]))
    return [bytes(memory[slice(*next(bounds))]) if keep else None for keep in present.tolist()]


def envelopes(r: Ragged) -> np.ndarray:
    """(n, 4) array of ``minx, maxx, miny, maxy`` of each geometry (NaN when it has no vertex)."""
    first = r.ring_offsets[r.poly_offsets[r.geom_offsets]]
    some = np.diff(first) > 0
    starts = first[:-1][some]
    if not len(starts):
        return np.full((len(r), 4), np.nan)
    columns = [np.minimum.reduceat(r.x, starts), np.maximum.reduceat(r.x, starts),
               np.minimum.reduceat(r.y, starts), np.maximum.reduceat(r.y, starts)]
    if some.all():
        return np.column_stack(columns)
    out = np.full((len(r), 4), np.nan)
    out[some] = np.column_stack(columns)
    return out


def with_coordinates(r: Ragged, x: np.ndarray, y: np.ndarray) -> Ragged:
    """The same rings with other coordinates (e.g. reprojected)."""
    return Ragged(x, y, r.ring_offsets, r.poly_offsets, r.geom_offsets)


# EPSG:2154 (RGF93 v1 / Lambert-93): Lambert conformal conic 2SP on GRS80, as PROJ's ``lcc``
_A, _F = 6378137.0, 1 / 298.257222101
_E = (_F * (2 - _F)) ** 0.5
_LAT1, _LAT2, _LAT0, _LON0 = np.radians([49.0, 44.0, 46.5, 3.0])
_X0, _Y0 = 700000.0, 6600000.0


def _log_ts(phi):
    """log of Snyder's t(φ) (minus the isometric latitude) on the GRS80 ellipsoid."""
    s = np.sin(phi)
    return _E * np.arctanh(_E * s) - np.arctanh(s)


def _m(phi: float) -> float:
    """Snyder's m(φ) on the GRS80 ellipsoid."""
    return float(np.cos(phi) / np.sqrt(1 - _E * _E * np.sin(phi) ** 2))


_N = float(np.log(_m(_LAT1) / _m(_LAT2)) / (_log_ts(_LAT1) - _log_ts(_LAT2)))
_C = _m(_LAT1) / (_N * float(np.exp(_N * _log_ts(_LAT1))))
_RHO0 = _A * _C * float(np.exp(_N * _log_ts(_LAT0)))


def lonlat_to_lambert93(lon: np.ndarray, lat: np.ndarray, chunk: int = 16384,
                        out: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """EPSG:2154 x, y (m) of geographic RGF93/WGS84 longitudes/latitudes (degrees), as PROJ computes them
    (4326 -> 2154 is a null datum shift); NaN stays NaN. Worked in cache-sized chunks; ``out``: the
    float64 arrays to write x, y into (may be ``lon, lat`` themselves)."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    x, y = (np.empty_like(lon), np.empty_like(lat)) if out is None else out
    degree = np.pi / 180
    # ρ = a·C·t^n, log t = e·atanh(e·sin φ) − atanh(sin φ), atanh(u) = ½·log((1 + u) / (1 − u))
    scale, half_ne, half_n = _A * _C, _N * _E / 2, -_N / 2
    work = [np.empty(min(chunk, len(lon))) for _ in range(4)]
    for start in range(0, len(lon), chunk):
        part = slice(start, start + chunk)
        s, a, b, theta = (w[:len(lon[part])] for w in work)
        np.sin(np.multiply(lat[part], degree, out=s), out=s)
        np.multiply(s, _E, out=a)
        np.subtract(1, a, out=b)
        np.log(np.divide(np.add(1, a, out=a), b, out=a), out=a)
        np.subtract(1, s, out=b)
        np.log(np.divide(np.add(1, s, out=s), b, out=s), out=s)
        np.add(np.multiply(a, half_ne, out=a), np.multiply(s, half_n, out=s), out=a)
        rho = np.multiply(np.exp(a, out=a), scale, out=a)
        np.multiply(np.subtract(lon[part], 3.0, out=theta), _N * degree, out=theta)
        np.add(np.multiply(np.sin(theta, out=b), rho, out=b), _X0, out=x[part])
        np.subtract(_Y0 + _RHO0, np.multiply(np.cos(theta, out=b), rho, out=b), out=y[part])
    return x, y
