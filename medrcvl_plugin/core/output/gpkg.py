"""Write the diagnostic GeoPackage: layers ``communes`` and ``lieux``, tables, aliases, metadata.

The layers are declared with OGR (types, SRS, French alternative names), the rows are inserted in
bulk through sqlite3 in one transaction (rows and geometry blobs encoded by ``gpkg_rows``) and the
R*Tree spatial indexes are made by GDAL itself (``CreateSpatialIndex``): its triggers are those of the
GeoPackage version of the GDAL that runs (GDAL 3.13 writes the 1.4 triggers a 3.13 validator asks for).
Field aliases are also saved in a default QGIS style (QGIS 3.22 does not read OGR alternative names)
and ``QgsLayerMetadata`` through the OGR provider. Everything goes to a temp file first, checked
and synced before it replaces the previous file (``outputs.staged_output``).
"""

from __future__ import annotations

import logging
import sqlite3
import struct
from pathlib import Path

import numpy as np
import pandas as pd

from .gpkg_rows import SRID, _blob_parts, _blobs, _insert, _rows, geometry_blob, kind_of  # noqa: F401
from .sets import staged_output

log = logging.getLogger(__name__)

PAGE_SIZE = 16384

#: (field, OGR type, French alias) of the ``communes`` layer, in the contract's order
COMMUNE_FIELDS = [
    ("code_insee", "str", "Code INSEE"), ("nom", "str", "Nom"),
    ("code_epci", "str", "Code EPCI (SIREN)"), ("nom_epci", "str", "Nom de l'EPCI"),
    ("code_dep", "str", "Département"), ("code_reg", "str", "Région"),
    ("population", "int64", "Population municipale"),
    ("ifn_score", "real", "Indice de fragilité numérique (1 à 10)"),
    ("ifn_no_thd", "real", "IFN : absence de très haut débit"), ("ifn_no_4g", "real", "IFN : absence de 4G"),
    ("ifn_poverty", "real", "IFN : pauvreté"), ("ifn_65plus", "real", "IFN : 65 ans et plus"),
    ("ifn_low_diploma", "real", "IFN : faible niveau de diplôme"),
    ("ifn_method", "str", "IFN : méthode de rapprochement"),
    ("ftth_share", "real", "Part des locaux éligibles à la fibre (FttH)"),
    ("thd30_share", "real", "Part des locaux à 30 Mbit/s ou plus"),
    ("below8_share", "real", "Part des locaux sous 8 Mbit/s"),
    ("lieux_count", "int", "Nombre de lieux de médiation"),
    ("lieux_per_10k", "real", "Lieux pour 10 000 habitants"),
    ("n_epn", "int", "Espaces publics numériques"), ("n_france_services", "int", "France Services"),
    ("n_bib", "int", "Bibliothèques"), ("n_tiers_lieu", "int", "Tiers-lieux"),
    ("n_conseiller_numerique", "int", "Lieux avec conseiller numérique"),
    ("n_aidants_connect", "int", "Lieux Aidants Connect"),
    ("dist_lieu_km", "real", "Distance au lieu le plus proche (km)"),
    ("dist_france_services_km", "real", "Distance à la France Services la plus proche (km)"),
    ("ref_epci_ifn", "real", "IFN de l'EPCI"), ("ref_dep_ifn", "real", "IFN du département"),
    ("ref_reg_ifn", "real", "IFN de la région"), ("ref_france_ifn", "real", "IFN de la France"),
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
    "lieu_id": "Identifiant", "nom": "Nom", "adresse": "Adresse", "code_postal": "Code postal",
    "commune": "Commune", "code_insee": "Code INSEE (localisation)",
    "code_insee_declared": "Code INSEE déclaré", "flag_code_mismatch": "Code déclaré ≠ position",
    "latitude": "Latitude", "longitude": "Longitude", "typologie": "Typologie", "services": "Services",
    "dispositifs": "Dispositifs nationaux", "categorie": "Catégorie", "source": "Source",
    "date_maj": "Date de mise à jour",
}
#: OGR alternative names of the tables' fields. QGIS >= 3.30 reads them as aliases and the partner exports
#: (exports/tables.py) take an alias over their own header: they say the same, so sources.csv is the same
#: whichever QGIS exports it (3.22 reads no alternative name).
TABLE_ALIASES = {
    "level": "Niveau", "code": "Code", "nom": "Nom", "population": "Population", "method": "Méthode",
    "source_id": "Identifiant du jeu de données", "reason": "Motif", "detail": "Détail",
    "fields": "Champs alimentés", "title": "Jeu de données", "producer": "Producteur", "licence": "Licence",
    "vintage": "Millésime", "attribution": "Mention de la source", "location": "Fichier ou adresse lu",
    "mode": "Mode d'accès", "retrieved": "Date de lecture", "notes": "Remarques",
    "communes": "Communes", "communes_with_score": "Communes avec un score",
    "programme": "Dispositif national", "siret": "SIRET", "code_insee": "Code INSEE", "commune": "Commune",
    "code_postal": "Code postal", "adresse": "Adresse", "conseillers": "Conseillers numériques",
    "aidants": "Aidants habilités", "motif": "Motif",
}


def _ogr_type(kind: str):
    """OGR field type of ``str``/``int``/``int64``/``real``/``bool`` (an integer of subtype boolean)."""
    from osgeo import ogr

    return {"str": ogr.OFTString, "int": ogr.OFTInteger, "int64": ogr.OFTInteger64,
            "real": ogr.OFTReal, "bool": ogr.OFTInteger}[kind]


def _declare(ds, name: str, fields: list[tuple[str, str, str]], geometry: int | None, srs) -> None:
    """Create a layer (or an attribute table when ``geometry`` is None) with aliased fields."""
    from osgeo import ogr

    options = ["SPATIAL_INDEX=NO", "GEOMETRY_NAME=geom", "FID=fid"]
    layer = ds.CreateLayer(name, srs if geometry is not None else None,
                           geometry if geometry is not None else ogr.wkbNone, options)
    for field, kind, alias in fields:
        definition = ogr.FieldDefn(field, _ogr_type(kind))
        if kind == "bool":
            definition.SetSubType(ogr.OFSTBoolean)
        if alias and hasattr(definition, "SetAlternativeName"):
            definition.SetAlternativeName(alias)
        layer.CreateField(definition)


def _fields_of(frame: pd.DataFrame, aliases: dict[str, str]) -> list[tuple[str, str, str]]:
    """(name, kind, alias) of each column of a table."""
    return [(c, kind_of(frame[c]), aliases.get(c, "")) for c in frame.columns]


def write_diagnostic(path: Path, communes: pd.DataFrame, geometries: list, lieux: pd.DataFrame,
                     tables: dict[str, pd.DataFrame], metadata: dict | None = None,
                     overwrite: bool = False, envelopes=None) -> Path:
    """Write the GeoPackage at ``path`` atomically (OutputExistsError unless ``overwrite``).

    ``communes``: the COMMUNE_FIELDS columns, one row per ``geometries`` item (``ogr.Geometry``
    MultiPolygons in EPSG:2154, or their ISO WKB bytes); ``lieux``: the places with ``x``, ``y``
    (EPSG:2154); ``tables``: name → DataFrame (attribute tables); ``metadata``: layer/table name →
    QgsLayerMetadata; ``envelopes``: (n, 4) ``minx, maxx, miny, maxy`` of the geometries when known
    (used for WKB items).
    """
    with staged_output(path, overwrite=overwrite) as tmp:
        # metadata and styles are saved while the layers are still empty (QGIS opens them faster)
        _write(tmp, communes, geometries, lieux, tables, lambda: _finish(tmp, metadata or {}, lieux),
               envelopes)
    return Path(path)


def _write(tmp: Path, communes: pd.DataFrame, geometries: list, lieux: pd.DataFrame,
           tables: dict[str, pd.DataFrame], declared=None, known_envelopes=None) -> None:
    """Declare the layers with OGR (then call ``declared()``), insert the rows with sqlite3 and fill
    the spatial indexes."""
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(SRID)
    place_columns = [c for c in lieux.columns if c not in ("x", "y")]
    place_fields = _fields_of(lieux[place_columns], PLACE_ALIASES)
    driver = ogr.GetDriverByName("GPKG")
    ds = driver.CreateDataSource(str(tmp))
    _declare(ds, "communes", COMMUNE_FIELDS, ogr.wkbMultiPolygon, srs)
    _declare(ds, "lieux", place_fields, ogr.wkbPoint, srs)
    table_fields = {name: _fields_of(frame, TABLE_ALIASES) for name, frame in tables.items()}
    for name, fields in table_fields.items():
        _declare(ds, name, fields, None, srs)
    ds = None
    if declared is not None:
        declared()
    boxes, rows, point_boxes, place_rows = _prepare(communes, geometries, lieux, place_columns, place_fields,
                                                    known_envelopes)
    known = boxes[np.isfinite(boxes).all(axis=1)]
    extent = ([known[:, 0].min(), known[:, 1].max(), known[:, 2].min(), known[:, 3].max()] if len(known)
              else [np.nan] * 4)
    names = [f[0] for f in COMMUNE_FIELDS]
    db = sqlite3.connect(str(tmp))
    try:
        # the declared (still small) file rebuilt with 16 KiB pages: a commune's polygon fits in its
        # page (no overflow chain), a file an eighth smaller; VACUUM keeps the header (GeoPackage
        # application_id); QGIS may have left the file in WAL mode, where the page size is fixed
        db.execute("PRAGMA journal_mode=DELETE")
        db.execute(f"PRAGMA page_size={PAGE_SIZE}")
        db.execute("VACUUM")
        # a temp file replaced atomically at the end: no journal, no fsync per page
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("PRAGMA cache_size=-65536")
        with db:
            _insert(db, "communes", ["fid", "geom", *names], rows, parts=True)
            _insert(db, "lieux", ["fid", "geom", *place_columns], place_rows)
            for name, frame in tables.items():
                fields = table_fields[name]
                _insert(db, name, [f[0] for f in fields], _rows(frame, [f[1] for f in fields]))
            for name, ext in (("communes", extent), ("lieux", _points_extent(lieux))):
                if np.isfinite(ext).all():
                    db.execute("UPDATE gpkg_contents SET min_x=?, max_x=?, min_y=?, max_y=? "
                               "WHERE table_name=?", (ext[0], ext[1], ext[2], ext[3], name))
    finally:
        db.close()
    _spatial_indexes(tmp, ("communes", "lieux"))


def _spatial_indexes(path: Path, tables: tuple[str, ...]) -> None:
    """GDAL's own R*Tree index of each layer (extension row, triggers of its GeoPackage version)."""
    from osgeo import gdal

    data = gdal.OpenEx(str(path), gdal.OF_VECTOR | gdal.OF_UPDATE, allowed_drivers=["GPKG"])
    try:
        for table in tables:
            data.ExecuteSQL(f"SELECT CreateSpatialIndex('{table}', 'geom')")
    finally:
        data = None


def _prepare(communes: pd.DataFrame, geometries: list, lieux: pd.DataFrame, place_columns: list[str],
             place_fields: list, known_envelopes) -> tuple:
    """((n, 4) envelopes, flat rows) of the communes, then (envelopes, flat rows) of the places."""
    known = None if known_envelopes is None else np.asarray(known_envelopes)
    heads, wkbs, boxes = _blob_parts(geometries, known)
    names = [f[0] for f in COMMUNE_FIELDS]
    rows = _rows(communes[names], [f[1] for f in COMMUNE_FIELDS], range(1, len(heads) + 1), heads, wkbs)
    xs = lieux["x"].to_numpy(dtype=float) if "x" in lieux else np.full(len(lieux), np.nan)
    ys = lieux["y"].to_numpy(dtype=float) if "y" in lieux else np.full(len(lieux), np.nan)
    point_boxes = np.column_stack([xs, xs, ys, ys])
    point_boxes[~(np.isfinite(xs) & np.isfinite(ys))] = np.nan
    point_blobs = [None if x != x else geometry_blob(struct.pack("<BIdd", 1, 1, x, y), (x, x, y, y))
                   for x, _, y, _ in point_boxes.tolist()]
    place_rows = _rows(lieux[place_columns], [f[1] for f in place_fields], range(1, len(lieux) + 1),
                       point_blobs)
    return boxes, rows, point_boxes, place_rows


def _points_extent(lieux: pd.DataFrame) -> list[float]:
    """[minx, maxx, miny, maxy] of the places' finite coordinates."""
    if not len(lieux) or "x" not in lieux:
        return [np.nan] * 4
    x, y = lieux["x"].astype(float), lieux["y"].astype(float)
    return [x.min(), x.max(), y.min(), y.max()]


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
    lines = [f"- {p['title']} — {p['producer']}, {p['vintage']}, {p['licence']} ({p.get('mode', '')}: "
             f"{p.get('location', '')})" for p in used]
    missing = [p["title"] for p in provenance if p.get("mode") == "unavailable"]
    titles = {"communes": tr("Digital fragility diagnostic – {name} – communes"),
              "lieux": tr("Digital fragility diagnostic – {name} – mediation places"),
              "references": tr("Digital fragility diagnostic – {name} – reference values")}
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
