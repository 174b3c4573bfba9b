"""Write a tour: ``DIR/tournee.gpkg`` (layers ``arrets`` and ``communes``, styled), ``DIR/tournee.csv`` for
the operator and the atlas page ``DIR/tournee.pdf``."""

from __future__ import annotations

import csv
import io
import logging
from pathlib import Path

from ...compat import save_style_to_database
from ..base.fileio import atomic_path, atomic_write_text, check_writable
from ..base.i18n import tr
from .plan import TourParams, TourResult, plan

log = logging.getLogger(__name__)

GPKG_NAME, CSV_NAME, PDF_NAME = "tournee.gpkg", "tournee.csv", "tournee.pdf"
STOP_FIELDS = [
    ("rang", "int", "Rang"),
    ("code_insee", "str", "Code INSEE"),
    ("nom", "str", "Nom"),
    ("poids_couvert", "real", "Poids desservi (population × IFN / 10)"),
    ("communes_desservies", "str", "Communes desservies (codes INSEE)"),
]
COMMUNE_FIELDS = [
    ("code_insee", "str", "Code INSEE"),
    ("nom", "str", "Nom"),
    ("poids", "real", "Poids (population × IFN / 10)"),
    ("demande", "bool", "Au-delà de la distance aux lieux fixes"),
    ("arret_code", "str", "Arrêt qui la dessert"),
    ("dist_arret_km", "real", "Distance à l'arrêt le plus proche (km)"),
]
CSV_HEADERS = [
    "Rang",
    "Code INSEE",
    "Nom",
    "Poids desservi",
    "Communes desservies",
    "X (Lambert-93)",
    "Y (Lambert-93)",
]


def csv_text(result: TourResult) -> str:
    """The stops as ``;`` CSV (decimal comma) for the operator."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    for row in result.stops.itertuples(index=False):
        writer.writerow(
            [
                row.rang,
                row.code_insee,
                row.nom,
                f"{row.poids_couvert:.1f}".replace(".", ","),
                row.communes_desservies,
                f"{row.x:.1f}".replace(".", ","),
                f"{row.y:.1f}".replace(".", ","),
            ]
        )
    return buffer.getvalue()


def write_gpkg(result: TourResult, communes_geometries: list, path: Path, overwrite: bool = False) -> Path:
    """The two layers (EPSG:2154) with French aliases and a default style each."""
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    with atomic_path(path, overwrite=overwrite) as tmp:
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp))
        _layer(
            ds,
            "arrets",
            ogr.wkbPoint,
            srs,
            STOP_FIELDS,
            [
                (r, ogr.CreateGeometryFromWkt(f"POINT ({r['x']} {r['y']})"))
                for r in result.stops.to_dict("records")
            ],
        )
        _layer(
            ds,
            "communes",
            ogr.wkbMultiPolygon,
            srs,
            COMMUNE_FIELDS,
            [
                (
                    r,
                    ogr.ForceToMultiPolygon(ogr.CreateGeometryFromWkb(bytes(g.asWkb())))
                    if g is not None
                    else None,
                )
                for r, g in zip(result.communes.to_dict("records"), communes_geometries)
            ],
        )
        ds = None
        _style(tmp, _metadata(result))
    return Path(path)


def _metadata(result: TourResult) -> dict:
    """``QgsLayerMetadata`` of the two layers: title, abstract (method), rights (sources), licence."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsLayerMetadata

    titles = {
        "arrets": "Tournée itinérante proposée – arrêts",
        "communes": "Tournée itinérante proposée – communes",
    }
    found = {}
    for name, title in titles.items():
        md = QgsLayerMetadata()
        md.setIdentifier(f"medrcvl-tournee-{name}")
        md.setTitle(title)
        md.setAbstract(
            f"Produit par MedRCVL ({result.solution.method}, poids desservi "
            f"{result.solution.value:.0f}, borne {result.solution.upper_bound:.0f})."
        )
        md.setRights(["MedRCVL", *result.attributions])
        md.setLicenses(["Licence Ouverte / Etalab 2.0"])
        md.setCrs(QgsCoordinateReferenceSystem("EPSG:2154"))
        found[name] = md
    return found


def _layer(ds, name: str, kind: int, srs, fields: list, rows: list) -> None:
    """One layer and its rows."""
    from osgeo import ogr

    types = {"int": ogr.OFTInteger, "str": ogr.OFTString, "real": ogr.OFTReal, "bool": ogr.OFTInteger}
    layer = ds.CreateLayer(name, srs, kind, ["GEOMETRY_NAME=geom", "FID=fid"])
    for field_name, field_kind, alias in fields:
        definition = ogr.FieldDefn(field_name, types[field_kind])
        if field_kind == "bool":
            definition.SetSubType(ogr.OFSTBoolean)
        if hasattr(definition, "SetAlternativeName"):
            definition.SetAlternativeName(alias)
        layer.CreateField(definition)
    layer.StartTransaction()
    for values, geometry in rows:
        feature = ogr.Feature(layer.GetLayerDefn())
        for field_name, field_kind, _ in fields:
            value = values.get(field_name)
            if value is None or (isinstance(value, float) and value != value):
                continue
            feature.SetField(
                field_name,
                int(value)
                if field_kind in ("int", "bool")
                else float(value)
                if field_kind == "real"
                else str(value),
            )
        if geometry is not None:
            feature.SetGeometry(geometry)
        layer.CreateFeature(feature)
    layer.CommitTransaction()


def _style(path: Path, metadata: dict | None = None) -> None:
    """Default styles: numbered stops; communes served (green) / not served (orange) / no demand (grey)."""
    from qgis.core import (
        QgsCategorizedSymbolRenderer,
        QgsFillSymbol,
        QgsMarkerSymbol,
        QgsPalLayerSettings,
        QgsRendererCategory,
        QgsVectorLayer,
        QgsVectorLayerSimpleLabeling,
    )

    stops = QgsVectorLayer(f"{path}|layername=arrets", "arrets", "ogr")
    stops.renderer().setSymbol(
        QgsMarkerSymbol.createSimple(
            {"name": "circle", "color": "#c0392b", "outline_color": "#ffffff", "size": "5"}
        )
    )
    settings = QgsPalLayerSettings()
    settings.fieldName = "rang"
    stops.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    stops.setLabelsEnabled(True)
    communes = QgsVectorLayer(f"{path}|layername=communes", "communes", "ogr")
    expression = (
        'CASE WHEN "arret_code" IS NOT NULL AND "demande" THEN \'desservie\' '
        "WHEN \"demande\" THEN 'non desservie' ELSE 'proche d''un lieu fixe' END"
    )
    categories = [
        QgsRendererCategory(
            value, QgsFillSymbol.createSimple({"color": color, "outline_color": "#555555"}), label
        )
        for value, color, label in (
            ("desservie", "#2ecc71", "Desservie par la tournée"),
            ("non desservie", "#f39c12", "Non desservie"),
            ("proche d'un lieu fixe", "#dddddd", "À moins de la distance d'un lieu fixe"),
        )
    ]
    communes.setRenderer(QgsCategorizedSymbolRenderer(expression, categories))
    for layer, fields in ((stops, STOP_FIELDS), (communes, COMMUNE_FIELDS)):
        for index, (_, _, alias) in enumerate(fields):
            position = layer.fields().indexOf(fields[index][0])
            if position >= 0:
                layer.setFieldAlias(position, alias)
        md = (metadata or {}).get("arrets" if layer is stops else "communes")
        if md is not None:
            from qgis.core import QgsProviderRegistry

            layer.setMetadata(md)
            name = "arrets" if layer is stops else "communes"
            ok, problem = QgsProviderRegistry.instance().saveLayerMetadata(
                "ogr", f"{path}|layername={name}", md
            )
            if not ok:
                log.warning("metadata of %s not saved: %s", name, problem)
        error = save_style_to_database(layer, "default", "MedRCVL", True)
        if error:
            log.warning("style of %s not saved: %s", layer.name(), error)


def run_tour(params: TourParams, feedback=None) -> TourResult:
    """Plan the tour and write its files into ``params.out_dir`` (refused when they exist unless
    ``overwrite``)."""
    out = Path(params.out_dir)
    names = [GPKG_NAME, CSV_NAME] + ([PDF_NAME] if params.atlas else [])
    for name in names:
        check_writable(out / name, params.overwrite)
    result = plan(params, feedback)
    out.mkdir(parents=True, exist_ok=True)
    from .plan import read_communes

    geometries = {r.code_insee: r.geom for r in read_communes(params.diagnostic).itertuples()}
    result.files.append(
        write_gpkg(
            result,
            [geometries.get(c) for c in result.communes["code_insee"]],
            out / GPKG_NAME,
            params.overwrite,
        )
    )
    result.files.append(
        atomic_write_text(out / CSV_NAME, "\ufeff" + csv_text(result), overwrite=params.overwrite)
    )
    if params.atlas:
        from .page import export_page

        result.files.append(export_page(result, params, out / GPKG_NAME, out / PDF_NAME))
    log.info(tr("Tour written: {p}").format(p=out / GPKG_NAME))
    return result
