"""Point-on-surface and point-in-polygon on ``Ragged`` geometries, vectorised, with GEOS's exact results.

``points_on_surface`` replays GEOS's ``InteriorPointArea`` (what OGR ``PointOnSurface`` runs, GEOS ≥ 3.8)
with the same floating-point operations in the same order, so its points are bit-identical; ``contains``
locates points like GEOS's ``PointLocator`` / ``RayCrossingCounter`` (what OGR ``Contains`` decides for a
point), with an exact orientation test; a point lying on a ring of its geometry is handed to OGR ``Contains``
itself (GEOS's rules there, e.g. on edges shared by two parts, changed with GEOS 3.13).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from .ragged import Ragged

_EXTERIOR, _INTERIOR, _BOUNDARY = 0, 1, 2
#: Shewchuk's error bound of the floating-point 2D orientation determinant: (3 + 16ε)ε, ε = 2⁻⁵³
_CCW_ERRBOUND = (3.0 + 16.0 * 2.0**-53) * 2.0**-53


def _ranges(starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The concatenated ``arange(start, start + count)`` of each row, and the row of each value."""
    counts = counts.astype(np.int64, copy=False)
    total = int(counts.sum())
    rows = np.repeat(np.arange(len(counts)), counts)
    first = np.cumsum(counts) - counts
    return np.arange(total, dtype=np.int64) + (starts - first)[rows], rows


def _first_of_group(groups: np.ndarray) -> np.ndarray:
    """Mask of the first element of each run of equal values of a sorted array."""
    first = np.ones(len(groups), dtype=bool)
    first[1:] = groups[1:] != groups[:-1]
    return first


def _first_max(values: np.ndarray, groups: np.ndarray, count: int, floor: float) -> np.ndarray:
    """Per group (``groups`` sorted; values > ``floor`` only), the index of its first maximal value, or -1."""
    best = np.full(count, -1, dtype=np.int64)
    keep = np.flatnonzero(values > floor)
    if not len(keep):
        return best
    v, g = values[keep], groups[keep]
    starts = np.flatnonzero(_first_of_group(g))
    top = np.maximum.reduceat(v, starts)
    hit = keep[v == np.repeat(top, np.diff(np.append(starts, len(g))))]
    hg = groups[hit]
    first = _first_of_group(hg)
    best[hg[first]] = hit[first]
    return best


def _span_reduce(ufunc, values: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """``ufunc`` reduced over each span ``values[start:end]`` (non-empty, disjoint, in increasing order)."""
    if not len(starts):
        return np.empty(0, dtype=values.dtype)
    idx = np.empty(2 * len(starts), dtype=np.int64)
    idx[0::2], idx[1::2] = starts, ends
    if idx[-1] >= len(values):
        idx = idx[:-1]
    return ufunc.reduceat(values, idx)[0::2]


def cell_ranges(ti: np.ndarray, tj: np.ndarray, qi: np.ndarray, qj: np.ndarray, budget: int
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Items in grid cells (ti, tj) looked up from query cells (qi, qj) -> (first, count, order): the items
    of query k are ``order[first[k]:first[k] + count[k]]`` (in item order). A dense table over the rows
    and columns holding an item when it has at most ``budget`` cells, else a binary search."""
    low_i, low_j = min(ti.min(), qi.min()), min(tj.min(), qj.min())
    high_i, high_j = max(ti.max(), qi.max()), max(tj.max(), qj.max())
    if high_i - low_i < budget and high_j - low_j < budget:
        used_i, used_j = np.unique(ti - low_i), np.unique(tj - low_j)
        if len(used_i) * len(used_j) <= budget:
            rows = np.full(high_i - low_i + 1, -1, dtype=np.int64)
            cols = np.full(high_j - low_j + 1, -1, dtype=np.int64)
            rows[used_i], cols[used_j] = np.arange(len(used_i)), np.arange(len(used_j))
            empty = len(used_i) * len(used_j)  # the index of an empty cell
            keys = rows[ti - low_i] * len(used_j) + cols[tj - low_j]
            bounds = np.zeros(empty + 2, dtype=np.int64)
            np.cumsum(np.bincount(keys, minlength=empty + 1), out=bounds[1:])
            r, c = rows[qi - low_i], cols[qj - low_j]
            cell = np.where((r >= 0) & (c >= 0), r * len(used_j) + c, empty)
            return bounds[cell], bounds[cell + 1] - bounds[cell], np.argsort(keys, kind="stable")
    width = high_j - low_j + 1
    keys = (ti - low_i) * width + (tj - low_j)
    order = np.argsort(keys, kind="stable")
    keys, wanted = keys[order], (qi - low_i) * width + (qj - low_j)
    first = np.searchsorted(keys, wanted, "left")
    return first, np.searchsorted(keys, wanted, "right") - first, order


def points_on_surface(r: Ragged) -> tuple[np.ndarray, np.ndarray]:
    """Per geometry, the point of GEOS ``PointOnSurface`` -> (x, y); NaN for a geometry without polygon."""
    count = len(r)
    out_x, out_y = np.full(count, np.nan), np.full(count, np.nan)
    ro, po, go = (np.asarray(a, dtype=np.int64) for a in (r.ring_offsets, r.poly_offsets, r.geom_offsets))
    x, y = np.asarray(r.x, dtype=np.float64), np.asarray(r.y, dtype=np.float64)
    npoly = len(po) - 1
    if npoly == 0 or not len(y):
        return out_x, out_y
    pv = ro[po]  # polygon p = vertices [pv[p], pv[p + 1])
    shell_end = ro[np.minimum(po[:-1] + 1, len(ro) - 1)]
    valid = (po[1:] > po[:-1]) & (shell_end > pv[:-1])  # has a non-empty exterior ring
    vi = np.flatnonzero(valid)
    # ScanLineYOrdinateFinder: the centre of the Y-interval free of vertices around the envelope centre
    lo_env, hi_env = np.full(npoly, np.nan), np.full(npoly, np.nan)
    lo_env[vi] = _span_reduce(np.minimum, y, pv[vi], shell_end[vi])
    hi_env[vi] = _span_reduce(np.maximum, y, pv[vi], shell_end[vi])
    centre = (lo_env + hi_env) / 2.0
    sizes = np.diff(pv)
    below = y <= np.repeat(centre, sizes)
    nonempty = np.flatnonzero(sizes)
    lo_y, hi_y = lo_env.copy(), hi_env.copy()
    lo_y[nonempty] = np.maximum(lo_env[nonempty], np.maximum.reduceat(np.where(below, y, -np.inf),
                                                                       pv[:-1][nonempty]))
    hi_y[nonempty] = np.minimum(hi_env[nonempty], np.minimum.reduceat(np.where(below, np.inf, y),
                                                                       pv[:-1][nonempty]))
    scan_y = (hi_y + lo_y) / 2.0
    # edges crossing the scan line, as counted by InteriorPointPolygon.addEdgeCrossing
    above = y > np.repeat(scan_y, sizes)
    crossing = above[:-1] != above[1:]
    ring_ends = ro[1:-1] - 1
    crossing[ring_ends[ring_ends >= 0]] = False  # no edge from the last vertex of a ring to the next ring
    e = np.flatnonzero(crossing)
    pe = np.searchsorted(pv, e, side="right") - 1
    x0, x1, y0, y1, ye = x[e], x[e + 1], y[e], y[e + 1], scan_y[pe]
    with np.errstate(divide="ignore", invalid="ignore"):
        xs = np.where(x0 == x1, x0, x0 + ((ye - y0) / ((y1 - y0) / (x1 - x0))))
    order = np.lexsort((xs, pe))
    xs, pe = xs[order], pe[order]
    # pairs of sorted crossings (0-1, 2-3, …) of each polygon; the first widest one wins
    starts = np.flatnonzero(_first_of_group(pe))
    rank = np.arange(len(pe)) - np.repeat(starts, np.diff(np.append(starts, len(pe))))
    left = np.flatnonzero((rank % 2 == 0)[:-1] & (pe[1:] == pe[:-1])) if len(pe) else np.empty(0, np.int64)
    width = xs[left + 1] - xs[left]
    best = _first_max(width, pe[left], npoly, 0.0)
    has = best >= 0
    pwidth = np.where(valid, 0.0, -np.inf)
    px, py = x[np.minimum(pv[:-1], len(x) - 1)], y[np.minimum(pv[:-1], len(y) - 1)]
    pick = left[best[has]]
    pwidth[has] = width[best[has]]
    px[has] = (xs[pick] + xs[pick + 1]) / 2.0
    py[has] = scan_y[has]
    # the geometry's point is that of its first widest polygon
    pg = np.repeat(np.arange(count), np.diff(go))
    gbest = _first_max(pwidth, pg, count, -np.inf)
    found = gbest >= 0
    out_x[found], out_y[found] = px[gbest[found]], py[gbest[found]]
    return out_x, out_y


def _orientation(ax, ay, bx, by, cx, cy) -> np.ndarray:
    """The exact sign of the orientation of (a, b, c): 1 counter-clockwise, -1 clockwise, 0 collinear."""
    left = (ax - cx) * (by - cy)
    right = (ay - cy) * (bx - cx)
    det = left - right
    sign = np.sign(det).astype(np.int64)
    doubt = np.flatnonzero(~(np.abs(det) > _CCW_ERRBOUND * (np.abs(left) + np.abs(right))))
    for i in doubt.tolist():  # rare: nearly collinear; decided with exact rational arithmetic
        a = [Fraction(float(v[i])) for v in (ax, ay, bx, by, cx, cy)]
        exact = (a[0] - a[4]) * (a[3] - a[5]) - (a[1] - a[5]) * (a[2] - a[4])
        sign[i] = (exact > 0) - (exact < 0)
    return sign


def _edges_near(y: np.ndarray, ro: np.ndarray, v0: np.ndarray, counts: np.ndarray, qy: np.ndarray):
    """Among the vertices ``[v0, v0 + count)`` of each row (count > 0), the ring edges whose closed
    y-range holds the row's ``qy`` -> (start vertex, row, ring) of each."""
    first = np.cumsum(counts) - counts
    ends = (v0 + counts).tolist()
    yv = np.concatenate([y[a:b] for a, b in zip(v0.tolist(), ends)]) if len(ends) else np.empty(0)
    qv = np.repeat(qy, counts)
    ge, le = yv >= qv, yv <= qv
    near = (ge[:-1] | ge[1:]) & (le[:-1] | le[1:])
    near[first[1:] - 1] = False  # no edge from one row's last vertex to the next row's first
    k = np.flatnonzero(near)
    row = np.searchsorted(first, k, side="right") - 1
    e = k + (v0 - first)[row]
    ring = np.searchsorted(ro, e, side="right") - 1
    real = ro[ring + 1] != e + 1  # no edge from the last vertex of a ring to the next ring
    return e[real], row[real], ring[real]


def _geos_contains(x, y, ro, po, go, gi, px, py) -> np.ndarray:
    """OGR (GEOS) ``Contains`` of each point (px, py) in geometry ``gi`` of the ragged arrays."""
    from osgeo import ogr

    out = np.zeros(len(gi), dtype=bool)
    for row, (g, qx, qy) in enumerate(zip(gi.tolist(), px.tolist(), py.tolist())):
        multi = ogr.Geometry(ogr.wkbMultiPolygon)
        for p in range(go[g], go[g + 1]):
            polygon = ogr.Geometry(ogr.wkbPolygon)
            for ring in range(po[p], po[p + 1]):
                line = ogr.Geometry(ogr.wkbLinearRing)
                for vx, vy in zip(x[ro[ring]:ro[ring + 1]].tolist(), y[ro[ring]:ro[ring + 1]].tolist()):
                    line.AddPoint_2D(vx, vy)
                polygon.AddGeometry(line)
            multi.AddGeometry(polygon)
        point = ogr.Geometry(ogr.wkbPoint)
        point.AddPoint_2D(qx, qy)
        out[row] = multi.Contains(point)
    return out


def contains(r: Ragged, geom_index: np.ndarray, px: np.ndarray, py: np.ndarray) -> np.ndarray:
    """For each (geometry index, point) pair, whether the point is in the interior of that geometry (as OGR
    ``Contains``: a point on the boundary is not contained)."""
    gi = np.asarray(geom_index, dtype=np.int64)
    qx_all, qy_all = np.asarray(px, dtype=np.float64), np.asarray(py, dtype=np.float64)
    ro, po, go = (np.asarray(a, dtype=np.int64) for a in (r.ring_offsets, r.poly_offsets, r.geom_offsets))
    x, y = np.asarray(r.x, dtype=np.float64), np.asarray(r.y, dtype=np.float64)
    result = np.zeros(len(gi), dtype=bool)
    v0, v1 = ro[po[go[gi]]], ro[po[go[gi + 1]]]
    live = np.flatnonzero(v1 > v0)
    if not len(live):
        return result
    gi, qx_all, qy_all, v0, v1 = gi[live], qx_all[live], qy_all[live], v0[live], v1[live]
    # (pair, polygon) rows and (pair, ring) rows
    p0, p1 = go[gi], go[gi + 1]
    pp_poly, pp_pair = _ranges(p0, p1 - p0)
    r0, r1 = po[p0], po[p1]
    pr_ring, pr_pair = _ranges(r0, r1 - r0)
    pr_poly = np.searchsorted(po, pr_ring, side="right") - 1
    pr_pp = (np.cumsum(p1 - p0) - (p1 - p0))[pr_pair] + pr_poly - p0[pr_pair]
    # RayCrossingCounter.countSegment, on the edges reaching the ray's line and not wholly left of the point
    e, e_pair, e_ring = _edges_near(y, ro, v0, v1 - v0, qy_all)
    e_pr = (np.cumsum(r1 - r0) - (r1 - r0))[e_pair] + e_ring - r0[e_pair]
    x1, y1, x2, y2, qx, qy = x[e], y[e], x[e + 1], y[e + 1], qx_all[e_pair], qy_all[e_pair]
    k = np.flatnonzero((x1 >= qx) | (x2 >= qx))
    x1, y1, x2, y2, qx, qy, e_pr, e_pair = x1[k], y1[k], x2[k], y2[k], qx[k], qy[k], e_pr[k], e_pair[k]
    at_vertex = (qx == x2) & (qy == y2)
    flat = (y1 == qy) & (y2 == qy)
    on_flat = flat & (np.minimum(x1, x2) <= qx) & (qx <= np.maximum(x1, x2))
    straddle = ~at_vertex & ~flat & (((y1 > qy) & (y2 <= qy)) | ((y2 > qy) & (y1 <= qy)))
    s = np.flatnonzero(straddle)
    orient = _orientation(x1[s], y1[s], x2[s], y2[s], qx[s], qy[s])
    orient = np.where(y2[s] < y1[s], -orient, orient)
    nrows = len(pr_ring)
    on_edge = at_vertex | on_flat
    on_edge[s[orient == 0]] = True
    on_ring = np.bincount(e_pr[on_edge], minlength=nrows) > 0
    crossings = np.bincount(e_pr[s[orient == 1]], minlength=nrows)
    ring_loc = np.where(on_ring, _BOUNDARY, np.where(crossings % 2 == 1, _INTERIOR, _EXTERIOR))
    # PointLocator.locateInPolygon: shell first, then the first hole holding the point
    is_shell = pr_ring == po[pp_poly[pr_pp]]
    poly_loc = np.full(len(pp_poly), _EXTERIOR, dtype=np.int64)
    poly_loc[pr_pp[is_shell]] = ring_loc[is_shell]
    holes = np.flatnonzero(~is_shell & (ring_loc == _INTERIOR) & (poly_loc[pr_pp] == _INTERIOR))
    first = holes[_first_of_group(pr_pp[holes])]
    poly_loc[pr_pp[first]] = _EXTERIOR
    interior_ = np.bincount(pp_pair[poly_loc == _INTERIOR], minlength=len(gi)) > 0
    # a point on a ring of its geometry: GEOS decides (its answer on shared edges and vertices of the
    # parts of a multipolygon changed with GEOS 3.13's RelateNG; no copy of its rules to drift)
    touching = np.flatnonzero(np.bincount(e_pair[on_edge], minlength=len(gi)) > 0)
    if len(touching):
        interior_[touching] = _geos_contains(x, y, ro, po, go, gi[touching], qx_all[touching],
                                             qy_all[touching])
    result[live] = interior_
    return result
