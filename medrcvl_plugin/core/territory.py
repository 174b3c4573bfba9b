"""The territory of a diagnostic: an EPCI, a département, a région, a list of communes or a layer.

Membership comes from codes only (EPCI composition of the DGCL, INSEE COG), never from names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .errors import TerritoryError
from .i18n import tr

KINDS = ("epci", "departement", "region", "communes", "layer")
COMMUNE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
REGIONS = {
    "01": "Guadeloupe", "02": "Martinique", "03": "Guyane", "04": "La Réunion", "06": "Mayotte",
    "11": "Île-de-France", "24": "Centre-Val de Loire", "27": "Bourgogne-Franche-Comté", "28": "Normandie",
    "32": "Hauts-de-France", "44": "Grand Est", "52": "Pays de la Loire", "53": "Bretagne",
    "75": "Nouvelle-Aquitaine", "76": "Occitanie", "84": "Auvergne-Rhône-Alpes",
    "93": "Provence-Alpes-Côte d'Azur", "94": "Corse",
}


@dataclass
class Territory:
    """What the user asked for: ``kind`` in KINDS and its ``value`` (SIREN, code, list of codes)."""

    kind: str
    value: Any = None
    layer: Any = None  # a QgsVectorLayer of communes (kind "layer")
    code_field: str | None = None  # the field of ``layer`` holding the INSEE codes


@dataclass
class TerritoryCodes:
    """The resolved territory: commune codes and the EPCI/départements/régions it touches."""

    codes: list[str]
    name: str
    epci_sirens: list[str] = field(default_factory=list)
    departements: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)


def departement_of(code: str) -> str:
    """The département of a commune code: 2 characters, 3 for overseas (971..976)."""
    return code[:3] if code.startswith("97") else code[:2]


def layer_codes(layer, code_field: str | None) -> list[str]:
    """The commune codes of a layer's features (text, stripped); TerritoryError when unusable."""
    if layer is None or not code_field:
        raise TerritoryError(tr("A commune layer and its code field are required."))
    if layer.fields().indexOf(code_field) < 0:
        raise TerritoryError(tr("Layer {layer} has no field {field}.").format(
            layer=layer.name(), field=code_field))
    values = _ogr_values(layer, code_field) if layer.providerType() == "ogr" else None
    if values is None:
        from qgis.core import QgsFeatureRequest

        from ..compat import FEATURE_REQUEST_NO_GEOMETRY

        request = QgsFeatureRequest().setFlags(FEATURE_REQUEST_NO_GEOMETRY)
        request.setSubsetOfAttributes([code_field], layer.fields())
        values = (feature[code_field] for feature in layer.getFeatures(request))
    codes = []
    for value in values:
        text = "" if value is None else str(value).strip()
        if text.isdigit() and len(text) == 4:  # a code stored as a number lost its leading zero
            text = "0" + text
        if text and text.upper() != "NULL":
            codes.append(text)
    return codes


def _ogr_values(layer, field: str) -> list | None:
    """The values of ``field`` of an unfiltered OGR file layer read by GDAL directly (None: not possible)."""
    if layer.subsetString():
        return None
    ds, source = _open_ogr(layer.source())
    if source is None or source.GetFeatureCount() != layer.featureCount():
        return None
    definition = source.GetLayerDefn()
    index = definition.GetFieldIndex(field)
    if index < 0:
        return None
    source.SetIgnoredFields([definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())
                             if i != index] + ["OGR_GEOMETRY"])
    columns = _arrow_columns(source, {field: True})
    values = columns[field] if columns is not None else [feature.GetField(index) for feature in source]
    del source, ds  # close the file
    return values


def resolve(territory: Territory, cog: pd.DataFrame, epci_composition: pd.DataFrame | None
            ) -> TerritoryCodes:
    """Resolve ``territory`` with the COG communes (``read_cog_communes``) and the EPCI composition
    (``read_epci_composition``, may be None unless kind is "epci") -> TerritoryCodes."""
    kind = territory.kind
    communes = cog[cog["typecom"] == "COM"]
    if kind == "epci":
        if epci_composition is None:
            raise TerritoryError(tr("The EPCI composition is needed to resolve an EPCI."))
        siren = str(territory.value or "").strip()
        members = epci_composition[epci_composition["siren"] == siren]
        if members.empty:
            raise TerritoryError(tr("EPCI {siren} is not in the EPCI composition file (SIREN expected, "
                                    "9 digits).").format(siren=siren))
        codes = sorted(set(members["insee"].dropna()))
        name = str(members["raison_sociale"].iloc[0])
    elif kind in ("departement", "region"):
        value = str(territory.value or "").strip().upper()
        column = "dep" if kind == "departement" else "reg"
        if kind == "departement" and value.isdigit() and len(value) == 1:
            value = "0" + value
        codes = sorted(communes.loc[communes[column] == value, "com"])
        if not codes:
            raise TerritoryError(tr("No commune of the COG belongs to {kind} {code}.").format(
                kind=kind, code=value))
        name = _level_name(kind, value)
    elif kind in ("communes", "layer"):
        if kind == "layer":
            codes = layer_codes(territory.layer, territory.code_field)
            name = territory.layer.name()
        else:
            values = territory.value.split(",") if isinstance(territory.value, str) else territory.value
            codes = [str(c).strip() for c in (values or []) if str(c).strip()]
            name = tr("{n} communes").format(n=len(set(codes)))
        bad = [c for c in codes if not COMMUNE_CODE.match(c)]
        if bad:
            raise TerritoryError(tr("Not INSEE commune codes (5 characters expected): {codes}").format(
                codes=", ".join(bad[:10])))
        codes = sorted(set(codes))
        if not codes:
            raise TerritoryError(tr("The territory holds no commune code."))
    else:
        raise TerritoryError(tr("Unknown territory kind {kind!r}; expected one of {kinds}.").format(
            kind=kind, kinds=", ".join(KINDS)))
    return _describe(codes, name, cog, epci_composition)


def _level_name(kind: str, code: str) -> str:
    """A readable name for a département or région code."""
    from .territory_search import DEPARTEMENTS

    if kind == "departement":
        return f"{DEPARTEMENTS.get(code, code)} ({code})"
    return REGIONS.get(code, code)


def _describe(codes: list[str], name: str, cog: pd.DataFrame, epci: pd.DataFrame | None) -> TerritoryCodes:
    """Fill the EPCI, départements and régions touched by ``codes``."""
    known = cog[cog["com"].isin(codes) & (cog["typecom"].isin(["COM", "ARM"]))]
    departements = sorted(set(known["dep"].dropna()) | {departement_of(c) for c in codes})
    regions = sorted(set(known["reg"].dropna()))
    sirens: list[str] = []
    if epci is not None:
        sirens = sorted(set(epci.loc[epci["insee"].isin(codes), "siren"].dropna()))
    return TerritoryCodes(codes, name, sirens, departements, regions)


# --------------------------------------------------------------------------- geometries of the units
def units_from_layer(layer, code_field: str, name_field: str | None = None, feedback=None) -> pd.DataFrame:
    """The communes of a layer -> df[code_insee, nom, geom (ogr.Geometry, EPSG:2154)].

    File layers of the OGR provider are reprojected and read by GDAL in bulk; others through QGIS.
    """
    if layer.providerType() == "ogr" and not layer.subsetString():
        frame = _units_ogr(layer.source(), code_field, name_field)
        if frame is not None:
            return frame
    return _units_qgis(layer, code_field, name_field, feedback)


def units_from_ogr(source: str, code_field: str, name_field: str | None = None, *, as_wkb: bool = False
                   ) -> pd.DataFrame | None:
    """Like ``units_from_layer`` for an OGR source string (``path|layername=x``), without QGIS objects
    (safe in a worker thread); None when GDAL cannot read it. ``as_wkb``: ``geom`` holds ISO WKB bytes
    (a worker thread then makes no call per feature; see ``with_geometries``)."""
    return _units_ogr(source, code_field, name_field, as_wkb=as_wkb)


def with_geometries(units: pd.DataFrame) -> pd.DataFrame:
    """``units`` whose ``geom`` column of WKB bytes is turned into ``ogr.Geometry`` objects."""
    from osgeo import ogr

    geoms = [ogr.CreateGeometryFromWkb(w) if isinstance(w, bytes) else w for w in units["geom"]]
    return units.assign(geom=geoms)


def _clean_code(value) -> str | None:
    """A commune code as text (lost leading zero restored), None when empty."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip().upper()
    if not text or text == "NULL":
        return None
    return "0" + text if text.isdigit() and len(text) == 4 else text


def _open_ogr(source: str):
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


def _arrow_columns(layer, columns: dict[str, bool]) -> dict[str, list] | None:
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


def _units_ogr(source: str, code_field: str, name_field: str | None, as_wkb: bool = False
               ) -> pd.DataFrame | None:
    """Bulk read of an OGR layer (``path|layername=x``) reprojected to EPSG:2154; None if not possible.

    GDAL reprojects and forces MultiPolygons in one call (``VectorTranslate`` into memory); the rows
    come back through Arrow when the bindings have it, feature by feature otherwise.
    """
    from osgeo import gdal, ogr, osr

    ds, layer = _open_ogr(source)
    if layer is None:
        return None
    definition = layer.GetLayerDefn()
    if definition.GetFieldIndex(code_field) < 0:
        return None
    fields = [code_field] + ([name_field] if name_field and definition.GetFieldIndex(name_field) >= 0
                             and name_field != code_field else [])
    source_srs = layer.GetSpatialRef()
    options = {"format": "Memory", "layers": [layer.GetName()], "dstSRS": "EPSG:2154",
               "geometryType": "MULTIPOLYGON", "selectFields": fields}
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
    columns = _arrow_columns(reprojected, {**{f: True for f in fields}, geometry_column: False})
    if columns is not None:
        codes = [_clean_code(v) for v in columns[code_field]]
        names = columns[name_field] if len(fields) > 1 else [None] * len(codes)
        geoms = [bytes(w) if w is not None else None for w in columns[geometry_column]]
        if not as_wkb:
            geoms = [ogr.CreateGeometryFromWkb(w) if w is not None else None for w in geoms]
    else:
        codes, names, geoms = [], [], []
        for feature in reprojected:
            codes.append(_clean_code(feature.GetField(code_field)))
            names.append(feature.GetField(name_field) if len(fields) > 1 else None)
            geometry = feature.GetGeometryRef()
            geoms.append(None if geometry is None else
                         bytes(geometry.ExportToIsoWkb()) if as_wkb else geometry.Clone())
    memory = None
    return pd.DataFrame({"code_insee": codes, "nom": names, "geom": geoms})


def _units_qgis(layer, code_field: str, name_field: str | None, feedback=None) -> pd.DataFrame:
    """Feature-by-feature read through QGIS (memory, database and web layers)."""
    from osgeo import ogr
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject

    transform = QgsCoordinateTransform(layer.crs(), QgsCoordinateReferenceSystem("EPSG:2154"),
                                       QgsProject.instance())
    has_name = bool(name_field) and layer.fields().indexOf(name_field) >= 0
    codes, names, geoms = [], [], []
    for feature in layer.getFeatures():
        if feedback is not None and feedback.isCanceled():
            break
        codes.append(_clean_code(feature[code_field]))
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
        rows.append({**group.iloc[0].to_dict(), "geom": ogr.ForceToMultiPolygon(union) if union else None,
                     "members": ", ".join(sorted(group["code_insee"]))})
    merged = pd.DataFrame(rows, columns=[*units.columns, "members"])
    return pd.concat([single.assign(members=single["code_insee"]), merged], ignore_index=True)


def lonlat_to_2154(lon: pd.Series, lat: pd.Series) -> tuple[pd.Series, pd.Series]:
    """WGS84 longitude/latitude -> EPSG:2154 x, y (NaN stays NaN)."""
    import numpy as np
    from osgeo import osr

    source, target = osr.SpatialReference(), osr.SpatialReference()
    source.ImportFromEPSG(4326)
    target.ImportFromEPSG(2154)
    for srs in (source, target):
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ok = (lon.notna() & lat.notna()).to_numpy()
    x = np.full(len(lon), np.nan)
    y = np.full(len(lon), np.nan)
    if ok.any():
        points = osr.CoordinateTransformation(source, target).TransformPoints(
            list(zip(lon[ok].astype(float), lat[ok].astype(float))))
        x[ok] = [p[0] for p in points]
        y[ok] = [p[1] for p in points]
    return pd.Series(x, index=lon.index), pd.Series(y, index=lon.index)


def locate_points(x: pd.Series, y: pd.Series, units: pd.DataFrame, code: str = "code_insee",
                  cell: float = 10000.0) -> pd.Series:
    """The ``code`` of the unit containing each point (None outside every unit); grid of ``cell`` m."""
    import math

    from osgeo import ogr

    grid: dict[tuple[int, int], list[int]] = {}
    geoms = list(units["geom"])
    envelopes = []
    for index, geometry in enumerate(geoms):
        if geometry is None:
            envelopes.append((math.inf, -math.inf, math.inf, -math.inf))
            continue
        minx, maxx, miny, maxy = envelope = geometry.GetEnvelope()
        envelopes.append(envelope)
        for i in range(math.floor(minx / cell), math.floor(maxx / cell) + 1):
            for j in range(math.floor(miny / cell), math.floor(maxy / cell) + 1):
                grid.setdefault((i, j), []).append(index)
    codes = units[code].to_numpy()
    found: dict = {}
    for index, px, py in zip(x.index, x.to_numpy(dtype=float), y.to_numpy(dtype=float)):
        if not (math.isfinite(px) and math.isfinite(py)):
            continue
        cell_units = grid.get((math.floor(px / cell), math.floor(py / cell)), ())
        candidates = [c for c in cell_units if envelopes[c][0] <= px <= envelopes[c][1]
                      and envelopes[c][2] <= py <= envelopes[c][3]]
        if not candidates:
            continue
        point = ogr.Geometry(ogr.wkbPoint)
        point.AddPoint_2D(float(px), float(py))
        for candidate in candidates:
            if geoms[candidate].Contains(point):
                found[index] = codes[candidate]
                break
    result = pd.Series(None, index=x.index, dtype=object)
    if found:
        result.loc[list(found)] = list(found.values())
    return result


def points_on_surface(units: pd.DataFrame) -> pd.DataFrame:
    """A point inside each unit -> df[x, y] (NaN for a missing geometry)."""
    xs, ys = [], []
    for geometry in units["geom"]:
        point = geometry.PointOnSurface() if geometry is not None else None
        xs.append(point.GetX() if point is not None else float("nan"))
        ys.append(point.GetY() if point is not None else float("nan"))
    return pd.DataFrame({"x": xs, "y": ys}, index=units.index)
