"""The atlas coverage layer: one cover feature + one feature per commune with its page texts."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from qgis.core import (
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ....compat import FIELD_TYPES
from ...base.errors import DataFormatError
from ...base.i18n import tr
from ..styles import format_value
from .charts import subscores_svg, svg_data_path
from .texts import NBSP, commune_sentences, cover_text, format_number, is_missing, key_figures, safe_filename

PAGE_FIELDS = (
    "page_kind",
    "fichier",
    "ordre_nom",
    "ordre_score",
    "titre",
    "sous_titre",
    "texte",
    "lieux_texte",
    "t_ind",
    "t_val",
    "t_epci",
    "t_dep",
    "t_reg",
    "t_fr",
    "graphique",
)
COVER = "couverture"
COMMUNE = "commune"
TABLE_ROWS = (
    ("ifn_score", "Indice de fragilité"),
    ("ifn_no_thd", "Absence de THD"),
    ("ifn_no_4g", "Absence de 4G"),
    ("ifn_poverty", "Pauvreté"),
    ("ifn_65plus", "65 ans et plus"),
    ("ifn_low_diploma", "Faible diplôme"),
    ("population", "Population (hab.)"),
    ("lieux_count", "Lieux de médiation"),
    ("ftth_share", "Locaux en FttH"),
    ("conseillers_numeriques", "Conseillers numériques"),
    ("aidants_connect_structures", "Structures Aidants Connect"),
)
LEVELS = ("epci", "departement", "region", "france")
MAX_PLACES = 9


def table_rows(layer: QgsVectorLayer) -> list[dict[str, Any]]:
    """The rows of a GeoPackage table (or layer) as dicts."""
    names = layer.fields().names()
    return [dict(zip(names, feature.attributes())) for feature in layer.getFeatures()]


def _clean(value: Any) -> Any:
    """None for NULL/NaN values."""
    return None if is_missing(value) else value


def _references(refs: list[dict]):
    """A function (level, code) -> the reference row of ``level`` for ``code`` (or the only row of that
    level; {} when none), its lookups built once (a national diagnostic has ~1,400 rows, each page
    asks three)."""
    by_level: dict[Any, list[dict]] = {}
    first: dict[tuple[Any, str], dict] = {}
    for row in refs:
        by_level.setdefault(row.get("level"), []).append(row)
        first.setdefault((row.get("level"), str(row.get("code"))), row)

    def find(level: str, code: Any) -> dict:
        found = first.get((level, str(code)))
        if found is not None:
            return found
        rows = by_level.get(level, [])
        return rows[0] if len(rows) == 1 else {}

    return find


def _ranked(epci: dict, default: int) -> int:
    """Over how many communes ``rank_epci`` was computed (``references.communes_with_score``)."""
    value: Any = epci.get("communes_with_score")  # a number, NaN or NULL: checked by is_missing()
    return int(value) if not is_missing(value) and int(value) > 0 else default


def _cell(field: str, value: Any) -> str:
    """A table cell: the French value without the population unit (it is in the row label)."""
    if field == "population" and not is_missing(value) and float(value) >= 1e6:
        return format_number(float(value) / 1e6, 1) + NBSP + "M"
    return format_value(field, value).replace(NBSP + "hab.", "")


def _table_columns(values: dict, epci: dict, dep: dict, reg: dict, fra: dict, first: str) -> dict:
    """The six text columns of the indicator table (header line first)."""
    columns = {
        "t_ind": ["Indicateur (sur 10)"],
        "t_val": [first],
        "t_epci": ["EPCI"],
        "t_dep": ["Dép."],
        "t_reg": ["Région"],
        "t_fr": ["France"],
    }
    for field, label in TABLE_ROWS:
        columns["t_ind"].append(label)
        columns["t_val"].append(_cell(field, values.get(field)))
        for key, ref in (("t_epci", epci), ("t_dep", dep), ("t_reg", reg), ("t_fr", fra)):
            text = _cell(field, ref.get(field)) if ref else "–"
            columns[key].append(text)
    return {k: "\n".join(v) for k, v in columns.items()}


def _place_line(place: dict, distance_km: Optional[float] = None) -> str:
    """ "• Médiathèque — Bibliothèque — Conseiller numérique" (with the distance when near)."""
    programmes = [
        label
        for key, label in (
            ("prog_conseiller_numerique", "Conseiller numérique"),
            ("prog_aidants_connect", "Aidants Connect"),
            ("prog_france_services", "France Services"),
        )
        if _clean(place.get(key)) not in (None, False, 0)
    ]
    text = f"• {place.get('nom') or 'Lieu sans nom'} — {place.get('categorie') or 'Autre'}"
    if programmes:
        text += " — " + ", ".join(programmes)
    if distance_km is not None:
        where = place.get("commune") or place.get("code_insee") or ""
        text += f" ({where}, à {format_number(distance_km, 1, 'km')})"
    return text


def places_text(
    code: str, geometry: QgsGeometry, places: list[tuple[dict, QgsGeometry]], near_km: float
) -> str:
    """The places in the commune, then those within ``near_km`` of it (at most MAX_PLACES lines)."""
    inside = [p for p, _ in places if str(p.get("code_insee")) == code]
    near = []
    for place, point in places:
        if str(place.get("code_insee")) == code:
            continue
        distance = geometry.distance(point) / 1000.0
        if distance <= near_km:
            near.append((distance, place))
    near.sort(key=lambda item: item[0])
    lines = [f"Dans la commune ({len(inside)}) :"]
    inside.sort(key=lambda p: str(p.get("nom")))
    lines += [_place_line(p) for p in inside] or ["• aucun lieu recensé"]
    lines.append(f"À moins de {format_number(near_km, 0, 'km')} ({len(near)}) :")
    lines += [_place_line(p, d) for d, p in near] or ["• aucun lieu recensé"]
    if len(lines) > MAX_PLACES + 2:
        hidden = len(lines) - MAX_PLACES - 1
        lines = [*lines[: MAX_PLACES + 1], f"… et {hidden} autres lignes (voir la couche « lieux »)"]
    return "\n".join(lines)


def _fields(communes: QgsVectorLayer) -> QgsFields:
    """Commune fields + the page fields."""
    fields = QgsFields()
    for field in communes.fields():
        if field.name().lower() != "fid":
            fields.append(QgsField(field))
    for name in PAGE_FIELDS:
        kind = "int" if name.startswith("ordre_") else "string"
        fields.append(QgsField(name, FIELD_TYPES[kind]))
    return fields


def build_pages(
    communes: QgsVectorLayer, lieux: Optional[QgsVectorLayer], refs: list[dict], near_km: float = 3.0
) -> QgsVectorLayer:
    """A memory layer with the cover page (union of communes) and one page per commune."""
    fields = _fields(communes)
    rows = []
    geometries = []
    for feature in communes.getFeatures():
        rows.append({n: _clean(feature[n]) for n in communes.fields().names()})
        geometries.append(QgsGeometry(feature.geometry()))
    if not rows:
        raise DataFormatError(
            tr("The layer communes of {p} is empty").format(p=communes.source()), source=communes.source()
        )
    places = []
    if lieux is not None:
        names = lieux.fields().names()
        places = [
            (dict(zip(names, f.attributes())), QgsGeometry(f.geometry()))
            for f in lieux.getFeatures()
            if f.hasGeometry()
        ]
    first = rows[0]
    reference = _references(refs)
    epci_ref = reference("epci", first.get("code_epci"))
    dep_ref = reference("departement", first.get("code_dep"))
    reg_ref = reference("region", first.get("code_reg"))
    fra_ref = reference("france", "")
    nom_epci = first.get("nom_epci") or epci_ref.get("nom") or "Territoire"
    by_name = sorted(range(len(rows)), key=lambda i: safe_filename(str(rows[i].get("nom"))))
    by_score = sorted(
        range(len(rows)),
        key=lambda i: (
            rows[i].get("ifn_score") is None,
            -(rows[i].get("ifn_score") or 0),
            safe_filename(str(rows[i].get("nom"))),
        ),
    )
    layer = QgsVectorLayer(f"MultiPolygon?crs={communes.crs().authid()}", "atlas_pages", "memory")
    layer.dataProvider().addAttributes(fields.toList())
    layer.updateFields()
    features = []
    for index, row in enumerate(rows):
        code = str(row.get("code_insee"))
        epci = reference("epci", row.get("code_epci")) or epci_ref
        dep = reference("departement", row.get("code_dep")) or dep_ref
        reg = reference("region", row.get("code_reg")) or reg_ref
        page = dict(row)
        page.update(_table_columns(row, epci, dep, reg, fra_ref, "Commune"))
        page.update(
            {
                "page_kind": COMMUNE,
                "fichier": f"{code}-{safe_filename(str(row.get('nom')))}",
                "ordre_nom": by_name.index(index) + 1,
                "ordre_score": by_score.index(index) + 1,
                "titre": str(row.get("nom")),
                "sous_titre": f"Commune {code} – {row.get('nom_epci') or nom_epci} – "
                "diagnostic de fragilité numérique",
                "texte": commune_sentences(
                    row, epci.get("ifn_score", row.get("ref_epci_ifn")), _ranked(epci, len(rows))
                ),
                "lieux_texte": places_text(code, geometries[index], places, near_km),
                "graphique": svg_data_path(subscores_svg(row, epci, str(row.get("nom"))[:18], "EPCI")),
            }
        )
        features.append(_feature(fields, page, geometries[index]))
    features.insert(
        0, _cover(fields, rows, geometries, places, nom_epci, epci_ref, dep_ref, reg_ref, fra_ref)
    )
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    return layer


def _cover(
    fields: QgsFields,
    rows: list[dict],
    geometries: list[QgsGeometry],
    places: list,
    nom_epci: str,
    epci: dict,
    dep: dict,
    reg: dict,
    fra: dict,
) -> QgsFeature:
    """The cover feature: the whole territory, its key figures and the places by category."""
    scores = [float(r["ifn_score"]) for r in rows if r.get("ifn_score") is not None]
    population = sum(int(r["population"]) for r in rows if r.get("population") is not None)
    figures = {
        "population": population or None,
        "communes": len(rows),
        "lieux": len(places),
        "priorities": sum(1 for r in rows if r.get("flag_priority") in (1, True)),
        "ifn_score": epci.get("ifn_score", sum(scores) / len(scores) if scores else None),
    }
    for name in ("conseillers_numeriques", "aidants_connect_structures"):  # NULL: file unavailable
        known = [int(r[name]) for r in rows if r.get(name) is not None]
        figures[name] = sum(known) if known else None
    codes = {str(r.get("code_insee")) for r in rows}
    places = [(p, g) for p, g in places if str(p.get("code_insee")) in codes]
    counts: dict[str, int] = {}
    for place, _ in places:
        label = place.get("categorie") or "Autre"
        counts[label] = counts.get(label, 0) + 1
    lines = [key_figures(figures), "", "Lieux par catégorie :"]
    lines += [f"• {label} : {count}" for label, count in sorted(counts.items(), key=lambda kv: -kv[1])]
    values = dict(epci)
    values["lieux_count"] = len(places)
    values.update({n: figures[n] for n in ("conseillers_numeriques", "aidants_connect_structures")})
    page = {
        "page_kind": COVER,
        "fichier": f"00-{safe_filename(nom_epci)}",
        "ordre_nom": 0,
        "ordre_score": 0,
        "nom": nom_epci,
        "code_epci": rows[0].get("code_epci"),
        "nom_epci": nom_epci,
        "titre": nom_epci,
        "sous_titre": f"Diagnostic de fragilité numérique – {len(rows)} communes",
        "texte": cover_text(figures, nom_epci, dep.get("ifn_score")),
        "lieux_texte": "\n".join(lines),
        "graphique": svg_data_path(subscores_svg(epci, dep, "EPCI", "Département")),
    }
    page.update(_table_columns(values, {}, dep, reg, fra, "EPCI"))
    page["t_epci"] = ""
    union = QgsGeometry.unaryUnion(geometries)
    return _feature(fields, page, union)


def _feature(fields: QgsFields, values: dict, geometry: QgsGeometry) -> QgsFeature:
    """A feature of the pages layer."""
    feature = QgsFeature(fields)
    for name in fields.names():
        if name in values and values[name] is not None:
            feature[name] = values[name]
    if not QgsWkbTypes.isMultiType(geometry.wkbType()):
        geometry.convertToMultiType()
    feature.setGeometry(geometry)
    return feature


def write_pages(layer: QgsVectorLayer, path: Path) -> QgsVectorLayer:
    """Write the pages layer to a GeoPackage (the saved project needs it) and open it."""
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = "atlas_pages"
    options.fileEncoding = "UTF-8"
    result = QgsVectorFileWriter.writeAsVectorFormatV3(
        layer, str(path), QgsCoordinateTransformContext(), options
    )
    if result[0] != QgsVectorFileWriter.WriterError.NoError:
        raise DataFormatError(
            tr("Could not write the atlas pages to {p}: {e}").format(p=path, e=result[1]), source=str(path)
        )
    written = QgsVectorLayer(f"{path}|layername=atlas_pages", "Pages de l'atlas", "ogr")
    if not written.isValid():
        raise DataFormatError(
            tr("Could not read back the atlas pages of {p}").format(p=path), source=str(path)
        )
    return written
