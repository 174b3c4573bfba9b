"""Geometries of the units of a diagnostic (EPSG:2154): bulk reads, dissolve, points, containment.

File layers are reprojected and read by GDAL in bulk (``VectorTranslate`` + ``GetArrowStreamAsNumPy``);
the GEOS point-on-surface and envelope of every unit can come from the same read (one SQL query run by
GDAL outside the GIL), and WKB is parsed into ``ogr.Geometry`` only where a geometry is needed. Points
are located with a ``QgsSpatialIndex`` of the units' envelopes and GEOS ``Contains``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..base.codes import commune_code

#: point-on-surface (sx, sy) and envelope of each unit, when computed in bulk (``units_from_ogr``)
SURFACE_COLUMNS = ("sx", "sy", "minx", "maxx", "miny", "maxy")


def units_from_layer(layer, code_field: str, name_field: str | None = None, feedback=None) -> pd.DataFrame:
    """The communes of a layer -> df[code_insee, nom, geom (ogr.Geometry, EPSG:2154)].

    File layers of the OGR provider are reprojected and read by GDAL in bulk; others through QGIS.
    """
    if layer.providerType() == "ogr" and not layer.subsetString():
        frame = _units_ogr(layer.source(), code_field, name_field)
        if frame is not None:
            return frame
    return _units_qgis(layer, code_field, name_field, feedback)


def units_from_ogr(
    source: str,
    code_field: str,
    name_field: str | None = None,
    *,
    as_wkb: bool = False,
    surface: bool = False,
) -> pd.DataFrame | None:
    """Like ``units_from_layer`` for an OGR source string (``path|layername=x``), without QGIS objects
    (safe in a worker thread); None when GDAL cannot read it. ``as_wkb``: ``geom`` holds ISO WKB bytes
    (a worker thread then makes no call per feature; see ``with_geometries``). ``surface``: also the
    columns ``SURFACE_COLUMNS`` (GEOS point-on-surface and envelope computed by GDAL in one SQL query,
    NaN where not computed; see ``points_on_surface``), dropped by ``dissolve``."""
    return _units_ogr(source, code_field, name_field, as_wkb=as_wkb, surface=surface)


def geometry_of(value):
    """An ``ogr.Geometry`` from a ``geom`` cell (ISO WKB bytes are parsed; None stays None)."""
    if isinstance(value, (bytes, bytearray)):
        from osgeo import ogr

        return ogr.CreateGeometryFromWkb(bytes(value))
    return value


def with_geometries(units: pd.DataFrame) -> pd.DataFrame:
    """``units`` whose ``geom`` column of WKB bytes is turned into ``ogr.Geometry`` objects."""
    from osgeo import ogr

    geoms = [ogr.CreateGeometryFromWkb(w) if isinstance(w, bytes) else w for w in units["geom"]]
    return units.assign(geom=geoms)


def open_ogr(source: str):
    """(dataset, layer) of an OGR source string ``path|layername=x`` (None, None when not readable)."""
    from osgeo import gdal

    path, _, rest = source.partition("|")
    options = dict(part.split("=", 1) for part in rest.split("|") if "=" in part)
    if set(options) - {"layername"}:
        return None, None
    try:
        ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY)
    except RuntimeError:
        ds = None
    if ds is None:
        return None, None
    layer = ds.GetLayerByName(options["layername"]) if "layername" in options else ds.GetLayer(0)
    return (ds, layer) if layer is not None else (None, None)


def arrow_columns(layer, columns: dict[str, bool]) -> dict[str, list] | None:
    """Columns of an OGR layer read in bulk through Arrow (GDAL ≥ 3.6): ``{name: decode_text}`` ->
    {name: values (None when null)}; None when the bindings cannot."""
    import numpy as np

    if not hasattr(layer, "GetArrowStreamAsNumPy"):
        return None
    out: dict[str, list] = {name: [] for name in columns}
    try:
        stream = layer.GetArrowStreamAsNumPy()
    except (RuntimeError, AttributeError):
        return None
    for batch in stream:
        for name, decode in columns.items():
            values = batch[name]
            mask = np.ma.getmaskarray(values).tolist() if np.ma.isMaskedArray(values) else None
            items = (values.data if mask is not None else values).tolist()
            if mask is not None:
                items = [None if masked else item for item, masked in zip(items, mask)]
            if decode:
                items = [item.decode("utf-8") if isinstance(item, bytes) else item for item in items]
            out[name].extend(items)
    return out


def _surface_columns(memory, layer) -> dict[str, np.ndarray] | None:
    """``SURFACE_COLUMNS`` of every feature of an in-memory layer (SQLite dialect, Spatialite/GEOS,
    run by GDAL without the GIL); None when the query cannot run."""
    geometry = (layer.GetGeometryColumn() or "GEOMETRY").replace('"', '""')
    name = layer.GetName().replace('"', '""')
    sql = (
        f'SELECT ST_X(ST_PointOnSurface("{geometry}")) AS sx, '
        f'ST_Y(ST_PointOnSurface("{geometry}")) AS sy, '
        f'MbrMinX("{geometry}") AS minx, MbrMaxX("{geometry}") AS maxx, MbrMinY("{geometry}") AS miny, '
        f'MbrMaxY("{geometry}") AS maxy FROM "{name}"'
    )
    try:
        result = memory.ExecuteSQL(sql, dialect="SQLITE")
    except RuntimeError:
        return None
    if result is None:
        return None
    try:
        if not hasattr(result, "GetArrowStreamAsNumPy"):
            return None
        parts: dict[str, list] = {c: [] for c in SURFACE_COLUMNS}
        last = -1
        for batch in result.GetArrowStreamAsNumPy():
            fids = np.asarray(batch.get("OGC_FID", []))
            if len(fids) and (fids[0] <= last or (np.diff(fids) <= 0).any()):
                return None  # not in the layer's order
            last = int(fids[-1]) if len(fids) else last
            for column in SURFACE_COLUMNS:
                parts[column].append(np.ma.filled(np.ma.asarray(batch[column], dtype=float), np.nan))
        out = {c: np.concatenate(v) if v else np.empty(0) for c, v in parts.items()}
        return out if len(out["sx"]) == layer.GetFeatureCount() else None
    except (RuntimeError, KeyError, TypeError, ValueError):
        return None
    finally:
        memory.ReleaseResultSet(result)


def _units_ogr(
    source: str, code_field: str, name_field: str | None, as_wkb: bool = False, surface: bool = False
) -> pd.DataFrame | None:
    """Bulk read of an OGR layer (``path|layername=x``) reprojected to EPSG:2154; None if not possible.

    GDAL reprojects and forces MultiPolygons in one call (``VectorTranslate`` into memory); the rows
    come back through Arrow (``GetArrowStreamAsNumPy``) when the bindings have it, feature by feature
    otherwise.
    """
    from osgeo import gdal, ogr, osr

    ds, layer = open_ogr(source)
    if layer is None:
        return None
    definition = layer.GetLayerDefn()
    if definition.GetFieldIndex(code_field) < 0:
        return None
    fields = [code_field] + (
        [name_field]
        if name_field and definition.GetFieldIndex(name_field) >= 0 and name_field != code_field
        else []
    )
    source_srs = layer.GetSpatialRef()
    options = {
        "format": "Memory",
        "layers": [layer.GetName()],
        "dstSRS": "EPSG:2154",
        "geometryType": "MULTIPOLYGON",
        "selectFields": fields,
    }
    if source_srs is None:
        options["srcSRS"] = "EPSG:4326"
    else:
        target = osr.SpatialReference()
        target.ImportFromEPSG(2154)
        if source_srs.IsSame(target):
            del options["dstSRS"]
    layer = None
    try:
        memory = gdal.VectorTranslate("", ds, **options)
    except RuntimeError:
        memory = None
    ds = None
    if memory is None:
        return None
    reprojected = memory.GetLayer(0)
    geometry_column = reprojected.GetGeometryColumn() or "wkb_geometry"
    columns = arrow_columns(reprojected, {**{f: True for f in fields}, geometry_column: False})
    if columns is not None:
        codes = [commune_code(v) for v in columns[code_field]]
        names = columns[fields[1]] if len(fields) > 1 else [None] * len(codes)
        geoms = [bytes(w) if w is not None else None for w in columns[geometry_column]]
        if not as_wkb:
            geoms = [ogr.CreateGeometryFromWkb(w) if w is not None else None for w in geoms]
    else:
        codes, names, geoms = [], [], []
        for feature in reprojected:
            codes.append(commune_code(feature.GetField(code_field)))
            names.append(feature.GetField(name_field) if len(fields) > 1 else None)
            geometry = feature.GetGeometryRef()
            geoms.append(
                None if geometry is None else bytes(geometry.ExportToIsoWkb()) if as_wkb else geometry.Clone()
            )
    extra = _surface_columns(memory, reprojected) if surface else None
    reprojected = memory = None
    frame = pd.DataFrame({"code_insee": codes, "nom": names, "geom": geoms})
    if extra is not None and all(len(v) == len(frame) for v in extra.values()):
        for column, values in extra.items():
            frame[column] = values
    return frame


def _units_qgis(layer, code_field: str, name_field: str | None, feedback=None) -> pd.DataFrame:
    """Feature-by-feature read through QGIS (memory, database and web layers)."""
    from osgeo import ogr
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject

    transform = QgsCoordinateTransform(
        layer.crs(), QgsCoordinateReferenceSystem("EPSG:2154"), QgsProject.instance()
    )
    has_name = bool(name_field) and layer.fields().indexOf(name_field) >= 0
    codes: list = []
    names: list = []
    geoms: list = []
    for feature in layer.getFeatures():
        if feedback is not None and feedback.isCanceled():
            break
        codes.append(commune_code(feature[code_field]))
        name = feature[name_field] if has_name else None
        names.append(None if name is None or str(name) == "NULL" else str(name))
        geometry = feature.geometry()
        if geometry is None or geometry.isEmpty():
            geoms.append(None)
            continue
        geometry.transform(transform)
        geoms.append(ogr.ForceToMultiPolygon(ogr.CreateGeometryFromWkb(bytes(geometry.asWkb()))))
    return pd.DataFrame({"code_insee": codes, "nom": names, "geom": geoms})


def dissolve(units: pd.DataFrame, key: str = "current") -> pd.DataFrame:
    """Union the geometries of the units sharing ``key`` -> one row per key (first name kept)."""
    from osgeo import ogr

    units = with_geometries(units.drop(columns=[c for c in SURFACE_COLUMNS if c in units.columns]))
    sizes = units[key].map(units[key].value_counts())
    single = units[sizes == 1]
    rows = []
    for _value, group in units[sizes > 1].groupby(key, sort=False):
        collection = ogr.Geometry(ogr.wkbMultiPolygon)
        for geometry in group["geom"]:
            if geometry is not None:
                for index in range(geometry.GetGeometryCount()):
                    collection.AddGeometry(geometry.GetGeometryRef(index))
        union = collection.UnionCascaded() if collection.GetGeometryCount() else None
        rows.append(
            {
                **group.iloc[0].to_dict(),
                "geom": ogr.ForceToMultiPolygon(union) if union else None,
                "members": ", ".join(sorted(group["code_insee"])),
            }
        )
    merged = pd.DataFrame(rows, columns=[*units.columns, "members"])
    return pd.concat([single.assign(members=single["code_insee"]), merged], ignore_index=True)


def lonlat_to_2154(lon: pd.Series, lat: pd.Series) -> tuple[pd.Series, pd.Series]:
    """WGS84 longitude/latitude -> EPSG:2154 x, y (NaN stays NaN; so does a pair that is not finite or
    out of range, which PROJ is never given)."""
    import numpy as np
    from osgeo import osr

    source, target = osr.SpatialReference(), osr.SpatialReference()
    source.ImportFromEPSG(4326)
    target.ImportFromEPSG(2154)
    for srs in (source, target):
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    lon_values, lat_values = lon.to_numpy(dtype=float), lat.to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        ok = (
            np.isfinite(lon_values)
            & np.isfinite(lat_values)
            & (np.abs(lat_values) <= 90)
            & (np.abs(lon_values) <= 180)
        )
    x = np.full(len(lon), np.nan)
    y = np.full(len(lon), np.nan)
    if ok.any():
        points = osr.CoordinateTransformation(source, target).TransformPoints(
            list(zip(lon[ok].astype(float), lat[ok].astype(float)))
        )
        x[ok] = [p[0] for p in points]
        y[ok] = [p[1] for p in points]
    return pd.Series(x, index=lon.index), pd.Series(y, index=lon.index)


def envelopes(geoms) -> np.ndarray:
    """(n, 4) array of ``minx, maxx, miny, maxy`` of each geometry (NaN for a missing one)."""
    nan = (np.nan, np.nan, np.nan, np.nan)
    return np.array(
        [geometry_of(g).GetEnvelope() if g is not None else nan for g in geoms], dtype=float
    ).reshape(-1, 4)


def locate_points(
    x: pd.Series, y: pd.Series, units: pd.DataFrame, code: str = "code_insee", bounds=None
) -> pd.Series:
    """The ``code`` of the unit containing each point (None outside every unit; the first unit in row
    order wins where units overlap). ``bounds``: the ``envelopes`` of ``units["geom"]`` when already at
    hand. The candidates of a point come from a ``QgsSpatialIndex`` of the units' envelopes; each is
    tested with GEOS ``Contains`` (through OGR), a WKB cell parsed only when a point may fall in it."""
    from osgeo import ogr
    from qgis.core import QgsRectangle, QgsSpatialIndex

    geoms = list(units["geom"])
    env = envelopes(geoms) if bounds is None else np.asarray(bounds, dtype=float)
    result = pd.Series(None, index=x.index, dtype=object)
    index = QgsSpatialIndex()
    for row in np.flatnonzero(np.isfinite(env).all(axis=1)).tolist():
        minx, maxx, miny, maxy = env[row]
        index.addFeature(row, QgsRectangle(minx, miny, maxx, maxy))
    codes = units[code].to_numpy()
    px, py = x.to_numpy(dtype=float), y.to_numpy(dtype=float)
    for position in np.flatnonzero(np.isfinite(px) & np.isfinite(py)).tolist():
        qx, qy = float(px[position]), float(py[position])
        candidates = sorted(index.intersects(QgsRectangle(qx, qy, qx, qy)))
        if not candidates:
            continue
        point = ogr.Geometry(ogr.wkbPoint)
        point.AddPoint_2D(qx, qy)
        for row in candidates:
            if isinstance(geoms[row], (bytes, bytearray)):
                geoms[row] = geometry_of(geoms[row])
            if geoms[row] is not None and geoms[row].Contains(point):
                result.iloc[position] = codes[row]
                break
    return result


def points_on_surface(units: pd.DataFrame) -> pd.DataFrame:
    """A point inside each unit -> df[x, y] (NaN for a missing geometry); the ``sx``/``sy`` columns
    when present (computed by GEOS in bulk), GEOS through OGR for the other rows."""
    n = len(units)
    xs = units["sx"].to_numpy(dtype=float, copy=True) if "sx" in units.columns else np.full(n, np.nan)
    ys = units["sy"].to_numpy(dtype=float, copy=True) if "sy" in units.columns else np.full(n, np.nan)
    todo = np.isnan(xs) | np.isnan(ys)
    geoms = units["geom"].to_numpy(dtype=object)
    for row in np.nonzero(todo)[0].tolist():
        geometry = geometry_of(geoms[row])
        point = geometry.PointOnSurface() if geometry is not None else None
        xs[row] = point.GetX() if point is not None else float("nan")
        ys[row] = point.GetY() if point is not None else float("nan")
    return pd.DataFrame({"x": xs, "y": ys}, index=units.index)
