"""The R*Tree spatial indexes of the diagnostic GeoPackage (GeoPackage rtree extension).

The index of the envelopes already at hand is packed in bulk (Sort-Tile-Recursive) with numpy and its
node, rowid and parent shadow tables are written directly, in the format of SQLite's R*Tree module
(``rtreecheck`` checks it): tens of milliseconds instead of one R*Tree insertion per row.
"""

from __future__ import annotations

import sqlite3

import numpy as np

from .gpkg_rows import insert_values

#: the triggers of the GeoPackage R*Tree extension (as GDAL writes them; spec 1.2 annex F.3)
_RTREE_TRIGGERS = (
    ("insert", 'AFTER INSERT ON "{t}" WHEN (new."{g}" NOT NULL AND NOT ST_IsEmpty(NEW."{g}")) BEGIN '
     'INSERT OR REPLACE INTO "{r}" VALUES (NEW."fid",ST_MinX(NEW."{g}"), ST_MaxX(NEW."{g}"),'
     'ST_MinY(NEW."{g}"), ST_MaxY(NEW."{g}")); END'),
    ("update1", 'AFTER UPDATE OF "{g}" ON "{t}" WHEN OLD."fid" = NEW."fid" AND (NEW."{g}" NOTNULL AND '
     'NOT ST_IsEmpty(NEW."{g}")) BEGIN INSERT OR REPLACE INTO "{r}" VALUES (NEW."fid",ST_MinX(NEW."{g}"), '
     'ST_MaxX(NEW."{g}"),ST_MinY(NEW."{g}"), ST_MaxY(NEW."{g}")); END'),
    ("update2", 'AFTER UPDATE OF "{g}" ON "{t}" WHEN OLD."fid" = NEW."fid" AND (NEW."{g}" ISNULL OR '
     'ST_IsEmpty(NEW."{g}")) BEGIN DELETE FROM "{r}" WHERE id = OLD."fid"; END'),
    ("update3", 'AFTER UPDATE ON "{t}" WHEN OLD."fid" != NEW."fid" AND (NEW."{g}" NOTNULL AND '
     'NOT ST_IsEmpty(NEW."{g}")) BEGIN DELETE FROM "{r}" WHERE id = OLD."fid"; INSERT OR REPLACE INTO '
     '"{r}" VALUES (NEW."fid",ST_MinX(NEW."{g}"), ST_MaxX(NEW."{g}"),ST_MinY(NEW."{g}"), '
     'ST_MaxY(NEW."{g}")); END'),
    ("update4", 'AFTER UPDATE ON "{t}" WHEN OLD."fid" != NEW."fid" AND (NEW."{g}" ISNULL OR '
     'ST_IsEmpty(NEW."{g}")) BEGIN DELETE FROM "{r}" WHERE id IN (OLD."fid", NEW."fid"); END'),
    ("delete", 'AFTER DELETE ON "{t}" WHEN old."{g}" NOT NULL BEGIN DELETE FROM "{r}" WHERE id = '
     'OLD."fid"; END'),
)


#: cells per node of an SQLite R*Tree of 2 dimensions (RTREE_MAXCELLS: 4 + 24 × 51 bytes < page - 64)
NODE_CELLS = 51
_NODE_SIZE = 4 + 24 * NODE_CELLS
_CELL = np.dtype([("id", ">i8"), ("box", ">f4", (4,))])
_TOWARDS, _AWAY = 1.0 - 1.0 / 8388608.0, 1.0 + 1.0 / 8388608.0  # rtree.c RNDTOWARDS / RNDAWAY


def envelope_array(envelopes: list) -> np.ndarray:
    """(n, 4) ``minx, maxx, miny, maxy`` of a list of envelopes (NaN rows for None)."""
    missing = (np.nan,) * 4
    return np.array([missing if e is None else e for e in envelopes], dtype=float).reshape(-1, 4)


def _spatial_index(db: sqlite3.Connection, table: str, envelopes: np.ndarray, column: str = "geom") -> None:
    """The GeoPackage R*Tree index of ``table`` for the (n, 4) envelopes of its rows (fid 1..n; NaN: not
    indexed): created empty, then its shadow tables are filled with a tree packed in bulk."""
    rtree = f"rtree_{table}_{column}"
    db.execute(f'CREATE VIRTUAL TABLE "{rtree}" USING rtree(id, minx, maxx, miny, maxy)')
    nodes, rowids, parents = packed_rtree(envelopes)
    if len(rowids):
        for part in ("node", "rowid", "parent"):
            db.execute(f'DELETE FROM "{rtree}_{part}"')
        db.executemany(f'INSERT INTO "{rtree}_node" VALUES (?, ?)', nodes)
        # (rowid, node) pairs in rowid order (appended to the B-tree), many per statement
        insert_values(db, f'INSERT INTO "{rtree}_rowid"', rowids.ravel().tolist(), 2)
        insert_values(db, f'INSERT INTO "{rtree}_parent"', parents.ravel().tolist(), 2)
    for suffix, body in _RTREE_TRIGGERS:
        db.execute(f'CREATE TRIGGER "{rtree}_{suffix}" ' + body.format(t=table, g=column, r=rtree))
    db.execute("CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, "
               "extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, "
               "CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))")
    db.execute("INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) "
               "VALUES (?, ?, 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', "
               "'write-only')", (table, column))


def _float_boxes(envelopes: np.ndarray) -> np.ndarray:
    """``minx, maxx, miny, maxy`` as the float32 an SQLite R*Tree stores: minimums rounded down,
    maximums up (rtree.c ``rtreeValueDown`` / ``rtreeValueUp``, the same operations)."""
    boxes = envelopes.astype(np.float32)
    for columns, too_far, scale in (((0, 2), boxes[:, (0, 2)] > envelopes[:, (0, 2)], (_AWAY, _TOWARDS)),
                                    ((1, 3), boxes[:, (1, 3)] < envelopes[:, (1, 3)], (_TOWARDS, _AWAY))):
        values = envelopes[:, columns]
        adjusted = (values * np.where(values < 0, scale[0], scale[1])).astype(np.float32)
        boxes[:, columns] = np.where(too_far, adjusted, boxes[:, columns])
    return boxes


def _groups(boxes: np.ndarray) -> list[np.ndarray]:
    """Sort-Tile-Recursive packing: the positions of ``boxes`` grouped into nodes of at most
    ``NODE_CELLS`` (vertical slices by centre x, then runs by centre y; sizes balanced)."""
    count = len(boxes)
    nodes = -(-count // NODE_CELLS)
    cx = (boxes[:, 0].astype(float) + boxes[:, 1]) / 2
    cy = (boxes[:, 2].astype(float) + boxes[:, 3]) / 2
    groups = []
    for part in np.array_split(np.argsort(cx, kind="stable"), int(np.ceil(np.sqrt(nodes)))):
        part = part[np.argsort(cy[part], kind="stable")]
        groups.extend(np.array_split(part, -(-len(part) // NODE_CELLS)) if len(part) else [])
    return groups


def _node_blob(ids: np.ndarray, boxes: np.ndarray, depth: int = 0) -> bytes:
    """An R*Tree node: depth (root only), cell count, cells (id, box), big endian, zero-padded."""
    cells = np.empty(len(ids), dtype=_CELL)
    cells["id"], cells["box"] = ids, boxes
    body = depth.to_bytes(2, "big") + len(ids).to_bytes(2, "big") + cells.tobytes()
    return body + bytes(_NODE_SIZE - len(body))


def packed_rtree(envelopes) -> tuple[list[tuple], np.ndarray, np.ndarray]:
    """The rows of the shadow tables of an SQLite R*Tree indexing the finite ``envelopes`` ((n, 4)
    array, or list with None; row i → id i + 1): ``_node`` (number, blob) tuples, then ``_rowid``
    and ``_parent`` as (k, 2) integer arrays sorted by their first column. Packed bottom-up in bulk
    instead of inserted one by one: the same index content (float32 boxes rounded outwards as SQLite
    does), built in milliseconds."""
    env = envelopes if isinstance(envelopes, np.ndarray) else envelope_array(envelopes)
    keep = np.isfinite(env).all(axis=1)
    ids = np.flatnonzero(keep).astype(np.int64) + 1
    if not len(ids):
        return [], np.empty((0, 2), np.int64), np.empty((0, 2), np.int64)
    boxes = _float_boxes(env[keep])
    levels = []  # per level: (groups of positions, ids, boxes of the level's items)
    while True:
        groups = _groups(boxes) if len(ids) > NODE_CELLS else [np.arange(len(ids))]
        levels.append((groups, ids, boxes))
        if len(groups) == 1:
            break
        ids = np.arange(len(groups), dtype=np.int64)  # renumbered below
        children = boxes[np.concatenate(groups)]  # each node's box: the union of its children's
        starts = np.cumsum([0] + [len(g) for g in groups[:-1]])
        boxes = np.column_stack([reduce.reduceat(children[:, column], starts) for column, reduce
                                 in enumerate((np.minimum, np.maximum, np.minimum, np.maximum))])
    # node numbers top-down: the root is node 1
    numbers, next_number = [np.array([1])], 2
    for groups, _, _ in reversed(levels[:-1]):
        numbers.insert(0, np.arange(next_number, next_number + len(groups)))
        next_number += len(groups)
    nodes, links = [], ([], [])  # links: (children, their node) of the leaves, then of inner nodes
    depth = len(levels) - 1
    for level, (groups, level_ids, level_boxes) in enumerate(levels):
        if level:
            level_ids = numbers[level - 1]  # the items of this level are the nodes of the one below
        for number, group in zip(numbers[level].tolist(), groups):
            nodes.append((number, _node_blob(level_ids[group], level_boxes[group],
                                             depth if number == 1 else 0)))
        order = np.concatenate(groups)
        owner = np.repeat(numbers[level], [len(g) for g in groups])
        links[level > 0].append(np.column_stack([level_ids[order], owner]).astype(np.int64))
    rowids, parents = (np.concatenate(part) if part else np.empty((0, 2), np.int64) for part in links)
    return nodes, *(pairs[np.argsort(pairs[:, 0], kind="stable")] for pairs in (rowids, parents))
