"""The library side of piece (e) of ``bench_library.py``: the diagnostic GeoPackage written by OGR alone.

The same layers, fields, aliases, metadata and styles as ``core/output/gpkg.py`` (its declarations are
reused), but the features are made with OGR's GeoPackage driver (``CreateFeature`` in one transaction,
fields set by OGR's typed setters) instead of ``gpkg_rows``' bulk SQLite inserts, and GDAL builds its
spatial index. GDAL 3.6 has no bulk writer (``Layer.WriteArrow`` came with GDAL 3.8).
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from medrcvl_plugin.core.output import gpkg
from medrcvl_plugin.core.output.sets import staged_output


def write_diagnostic(path: Path, communes: pd.DataFrame, geometries: list, lieux: pd.DataFrame,
                     tables: dict[str, pd.DataFrame], metadata: dict | None = None,
                     overwrite: bool = False) -> Path:
    """``gpkg.write_diagnostic`` through OGR's feature API."""
    with staged_output(path, overwrite=overwrite) as tmp:
        _write(tmp, communes, geometries, lieux, tables, lambda: gpkg._finish(tmp, metadata or {}, lieux))
    return Path(path)


@contextmanager
def _sqlite_options():
    """16 KiB pages for the new file and no fsync per page (a temp file replaced atomically at the end)."""
    from osgeo import gdal

    options = {"OGR_SQLITE_PRAGMA": f"page_size={gpkg.PAGE_SIZE}", "OGR_SQLITE_SYNCHRONOUS": "OFF",
               "OGR_SQLITE_CACHE": "64"}
    before = {k: gdal.GetThreadLocalConfigOption(k, None) for k in options}
    for key, value in options.items():
        gdal.SetThreadLocalConfigOption(key, value)
    try:
        yield
    finally:
        for key, value in before.items():
            gdal.SetThreadLocalConfigOption(key, value)


def _write(tmp: Path, communes: pd.DataFrame, geometries: list, lieux: pd.DataFrame,
           tables: dict[str, pd.DataFrame], declared=None) -> None:
    """Declare the layers with OGR (then call ``declared()``), create the features in one transaction
    and let GDAL build the spatial indexes."""
    from osgeo import gdal, ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(gpkg.SRID)
    place_columns = [c for c in lieux.columns if c not in ("x", "y")]
    place_fields = gpkg._fields_of(lieux[place_columns], gpkg.PLACE_ALIASES)
    table_fields = {name: gpkg._fields_of(frame, gpkg.TABLE_ALIASES) for name, frame in tables.items()}
    with _sqlite_options():
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp))
        gpkg._declare(ds, "communes", gpkg.COMMUNE_FIELDS, ogr.wkbMultiPolygon, srs)
        gpkg._declare(ds, "lieux", place_fields, ogr.wkbPoint, srs)
        for name, fields in table_fields.items():
            gpkg._declare(ds, name, fields, None, srs)
        ds = None
        if declared is not None:
            declared()
        ds = gdal.OpenEx(str(tmp), gdal.OF_VECTOR | gdal.OF_UPDATE, allowed_drivers=["GPKG"])
        try:
            ds.StartTransaction()
            _create(ds.GetLayerByName("communes"), communes[[f[0] for f in gpkg.COMMUNE_FIELDS]],
                    [f[1] for f in gpkg.COMMUNE_FIELDS], _multipolygons(geometries))
            _create(ds.GetLayerByName("lieux"), lieux[place_columns], [f[1] for f in place_fields],
                    _points(lieux))
            for name, frame in tables.items():
                _create(ds.GetLayerByName(name), frame, [f[1] for f in table_fields[name]])
            ds.CommitTransaction()
            for table in ("communes", "lieux"):
                ds.ExecuteSQL(f"SELECT CreateSpatialIndex('{table}', 'geom')")
        finally:
            ds = None


def _values(series: pd.Series, kind: str) -> list:
    """One column as the values given to OGR's typed setters (None for NA): text for ``str`` and
    ``real`` (a float as its shortest round-trip text, which OGR parses back to the same double: the
    SWIG ``SetField`` dispatch costs three times ``SetFieldString``), Python ints for the integers."""
    present = series.notna().to_numpy()
    if kind == "real":
        floats = series.to_numpy(dtype=float, na_value=np.nan)
        present = np.isfinite(floats)  # NaN is NULL; an infinite value (never computed) too
        values = list(map(repr, floats.tolist()))
    elif kind in ("int", "int64", "bool"):
        values = series.to_numpy(dtype="int64", na_value=0).tolist() if (
            pd.api.types.is_integer_dtype(series) or pd.api.types.is_bool_dtype(series)) else \
            [int(v) if ok else 0 for v, ok in zip(series.astype(object).tolist(), present.tolist())]
    else:
        raw = series.astype(object).where(present, "").tolist()
        values = [v if v.__class__ is str else str(v) for v in raw]
    if not present.all():
        for row in np.flatnonzero(~present).tolist():
            values[row] = None
    return values


def _create(layer, frame: pd.DataFrame, kinds: list[str], geometries: list | None = None) -> None:
    """CreateFeature for each row of ``frame`` (fields set column by column, NA left NULL)."""
    from osgeo import ogr

    definition = layer.GetLayerDefn()
    features = [ogr.Feature(definition) for _ in range(len(frame))]
    for name, kind in zip(frame.columns, kinds):
        index = definition.GetFieldIndex(name)
        integer = kind in ("int", "int64", "bool")
        setter = ogr.Feature.SetFieldInteger64 if integer else ogr.Feature.SetFieldString
        for feature, value in zip(features, _values(frame[name], kind)):
            if value is not None:
                setter(feature, index, value)
    if geometries is not None:
        for feature, geometry in zip(features, geometries):
            if geometry is not None:
                feature.SetGeometryDirectly(geometry)
    create = layer.CreateFeature
    for feature in features:
        create(feature)


def _multipolygons(geometries: list) -> list:
    """``ogr.Geometry`` MultiPolygons of the items (ISO WKB parsed; None for a missing or empty one)."""
    from osgeo import ogr

    result = []
    for item in geometries:
        geometry = ogr.CreateGeometryFromWkb(bytes(item)) if isinstance(item, (bytes, bytearray)) else (
            None if item is None else item.Clone())
        if geometry is None or geometry.IsEmpty():
            result.append(None)
            continue
        if geometry.GetGeometryType() != ogr.wkbMultiPolygon:
            geometry = ogr.ForceToMultiPolygon(geometry)
        result.append(geometry)
    return result


def _points(lieux: pd.DataFrame) -> list:
    """The ``ogr.Geometry`` points of the places' ``x``, ``y`` (None where unknown)."""
    from osgeo import ogr

    xs = lieux["x"].to_numpy(dtype=float) if "x" in lieux else np.full(len(lieux), np.nan)
    ys = lieux["y"].to_numpy(dtype=float) if "y" in lieux else np.full(len(lieux), np.nan)
    result = []
    for x, y in zip(xs.tolist(), ys.tolist()):
        if x == x and y == y:
            point = ogr.Geometry(ogr.wkbPoint)
            point.AddPoint_2D(x, y)
            result.append(point)
        else:
            result.append(None)
    return result
