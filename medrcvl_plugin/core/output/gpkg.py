"""Write the diagnostic GeoPackage: layers ``communes`` and ``lieux``, tables, aliases, metadata.

Everything is written by OGR's GeoPackage driver: the layers are declared (types, SRS, French
alternative names), the features created in one transaction (fields set by OGR's typed setters) and
the R*Tree spatial indexes made by GDAL itself (``CreateSpatialIndex``): its triggers are those of the
GeoPackage version of the GDAL that runs (GDAL 3.13 writes the 1.4 triggers a 3.13 validator asks for).
Field aliases are also saved in a default QGIS style (QGIS 3.22 does not read OGR alternative names)
and ``QgsLayerMetadata`` through the OGR provider. Everything goes to a temp file first, checked
and synced before it replaces the previous file (``outputs.staged_output``).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .sets import staged_output

log = logging.getLogger(__name__)

SRID = 2154
PAGE_SIZE = 16384

#: (field, OGR type, French alias) of the ``communes`` layer, in the contract's order
COMMUNE_FIELDS = [
    ("code_insee", "str", "Code INSEE"),
    ("nom", "str", "Nom"),
    ("code_epci", "str", "Code EPCI (SIREN)"),
    ("nom_epci", "str", "Nom de l'EPCI"),
    ("code_dep", "str", "Département"),
    ("code_reg", "str", "Région"),
    ("population", "int64", "Population municipale"),
    ("ifn_score", "real", "Indice de fragilité numérique (1 à 10)"),
    ("ifn_no_thd", "real", "IFN : absence de très haut débit"),
    ("ifn_no_4g", "real", "IFN : absence de 4G"),
    ("ifn_poverty", "real", "IFN : pauvreté"),
    ("ifn_65plus", "real", "IFN : 65 ans et plus"),
    ("ifn_low_diploma", "real", "IFN : faible niveau de diplôme"),
    ("ifn_method", "str", "IFN : méthode de rapprochement"),
    ("ftth_share", "real", "Part des locaux éligibles à la fibre (FttH)"),
    ("thd30_share", "real", "Part des locaux à 30 Mbit/s ou plus"),
    ("below8_share", "real", "Part des locaux sous 8 Mbit/s"),
    ("lieux_count", "int", "Nombre de lieux de médiation"),
    ("lieux_per_10k", "real", "Lieux pour 10 000 habitants"),
    ("n_epn", "int", "Espaces publics numériques"),
    ("n_france_services", "int", "France Services"),
    ("n_bib", "int", "Bibliothèques"),
    ("n_tiers_lieu", "int", "Tiers-lieux"),
    ("n_conseiller_numerique", "int", "Lieux avec conseiller numérique"),
    ("n_aidants_connect", "int", "Lieux Aidants Connect"),
    ("dist_lieu_km", "real", "Distance au lieu le plus proche (km)"),
    ("dist_france_services_km", "real", "Distance à la France Services la plus proche (km)"),
    ("ref_epci_ifn", "real", "IFN de l'EPCI"),
    ("ref_dep_ifn", "real", "IFN du département"),
    ("ref_reg_ifn", "real", "IFN de la région"),
    ("ref_france_ifn", "real", "IFN de la France"),
    ("gap_epci_ifn", "real", "Écart à l'IFN de l'EPCI"),
    ("gap_dep_ifn", "real", "Écart à l'IFN du département"),
    ("gap_reg_ifn", "real", "Écart à l'IFN de la région"),
    ("gap_france_ifn", "real", "Écart à l'IFN de la France"),
    ("rank_epci", "int", "Rang dans l'EPCI (1 = plus fragile)"),
    ("rank_dep", "int", "Rang dans le département (1 = plus fragile)"),
    ("flag_priority", "bool", "Commune prioritaire"),
    ("conseillers_numeriques", "int", "Conseillers numériques France Services (2023)"),
    ("aidants_connect_structures", "int", "Structures Aidants Connect actives (2024)"),
    ("aidants_connect_aidants", "int", "Aidants habilités Aidants Connect (2024)"),
]
PLACE_ALIASES = {
    "lieu_id": "Identifiant",
    "nom": "Nom",
    "adresse": "Adresse",
    "code_postal": "Code postal",
    "commune": "Commune",
    "code_insee": "Code INSEE (localisation)",
    "code_insee_declared": "Code INSEE déclaré",
    "flag_code_mismatch": "Code déclaré ≠ position",
    "latitude": "Latitude",
    "longitude": "Longitude",
    "typologie": "Typologie",
    "services": "Services",
    "dispositifs": "Dispositifs nationaux",
    "categorie": "Catégorie",
    "source": "Source",
    "date_maj": "Date de mise à jour",
}
#: French labels of the provenance table's fields: GeoPackage alternative names and the exports' headers
#: (exports/tables.py), one wording for both
PROVENANCE_LABELS = {
    "source_id": "Identifiant du jeu de données",
    "title": "Jeu de données",
    "producer": "Producteur",
    "licence": "Licence",
    "vintage": "Millésime",
    "attribution": "Mention de la source",
    "location": "Fichier ou adresse lu",
    "mode": "Mode d'accès",
    "retrieved": "Date de lecture",
    "notes": "Remarques",
    "fields": "Champs alimentés",
}
#: OGR alternative names of the tables' fields. QGIS >= 3.30 reads them as aliases and the partner exports
#: (exports/tables.py) take an alias over their own header: they say the same, so sources.csv is the same
#: whichever QGIS exports it (3.22 reads no alternative name).
TABLE_ALIASES = {
    **PROVENANCE_LABELS,
    "level": "Niveau",
    "code": "Code",
    "nom": "Nom",
    "population": "Population",
    "method": "Méthode",
    "reason": "Motif",
    "detail": "Détail",
    "communes": "Communes",
    "communes_with_score": "Communes avec un score",
    "programme": "Dispositif national",
    "siret": "SIRET",
    "code_insee": "Code INSEE",
    "commune": "Commune",
    "code_postal": "Code postal",
    "adresse": "Adresse",
    "conseillers": "Conseillers numériques",
    "aidants": "Aidants habilités",
    "motif": "Motif",
}


def _ogr_type(kind: str):
    """OGR field type of ``str``/``int``/``int64``/``real``/``bool`` (an integer of subtype boolean)."""
    from osgeo import ogr

    return {
        "str": ogr.OFTString,
        "int": ogr.OFTInteger,
        "int64": ogr.OFTInteger64,
        "real": ogr.OFTReal,
        "bool": ogr.OFTInteger,
    }[kind]


def _declare(ds, name: str, fields: list[tuple[str, str, str]], geometry: int | None, srs) -> None:
    """Create a layer (or an attribute table when ``geometry`` is None) with aliased fields."""
    from osgeo import ogr

    options = ["SPATIAL_INDEX=NO", "GEOMETRY_NAME=geom", "FID=fid"]
    layer = ds.CreateLayer(
        name,
        srs if geometry is not None else None,
        geometry if geometry is not None else ogr.wkbNone,
        options,
    )
    for field, kind, alias in fields:
        definition = ogr.FieldDefn(field, _ogr_type(kind))
        if kind == "bool":
            definition.SetSubType(ogr.OFSTBoolean)
        if alias and hasattr(definition, "SetAlternativeName"):
            definition.SetAlternativeName(alias)
        layer.CreateField(definition)


def kind_of(series: pd.Series) -> str:
    """The field kind of a pandas column (bool → GeoPackage BOOLEAN, codes and objects → str)."""
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if pd.api.types.is_integer_dtype(series):
        return "int64" if series.abs().max() > 2**31 - 1 else "int"
    if pd.api.types.is_float_dtype(series):
        return "real"
    return "str"


def _fields_of(frame: pd.DataFrame, aliases: dict[str, str]) -> list[tuple[str, str, str]]:
    """(name, kind, alias) of each column of a table."""
    return [(c, kind_of(frame[c]), aliases.get(c, "")) for c in frame.columns]


def write_diagnostic(
    path: Path,
    communes: pd.DataFrame,
    geometries: list,
    lieux: pd.DataFrame,
    tables: dict[str, pd.DataFrame],
    metadata: dict | None = None,
    overwrite: bool = False,
) -> Path:
    """Write the GeoPackage at ``path`` atomically (OutputExistsError unless ``overwrite``).

    ``communes``: the COMMUNE_FIELDS columns, one row per ``geometries`` item (``ogr.Geometry``
    MultiPolygons in EPSG:2154, or their ISO WKB bytes); ``lieux``: the places with ``x``, ``y``
    (EPSG:2154); ``tables``: name → DataFrame (attribute tables); ``metadata``: layer/table name →
    QgsLayerMetadata.
    """
    with staged_output(path, overwrite=overwrite) as tmp:
        # metadata and styles are saved while the layers are still empty (QGIS opens them faster)
        _write(tmp, communes, geometries, lieux, tables, lambda: _finish(tmp, metadata or {}, lieux))
    return Path(path)


@contextmanager
def _sqlite_options():
    """16 KiB pages for the new file and no fsync per page (a temp file replaced atomically at the end)."""
    from osgeo import gdal

    options = {
        "OGR_SQLITE_PRAGMA": f"page_size={PAGE_SIZE}",
        "OGR_SQLITE_SYNCHRONOUS": "OFF",
        "OGR_SQLITE_CACHE": "64",
    }
    before = {k: gdal.GetThreadLocalConfigOption(k, None) for k in options}
    for key, value in options.items():
        gdal.SetThreadLocalConfigOption(key, value)
    try:
        yield
    finally:
        for key, value in before.items():
            gdal.SetThreadLocalConfigOption(key, value)


def _write(
    tmp: Path,
    communes: pd.DataFrame,
    geometries: list,
    lieux: pd.DataFrame,
    tables: dict[str, pd.DataFrame],
    declared=None,
) -> None:
    """Declare the layers with OGR (then call ``declared()``), create the features in one transaction
    and let GDAL build the spatial indexes."""
    from osgeo import gdal, ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(SRID)
    place_columns = [c for c in lieux.columns if c not in ("x", "y")]
    place_fields = _fields_of(lieux[place_columns], PLACE_ALIASES)
    table_fields = {name: _fields_of(frame, TABLE_ALIASES) for name, frame in tables.items()}
    with _sqlite_options():
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp))
        _declare(ds, "communes", COMMUNE_FIELDS, ogr.wkbMultiPolygon, srs)
        _declare(ds, "lieux", place_fields, ogr.wkbPoint, srs)
        for name, fields in table_fields.items():
            _declare(ds, name, fields, None, srs)
        with _closing_errors_raised():
            ds = None
        if declared is not None:
            declared()
        ds = gdal.OpenEx(str(tmp), gdal.OF_VECTOR | gdal.OF_UPDATE, allowed_drivers=["GPKG"])
        written = False
        try:
            ds.StartTransaction()
            _create(
                ds.GetLayerByName("communes"),
                communes[[f[0] for f in COMMUNE_FIELDS]],
                [f[1] for f in COMMUNE_FIELDS],
                _multipolygons(geometries),
            )
            _create(
                ds.GetLayerByName("lieux"), lieux[place_columns], [f[1] for f in place_fields], _points(lieux)
            )
            for name, frame in tables.items():
                _create(ds.GetLayerByName(name), frame, [f[1] for f in table_fields[name]])
            ds.CommitTransaction()
            for table in ("communes", "lieux"):
                ds.ExecuteSQL(f"SELECT CreateSpatialIndex('{table}', 'geom')")
            written = True
        finally:
            try:
                with _closing_errors_raised():
                    ds = None
            except RuntimeError:
                if written:  # else the error on its way already says what went wrong
                    raise


@contextmanager
def _closing_errors_raised() -> Iterator[None]:
    """Raise, as a RuntimeError here, an error GDAL reports while an OGR dataset dropped in the block is
    closed (GDAL >= 3.8 raises a failed final flush, a full disk, in the dataset's destructor, where
    Python would only print it). ``Dataset.Close()`` would raise it too, but GDAL 3.10 then frees the
    dataset twice. Other unraisable errors go to the previous hook."""
    caught: list[BaseException] = []
    previous = sys.unraisablehook

    def hook(unraisable) -> None:
        found = unraisable.object  # Python <= 3.13: the __del__ function; 3.14: None, named in err_msg
        owner = "" if found is None else getattr(found, "__module__", None) or type(found).__module__
        from_gdal = str(owner).startswith("osgeo") or "Dataset.__del__" in str(unraisable.err_msg or "")
        if from_gdal and isinstance(unraisable.exc_value, RuntimeError):
            caught.append(unraisable.exc_value)
        else:
            previous(unraisable)

    sys.unraisablehook = hook
    try:
        yield
    finally:
        sys.unraisablehook = previous
    if caught:
        raise caught[0]


def _values(series: pd.Series, kind: str) -> list:
    """One column as the values given to OGR's typed setters (None for NA): text for ``str`` and
    ``real`` (a float as its shortest round-trip text, which OGR parses back to the same double: the
    SWIG ``SetField`` dispatch costs three times ``SetFieldString``), Python ints for the integers."""
    present = series.notna().to_numpy()
    values: list[Any]
    if kind == "real":
        floats = series.to_numpy(dtype=float, na_value=np.nan)
        present = np.isfinite(floats)  # NaN is NULL; an infinite value (never computed) too
        values = list(map(repr, floats.tolist()))
    elif kind in ("int", "int64", "bool"):
        values = (
            series.to_numpy(dtype="int64", na_value=0).tolist()
            if (pd.api.types.is_integer_dtype(series) or pd.api.types.is_bool_dtype(series))
            else [int(v) if ok else 0 for v, ok in zip(series.astype(object).tolist(), present.tolist())]
        )
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

    result: list = []
    for item in geometries:
        geometry = (
            ogr.CreateGeometryFromWkb(bytes(item))
            if isinstance(item, (bytes, bytearray))
            else (None if item is None else item.Clone())
        )
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


def _finish(tmp: Path, metadata: dict, lieux: pd.DataFrame) -> None:
    """Save the layer metadata and a default style holding the French aliases."""
    from qgis.core import QgsProviderRegistry, QgsVectorLayer

    from ...compat import save_style_to_database

    aliases = {"communes": {f[0]: f[2] for f in COMMUNE_FIELDS}, "lieux": PLACE_ALIASES}
    registry = QgsProviderRegistry.instance()
    for name, md in metadata.items():
        ok, error = registry.saveLayerMetadata("ogr", f"{tmp}|layername={name}", md)
        if not ok:
            log.warning("metadata of %s not saved: %s", name, error)
    options = QgsVectorLayer.LayerOptions()
    options.loadDefaultStyle = False  # there is none yet: not looked for
    for name, table in aliases.items():
        layer = QgsVectorLayer(f"{tmp}|layername={name}", name, "ogr", options)
        if not layer.isValid():
            continue
        for index, field in enumerate(layer.fields()):
            if table.get(field.name()):
                layer.setFieldAlias(index, table[field.name()])
        if name in metadata:
            layer.setMetadata(metadata[name])
        error = save_style_to_database(layer, "default", "MedRCVL", True)
        if error:
            log.warning("style of %s not saved: %s", name, error)
        del layer


def layer_metadata(territory_name: str, provenance: list[dict]) -> dict:
    """``QgsLayerMetadata`` of each layer/table: title, abstract, licences, rights (source + vintage)."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsLayerMetadata

    from ..base.i18n import tr

    used = [p for p in provenance if p.get("mode") != "unavailable"]
    rights = sorted({f"{p['attribution']} ({p['vintage']})" for p in used if p.get("attribution")})
    licences = sorted({p["licence"] for p in used if p.get("licence")})
    lines = [
        f"- {p['title']} — {p['producer']}, {p['vintage']}, {p['licence']} ({p.get('mode', '')}: "
        f"{p.get('location', '')})"
        for p in used
    ]
    missing = [p["title"] for p in provenance if p.get("mode") == "unavailable"]
    titles = {
        "communes": tr("Digital fragility diagnostic – {name} – communes"),
        "lieux": tr("Digital fragility diagnostic – {name} – mediation places"),
        "references": tr("Digital fragility diagnostic – {name} – reference values"),
    }
    result = {}
    for name, title in titles.items():
        md = QgsLayerMetadata()
        md.setIdentifier(f"medrcvl-{name}")
        md.setTitle(title.format(name=territory_name))
        abstract = tr("Produced by MedRCVL. Sources:") + "\n" + "\n".join(lines)
        if missing:
            abstract += "\n" + tr("Unavailable (fields left empty): {names}").format(names=", ".join(missing))
        md.setAbstract(abstract)
        md.setRights(rights)
        md.setLicenses(licences)
        md.setKeywords({"MedRCVL": ["IFN", "médiation numérique", "fragilité numérique"]})
        if name != "references":
            md.setCrs(QgsCoordinateReferenceSystem("EPSG:2154"))
        result[name] = md
    return result
