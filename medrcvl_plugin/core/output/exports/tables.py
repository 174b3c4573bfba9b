"""Tables for partners: the diagnostic's communes, places and sources as French CSV and XLSX."""

from __future__ import annotations

import csv
import io
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeedback,
    QgsGeometry,
    QgsProject,
    QgsVectorLayer,
)

from ...base.errors import CancelledError, DataFormatError, OutputWriteError
from ...base.i18n import tr
from .. import sets as outputs
from ..gpkg import PROVENANCE_LABELS

log = logging.getLogger(__name__)

FORMATS = ("csv", "xlsx")
CSV_NAMES = {
    "communes": "communes.csv",
    "lieux": "lieux.csv",
    "sources": "sources.csv",
    "structures": "structures_programmes.csv",
}
XLSX_NAME = "diagnostic.xlsx"

# French column headers used when a field has no alias in the GeoPackage.
HEADERS: dict[str, str] = {
    "code_insee": "Code INSEE",
    "nom": "Nom",
    "code_epci": "Code EPCI (SIREN)",
    "nom_epci": "EPCI",
    "code_dep": "Département",
    "code_reg": "Région",
    "population": "Population municipale",
    "ifn_score": "Indice de fragilité numérique",
    "ifn_no_thd": "IFN – absence de très haut débit",
    "ifn_no_4g": "IFN – absence de 4G",
    "ifn_poverty": "IFN – pauvreté",
    "ifn_65plus": "IFN – 65 ans et plus",
    "ifn_low_diploma": "IFN – faible diplôme",
    "ifn_method": "Méthode IFN",
    "ftth_share": "Part des locaux éligibles FttH",
    "thd30_share": "Part des locaux ≥ 30 Mbit/s",
    "below8_share": "Part des locaux < 8 Mbit/s",
    "lieux_count": "Nombre de lieux",
    "lieux_per_10k": "Lieux pour 10 000 habitants",
    "n_epn": "Nombre d'EPN",
    "n_france_services": "Nombre de France services",
    "n_bib": "Nombre de bibliothèques",
    "n_tiers_lieu": "Nombre de tiers-lieux",
    "n_conseiller_numerique": "Lieux avec conseiller numérique",
    "n_aidants_connect": "Lieux Aidants Connect",
    "dist_lieu_km": "Distance au lieu le plus proche (km)",
    "dist_france_services_km": "Distance au France services le plus proche (km)",
    "ref_epci_ifn": "IFN de l'EPCI",
    "ref_dep_ifn": "IFN du département",
    "ref_reg_ifn": "IFN de la région",
    "ref_france_ifn": "IFN de la France",
    "gap_epci_ifn": "Écart à l'EPCI",
    "gap_dep_ifn": "Écart au département",
    "gap_reg_ifn": "Écart à la région",
    "gap_france_ifn": "Écart à la France",
    "rank_epci": "Rang dans l'EPCI",
    "rank_dep": "Rang dans le département",
    "flag_priority": "Commune prioritaire",
    "conseillers_numeriques": "Conseillers numériques France Services (2023)",
    "aidants_connect_structures": "Structures Aidants Connect actives (2024)",
    "aidants_connect_aidants": "Aidants habilités Aidants Connect (2024)",
    "programme": "Dispositif national",
    "siret": "SIRET",
    "conseillers": "Conseillers numériques",
    "aidants": "Aidants habilités",
    "motif": "Motif",
    "lieu_id": "Identifiant du lieu",
    "adresse": "Adresse",
    "code_postal": "Code postal",
    "commune": "Commune",
    "typologie": "Typologie",
    "services": "Services",
    "dispositifs": "Dispositifs nationaux",
    "categorie": "Catégorie",
    "cat_epn": "EPN",
    "cat_bib": "Bibliothèque",
    "cat_france_services": "France services",
    "cat_tiers_lieu": "Tiers-lieu",
    "cat_fablab": "Fablab",
    "cat_mairie": "Mairie",
    "cat_social": "Action sociale",
    "cat_autre": "Autre catégorie",
    "prog_conseiller_numerique": "Conseiller numérique",
    "prog_aidants_connect": "Aidants Connect",
    "prog_france_services": "Programme France services",
    "source": "Source",
    "date_maj": "Date de mise à jour",
    "pivot": "SIRET / pivot",
    "telephone": "Téléphone",
    "courriels": "Courriels",
    "site_web": "Site web",
    "horaires": "Horaires",
    "itinerance": "Itinérance",
    "structure_parente": "Structure parente",
    "code_insee_declared": "Code INSEE déclaré",
    "flag_code_mismatch": "Code déclaré ≠ position",
    **PROVENANCE_LABELS,
    "complement_adresse": "Complément d'adresse",
    "presentation_resume": "Présentation (résumé)",
    "presentation_detail": "Présentation (détail)",
    "publics_specifiquement_adresses": "Publics accueillis",
    "prise_en_charge_specifique": "Prise en charge spécifique",
    "frais_a_charge": "Frais à charge",
    "formations_labels": "Formations et labels",
    "autres_formations_labels": "Autres formations et labels",
    "modalites_acces": "Modalités d'accès",
    "modalites_accompagnement": "Modalités d'accompagnement",
    "fiche_acces_libre": "Fiche Acceslibre",
    "prise_rdv": "Prise de rendez-vous",
    "id": "Identifiant",
}
EXTRA_HEADERS = {
    "centroid_lon": "Longitude du centroïde (WGS84)",
    "centroid_lat": "Latitude du centroïde (WGS84)",
    "lon": "Longitude (WGS84)",
    "lat": "Latitude (WGS84)",
    "x_l93": "X (Lambert-93)",
    "y_l93": "Y (Lambert-93)",
}
#: first characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection")
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
SKIPPED = {"fid", "latitude", "longitude"}  # OGR id; source coordinates replaced by the geometry's own


@dataclass
class Table:
    """Rows ready for a spreadsheet: ``kinds`` is ``text``, ``int``, ``real`` or ``bool`` per column."""

    name: str
    headers: list[str]
    kinds: list[str]
    rows: list[list[Any]] = field(default_factory=list)


def _check(feedback: QgsFeedback | None) -> None:
    if feedback is not None and feedback.isCanceled():
        raise CancelledError(tr("Export cancelled by the user."))


def plain(value: Any) -> Any:
    """A QVariant/Qt value as a plain Python value (None for NULL and NaN)."""
    if value is None:
        return None
    if hasattr(value, "isNull") and value.isNull():  # QVariant NULL, null QDate…
        return None
    if hasattr(value, "toString") and hasattr(value, "isValid"):  # QDate, QDateTime, QTime
        return (
            value.toString("yyyy-MM-dd")
            if hasattr(value, "daysInMonth")
            else value.toString("yyyy-MM-ddTHH:mm:ss")
        )
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _kind(qfield) -> str:
    name = qfield.typeName().lower()
    if qfield.isNumeric():
        if any(k in name for k in ("real", "double", "float", "numeric", "decimal")):
            return "real"
        return "int"
    if "bool" in name:
        return "bool"
    return "text"


def open_layer(gpkg: Path, name: str) -> QgsVectorLayer:
    """The ``name`` layer/table of the diagnostic GeoPackage; DataFormatError when missing."""
    source = outputs.current(gpkg)  # the temporary of a diagnostic written in the same run
    if not source.exists():
        raise DataFormatError(
            tr("The diagnostic GeoPackage {p} does not exist.").format(p=gpkg), source=str(gpkg)
        )
    layer = QgsVectorLayer(f"{source}|layername={name}", name, "ogr")
    if not layer.isValid():
        raise DataFormatError(
            tr(
                "The GeoPackage {p} has no layer or table named {n} (expected by the diagnostic contract)."
            ).format(p=gpkg, n=name),
            source=str(gpkg),
            field=name,
        )
    return layer


def header_for(layer: QgsVectorLayer, index: int) -> str:
    """The French header of a field: its alias in the GeoPackage, else the built-in mapping."""
    alias = layer.attributeAlias(index)
    name = layer.fields().at(index).name()
    return alias or HEADERS.get(name, name)


def layer_table(
    layer: QgsVectorLayer, name: str, coordinates: str = "", feedback: QgsFeedback | None = None
) -> Table:
    """Read ``layer`` into a Table; ``coordinates`` = "centroid" (communes) or "point" (places)."""
    fields = layer.fields()
    indexes = [i for i in range(fields.count()) if fields.at(i).name().lower() not in SKIPPED]
    headers = [header_for(layer, i) for i in indexes]
    kinds = [_kind(fields.at(i)) for i in indexes]
    extra: list[str] = []
    to_wgs84 = to_l93 = None
    if coordinates:
        context = QgsProject.instance().transformContext()
        to_wgs84 = QgsCoordinateTransform(layer.crs(), QgsCoordinateReferenceSystem("EPSG:4326"), context)
        to_l93 = QgsCoordinateTransform(layer.crs(), QgsCoordinateReferenceSystem("EPSG:2154"), context)
        extra = (
            ["centroid_lon", "centroid_lat"]
            if coordinates == "centroid"
            else ["lon", "lat", "x_l93", "y_l93"]
        )
    headers += [EXTRA_HEADERS[e] for e in extra]
    kinds += ["real"] * len(extra)
    seen: dict[str, int] = {}
    for pos, header in enumerate(headers):  # duplicated aliases would make ambiguous columns
        seen[header] = seen.get(header, 0) + 1
        if seen[header] > 1:
            headers[pos] = f"{header} ({seen[header]})"
    table = Table(name, headers, kinds)
    for feature in layer.getFeatures():
        _check(feedback)
        attributes = feature.attributes()
        row = [plain(attributes[i]) for i in indexes]
        if extra:
            geometry = feature.geometry()
            if geometry is None or geometry.isEmpty():
                row += [None] * len(extra)
            else:
                base = geometry.centroid() if coordinates == "centroid" else geometry
                row += _coordinates(base, to_wgs84, 6)
                if coordinates == "point":
                    row += _coordinates(base, to_l93, 2)
        table.rows.append(row)
    return table


def _coordinates(geometry: QgsGeometry, transform: QgsCoordinateTransform, digits: int) -> list:
    """[x, y] of a (multi)point geometry transformed by ``transform``, rounded; [None, None] if it fails."""
    copy = QgsGeometry(geometry)
    if copy.transform(transform) != 0:
        return [None, None]
    vertex = copy.vertexAt(0)
    if copy.isEmpty() or vertex.isEmpty():
        return [None, None]
    return [round(vertex.x(), digits), round(vertex.y(), digits)]


def french_number(value: Any, kind: str) -> str:
    """A cell as text for a French spreadsheet: decimal comma, no exponent, empty for missing."""
    if value is None:
        return ""
    if kind == "bool" or isinstance(value, bool):
        return "oui" if value in (True, 1, "1", "true") else "non"
    if kind in ("real", "int") and isinstance(value, (int, float)):
        if isinstance(value, float):
            if math.isnan(value):
                return ""
            text = format(value, ".15g")  # shortest faithful text, without binary noise
            if "e" in text:
                text = f"{value:.15f}".rstrip("0").rstrip(".")
            return "0" if text in ("-0", "") else text.replace(".", ",")
        return str(value)
    return str(value)


def neutralise(text: str) -> str:
    """``text`` made inert for spreadsheets: a leading ``= + - @``, tab or CR gets an apostrophe before it
    (OWASP's advice, the prefix spreadsheets use for "text, not formula"); other text is unchanged."""
    return "'" + text if text and text[0] in FORMULA_LEADS else text


def _text_cell(value: Any, kind: str) -> str:
    """A CSV cell: numbers the French way, text neutralised."""
    text = french_number(value, kind)
    return neutralise(text) if kind == "text" and not isinstance(value, (int, float)) else text


def csv_text(table: Table) -> str:
    """The table as CSV text: ``;`` separator, decimal comma, CRLF (the BOM is added on write)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([_text_cell(v, k) for v, k in zip(row, table.kinds)])
    return buffer.getvalue()


def write_csv(table: Table, path: Path, overwrite: bool = False) -> Path:
    """Write ``table`` as UTF-8-with-BOM, ``;``-separated CSV (staged, checked, synced)."""
    return outputs.write_text(path, "\ufeff" + csv_text(table), overwrite=overwrite)


def write_xlsx(tables: Sequence[Table], path: Path, overwrite: bool = False) -> Path:
    """Write one sheet per table through OGR's XLSX driver; codes stay text cells."""
    from ...base.errors import OutputWriteError, describe_os_error

    with outputs.staged_output(path, overwrite) as tmp:  # a name with one extension: GDAL's zip needs it
        try:
            _ogr_xlsx(tables, tmp, path)
        except RuntimeError as error:  # GDAL >= 3.8 raises on a failed save (a full disk, say)
            raise OutputWriteError(describe_os_error(error, path), path=str(path)) from None
    return path


def _ogr_xlsx(tables: Sequence[Table], tmp: Path, path: Path) -> None:
    """Create the XLSX file ``tmp``; the dataset is closed (written) when this returns."""
    from osgeo import gdal, ogr

    types = {"text": ogr.OFTString, "int": ogr.OFTInteger64, "real": ogr.OFTReal, "bool": ogr.OFTString}
    dataset = ogr.GetDriverByName("XLSX").CreateDataSource(str(tmp))
    if dataset is None:
        raise OutputWriteError(
            tr("OGR could not create the spreadsheet {p}: {e}").format(p=path, e=gdal.GetLastErrorMsg()),
            path=str(path),
        )
    for table in tables:
        sheet = dataset.CreateLayer(table.name, geom_type=ogr.wkbNone)
        for header, kind in zip(table.headers, table.kinds):
            sheet.CreateField(ogr.FieldDefn(header, types[kind]))
        definition = sheet.GetLayerDefn()
        for row in table.rows:
            feature = ogr.Feature(definition)
            for pos, (value, kind) in enumerate(zip(row, table.kinds)):
                if value is None:
                    continue
                if kind == "bool":
                    value = french_number(value, kind)
                elif kind == "text":
                    value = neutralise(str(value))
                feature.SetField(pos, value)
            if sheet.CreateFeature(feature) != 0:
                raise OutputWriteError(
                    tr("OGR could not write a row of sheet {s} in {p}: {e}").format(
                        s=table.name, p=path, e=gdal.GetLastErrorMsg()
                    ),
                    path=str(path),
                )
            feature = None
        sheet = definition = None
    dataset.FlushCache()
    dataset = None  # closing the dataset writes the file


def read_tables(gpkg_path: Path, feedback: QgsFeedback | None = None) -> list[Table]:
    """The ``communes``, ``lieux`` and ``sources`` tables of a diagnostic GeoPackage."""
    gpkg = Path(gpkg_path)
    communes = layer_table(open_layer(gpkg, "communes"), "communes", "centroid", feedback)
    lieux = layer_table(open_layer(gpkg, "lieux"), "lieux", "point", feedback)
    sources = layer_table(open_layer(gpkg, "provenance"), "sources", "", feedback)
    tables = [communes, lieux, sources]
    structures = QgsVectorLayer(f"{gpkg}|layername=programmes_unplaced", "structures", "ogr")
    if structures.isValid():  # programme structures matching no place (older diagnostics lack it)
        tables.append(layer_table(structures, "structures", "", feedback))
    return tables


def export_tables(
    gpkg_path: Path,
    out_dir: Path,
    formats: Iterable[str] = FORMATS,
    *,
    overwrite: bool = False,
    feedback: QgsFeedback | None = None,
) -> list[Path]:
    """Write the partners' tables of a diagnostic into ``out_dir``; return the files written.

    ``csv`` → communes.csv, lieux.csv, sources.csv (UTF-8 with BOM, ``;``, decimal comma);
    ``xlsx`` → diagnostic.xlsx with the sheets communes, lieux and sources.
    """
    if isinstance(formats, str):
        formats = formats.split(",")
    wanted = [f.strip().lower() for f in formats if f and f.strip()]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise DataFormatError(
            tr("Unknown table format {f}; expected csv or xlsx.").format(f=", ".join(unknown)),
            field="formats",
        )
    out = Path(out_dir)
    targets: list[Path] = []
    if "csv" in wanted:
        targets += [out / name for name in CSV_NAMES.values()]  # (structures: when in the GeoPackage)
    if "xlsx" in wanted:
        targets.append(out / XLSX_NAME)
    written: list[Path] = []
    with outputs.output_set(out, overwrite, targets):  # refused at once; swapped in together
        tables = read_tables(Path(gpkg_path), feedback)
        if "csv" in wanted:
            for table in tables:
                _check(feedback)
                written.append(write_csv(table, out / CSV_NAMES[table.name], overwrite))
        if "xlsx" in wanted:
            _check(feedback)
            written.append(write_xlsx(tables, out / XLSX_NAME, overwrite))
    for path in written:
        log.info(tr("Table written: {p}").format(p=path))
    if feedback is not None:
        feedback.setProgress(100)
    return written
