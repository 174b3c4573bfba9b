"""The R*Tree spatial indexes of the diagnostic GeoPackage (GeoPackage rtree extension).

The index is filled from the envelopes already at hand; it can also be built ahead in a temp SQLite
file (``prebuild_rtree``, e.g. by a worker thread: sqlite works outside the GIL) whose shadow tables
are then copied into the GeoPackage (the same rows inserted in the same order: the same tree).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np

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


def _spatial_index(db: sqlite3.Connection, table: str, envelopes: list, column: str = "geom",
                   prebuilt: bool = False) -> None:
    """The GeoPackage R*Tree index of ``table`` filled from the envelopes of its rows (fid 1..n);
    ``prebuilt``: its shadow tables are copied from the attached ``prebuilt.r`` (same rows)."""
    rtree = f"rtree_{table}_{column}"
    db.execute(f'CREATE VIRTUAL TABLE "{rtree}" USING rtree(id, minx, maxx, miny, maxy)')
    if prebuilt:
        for part in ("node", "rowid", "parent"):
            db.execute(f'DELETE FROM "{rtree}_{part}"')
            db.execute(f'INSERT INTO "{rtree}_{part}" SELECT * FROM prebuilt."r_{part}"')
    else:
        db.executemany(f'INSERT INTO "{rtree}" VALUES (?, ?, ?, ?, ?)', _rtree_rows(envelopes))
    for suffix, body in _RTREE_TRIGGERS:
        db.execute(f'CREATE TRIGGER "{rtree}_{suffix}" ' + body.format(t=table, g=column, r=rtree))
    db.execute("CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, "
               "extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, "
               "CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))")
    db.execute("INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) "
               "VALUES (?, ?, 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', "
               "'write-only')", (table, column))


def _rtree_rows(envelopes) -> list[tuple]:
    """(fid, minx, maxx, miny, maxy) of the rows having an envelope (fid = position + 1)."""
    return [(fid, *env) for fid, env in enumerate(envelopes, start=1) if env is not None]


def prebuild_rtree(envelopes: np.ndarray) -> tuple[Path, list[tuple]]:
    """An R*Tree of the finite ``envelopes`` (row i → id i + 1) built ahead in a temp SQLite file,
    e.g. by a worker thread while the attributes are computed (sqlite works outside the GIL) ->
    (file, rows); ``write_diagnostic(rtree=...)`` copies its pages-worth of nodes when the rows match."""
    import os
    import tempfile

    finite = np.isfinite(envelopes).all(axis=1).tolist()
    rows = _rtree_rows([tuple(e) if ok else None for e, ok in zip(envelopes.tolist(), finite)])
    handle, name = tempfile.mkstemp(prefix="medrcvl-rtree-", suffix=".sqlite")
    os.close(handle)
    db = sqlite3.connect(name)
    try:
        db.execute("PRAGMA page_size=4096")
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("CREATE VIRTUAL TABLE r USING rtree(id, minx, maxx, miny, maxy)")
        with db:
            db.executemany("INSERT INTO r VALUES (?, ?, ?, ?, ?)", rows)
    except sqlite3.Error:
        db.close()
        Path(name).unlink(missing_ok=True)
        raise
    db.close()
    return Path(name), rows


def _attach_rtree(db: sqlite3.Connection, rtree, envelopes: list) -> bool:
    """Attach a prebuilt R*Tree as ``prebuilt`` when it indexes exactly ``envelopes`` (same page size)."""
    if rtree is None or not Path(rtree[0]).exists() or rtree[1] != _rtree_rows(envelopes):
        return False
    db.execute("ATTACH DATABASE ? AS prebuilt", (str(rtree[0]),))
    sizes = [db.execute(f"PRAGMA {schema}.page_size").fetchone()[0] for schema in ("main", "prebuilt")]
    if sizes[0] != sizes[1]:
        db.execute("DETACH DATABASE prebuilt")
        return False
    return True
