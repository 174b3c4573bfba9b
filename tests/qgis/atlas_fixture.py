"""Builds a small diagnostic GeoPackage (contract of docs/ARCHITECTURE.md) from the real data.

Geometries: ../shared/data/communes (COG 2018); IFN: the real La MedNum/ANSA CSVs; populations:
INSEE; EPCI membership: DGCL epcicom; places: the Hub LO export in the national standard layout.
Used by the atlas and style tests (and the atlas benchmark) so they do not depend on the diagnostic.
"""

from __future__ import annotations

import csv
from pathlib import Path
from statistics import mean
from typing import Iterable, Optional

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsField,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsVectorFileWriter,
    QgsVectorLayer,
)

from medrcvl_plugin.compat import FIELD_TYPES
from medrcvl_plugin.core.sources.catalogue import SOURCES

SUBSCORES = {
    "no_thd_coverage_rate": "ifn_no_thd",
    "no_4g_coverage_rate": "ifn_no_4g",
    "poverty_rate": "ifn_poverty",
    "older_65_rate": "ifn_65plus",
    "nscol15p_rate": "ifn_low_diploma",
}
IFN_FIELDS = ["ifn_score", *SUBSCORES.values()]
REGION_24 = ("18", "28", "36", "37", "41", "45")
CATEGORIES = (
    ("EPN", "EPN"),
    ("BIB", "Bibliothèque"),
    ("RFS", "France Services"),
    ("MSAP", "France Services"),
    ("TIERS_LIEUX", "Tiers-lieu"),
    ("FABLAB", "Fablab"),
    ("MUNI", "Mairie"),
    ("CCAS", "Action sociale"),
)
DOUBLE = [
    "population",
    "ifn_score",
    "ifn_no_thd",
    "ifn_no_4g",
    "ifn_poverty",
    "ifn_65plus",
    "ifn_low_diploma",
    "ftth_share",
    "thd30_share",
    "below8_share",
    "lieux_per_10k",
    "dist_lieu_km",
    "dist_france_services_km",
    "ref_epci_ifn",
    "ref_dep_ifn",
    "ref_reg_ifn",
    "ref_france_ifn",
    "gap_epci_ifn",
    "gap_dep_ifn",
    "gap_reg_ifn",
    "gap_france_ifn",
]
INTS = [
    "lieux_count",
    "n_epn",
    "n_france_services",
    "n_bib",
    "n_tiers_lieu",
    "n_conseiller_numerique",
    "n_aidants_connect",
    "rank_epci",
    "rank_dep",
    "flag_priority",
]
TEXT = ["code_insee", "nom", "code_epci", "nom_epci", "code_dep", "code_reg", "ifn_method"]


def _ifn(path: Path) -> dict[str, dict]:
    """code → {ifn_score, sub-scores, name} from an IFN CSV (empty → None)."""
    out = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            values = {"name": row["name"]}
            values["ifn_score"] = float(row["total"]) if row["total"] else None
            for src, dst in SUBSCORES.items():
                values[dst] = float(row[src]) if row[src] else None
            out[row["code"]] = values
    return out


def _mean_ref(rows: Iterable[dict]) -> dict:
    """Mean of each IFN field over rows (missing values left out)."""
    rows = list(rows)
    return {f: mean(v for r in rows if (v := r.get(f)) is not None) for f in IFN_FIELDS}


def _write(layer: QgsVectorLayer, path: Path, name: str) -> None:
    """Write ``layer`` as ``name`` into the GeoPackage ``path`` (created or extended)."""
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = name
    if path.exists():
        options.actionOnExistingFile = QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteLayer
    error = QgsVectorFileWriter.writeAsVectorFormatV3(
        layer, str(path), QgsCoordinateTransformContext(), options
    )
    assert error[0] == QgsVectorFileWriter.WriterError.NoError, error


def _table(name: str, columns: dict[str, str], rows: list[dict]) -> QgsVectorLayer:
    """A geometry-less memory table."""
    layer = QgsVectorLayer("None", name, "memory")
    layer.dataProvider().addAttributes([QgsField(c, FIELD_TYPES[t]) for c, t in columns.items()])
    layer.updateFields()
    features = []
    for row in rows:
        feature = QgsFeature(layer.fields())
        for column in columns:
            if row.get(column) is not None:
                feature[column] = row[column]
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def build_diagnostic_gpkg(data: Path, out: Path, codes: Optional[list[str]] = None) -> Path:
    """Write a contract-conformant diagnostic GeoPackage for ``codes`` (None = all of dept 37)."""
    ifn = _ifn(data / "ifn" / "ifn-city-all-variation.csv")
    ifn_epci = _ifn(data / "ifn" / "ifn-epci-all-variation.csv")
    population = {}
    with open(data / "population" / "donnees_communes.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            population[row["COM"]] = float(row["PMUN"])
    epcicom = QgsVectorLayer(str(data / "epci" / "epcicom.xlsx"), "epci", "ogr")
    epci_of = {
        str(f["insee"]): (str(f["siren"]), str(f["raison_sociale"]))
        for f in epcicom.getFeatures()
        if str(f["dept"]) == "37"
    }
    source = QgsVectorLayer(str(data / "communes" / "communes-37-indre-et-loire-2018.geojson"), "c", "ogr")
    crs = QgsCoordinateReferenceSystem("EPSG:2154")
    transform = QgsCoordinateTransform(source.crs(), crs, QgsProject.instance())
    communes = []
    for feature in source.getFeatures():
        code = str(feature["code"])
        if codes is not None and code not in codes:
            continue
        geometry = QgsGeometry(feature.geometry())
        geometry.transform(transform)
        geometry.convertToMultiType()
        values = {f: ifn.get(code, {}).get(f) for f in IFN_FIELDS}
        siren, nom_epci = epci_of.get(code, (None, None))
        values.update(
            code_insee=code,
            nom=str(feature["nom"]),
            code_epci=siren,
            nom_epci=nom_epci,
            code_dep="37",
            code_reg="24",
            population=population.get(code),
            ifn_method="csv",
        )
        communes.append((values, geometry))
    # Places: the dept-37 rows of the standard export with known coordinates.
    to_l93 = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), crs, QgsProject.instance())
    places = []
    with open(data / "lieux" / "lieux-centre-val-de-loire-hub-lo-2020.standard.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            lat, lon = float(row["latitude"] or 0), float(row["longitude"] or 0)
            if (lat, lon) == (0.0, 0.0) or not (
                row["code_postal"].startswith("37") or row["code_insee"].startswith("37")
            ):
                continue
            point = QgsGeometry.fromPointXY(to_l93.transform(QgsPointXY(lon, lat)))
            types = row["typologie"].split("|")
            programmes = row["dispositif_programmes_nationaux"]
            category = next((label for key, label in CATEGORIES if key in types), "Autre")
            inside = next((v["code_insee"] for v, g in communes if g.contains(point)), None)
            places.append(
                (
                    {
                        "lieu_id": row["id"],
                        "nom": row["nom"],
                        "commune": row["commune"],
                        "code_insee_declared": row["code_insee"] or None,
                        "code_insee": inside,
                        "typologie": row["typologie"],
                        "categorie": category,
                        "prog_conseiller_numerique": "Conseillers numériques" in programmes,
                        "prog_aidants_connect": "Aidants Connect" in programmes,
                        "prog_france_services": (
                            "France Services" in programmes or category == "France Services"
                        ),
                        "source": row["source"],
                        "date_maj": row["date_maj"],
                    },
                    point,
                )
            )
    dep_ref = _mean_ref(v for c, v in ifn.items() if c.startswith("37") and v["ifn_score"] is not None)
    reg_ref = _mean_ref(v for c, v in ifn.items() if c[:2] in REGION_24 and v["ifn_score"] is not None)
    fra_ref = _mean_ref(v for v in ifn.values() if v["ifn_score"] is not None)
    for values, geometry in communes:
        inside = [p for p, _ in places if p["code_insee"] == values["code_insee"]]
        values["lieux_count"] = len(inside)
        values["n_epn"] = sum(p["categorie"] == "EPN" for p in inside)
        values["n_bib"] = sum(p["categorie"] == "Bibliothèque" for p in inside)
        values["n_france_services"] = sum(p["categorie"] == "France Services" for p in inside)
        values["n_tiers_lieu"] = sum(p["categorie"] == "Tiers-lieu" for p in inside)
        values["n_conseiller_numerique"] = sum(bool(p["prog_conseiller_numerique"]) for p in inside)
        values["n_aidants_connect"] = sum(bool(p["prog_aidants_connect"]) for p in inside)
        pop = values["population"]
        values["lieux_per_10k"] = len(inside) * 10000.0 / pop if pop else None
        distances = [geometry.distance(g) / 1000.0 for _, g in places]
        values["dist_lieu_km"] = min(distances) if distances else None
        epci_ref = ifn_epci.get(values["code_epci"] or "", {})
        score = values["ifn_score"]
        for level, ref in (("epci", epci_ref), ("dep", dep_ref), ("reg", reg_ref), ("france", fra_ref)):
            values[f"ref_{level}_ifn"] = ref.get("ifn_score")
            values[f"gap_{level}_ifn"] = (
                (score - ref["ifn_score"]) if score is not None and ref.get("ifn_score") is not None else None
            )
        values["flag_priority"] = int(values["gap_dep_ifn"] is not None and values["gap_dep_ifn"] > 0.5)
    for key in ("code_epci", None):
        groups: dict = {}
        for values, _ in communes:
            groups.setdefault(values["code_epci"] if key else "37", []).append(values)
        for members in groups.values():
            ranked = sorted((v for v in members if v["ifn_score"] is not None), key=lambda v: -v["ifn_score"])
            for rank, values in enumerate(ranked, 1):
                values["rank_epci" if key else "rank_dep"] = rank
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:2154", "communes", "memory")
    columns = [QgsField(c, FIELD_TYPES["string"]) for c in TEXT]
    columns += [QgsField(c, FIELD_TYPES["double"]) for c in DOUBLE]
    columns += [QgsField(c, FIELD_TYPES["int"]) for c in INTS]
    layer.dataProvider().addAttributes(columns)
    layer.updateFields()
    features = []
    for values, geometry in communes:
        feature = QgsFeature(layer.fields())
        for name in layer.fields().names():
            if values.get(name) is not None:
                feature[name] = values[name]
        feature.setGeometry(geometry)
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    if out.exists():
        out.unlink()
    _write(layer, out, "communes")
    lieux = QgsVectorLayer("Point?crs=EPSG:2154", "lieux", "memory")
    lieux_cols = {
        "lieu_id": "string",
        "nom": "string",
        "commune": "string",
        "code_insee": "string",
        "code_insee_declared": "string",
        "typologie": "string",
        "categorie": "string",
        "prog_conseiller_numerique": "bool",
        "prog_aidants_connect": "bool",
        "prog_france_services": "bool",
        "source": "string",
        "date_maj": "string",
    }
    lieux.dataProvider().addAttributes([QgsField(c, FIELD_TYPES[t]) for c, t in lieux_cols.items()])
    lieux.updateFields()
    features = []
    for values, point in places:
        feature = QgsFeature(lieux.fields())
        for name in lieux_cols:
            if values.get(name) is not None:
                feature[name] = values[name]
        feature.setGeometry(point)
        features.append(feature)
    lieux.dataProvider().addFeatures(features)
    _write(lieux, out, "lieux")
    ref_cols = {
        "level": "string",
        "code": "string",
        "nom": "string",
        "population": "double",
        **{f: "double" for f in IFN_FIELDS},
        "method": "string",
    }
    refs = []
    for siren in sorted({v["code_epci"] for v, _ in communes if v["code_epci"]}):
        refs.append(
            {
                "level": "epci",
                "code": siren,
                "nom": ifn_epci.get(siren, {}).get("name"),
                "population": sum(v["population"] or 0 for v, _ in communes if v["code_epci"] == siren),
                **{f: ifn_epci.get(siren, {}).get(f) for f in IFN_FIELDS},
                "method": "csv",
            }
        )
    refs.append({"level": "departement", "code": "37", "nom": "Indre-et-Loire", **dep_ref, "method": "mean"})
    refs.append({"level": "region", "code": "24", "nom": "Centre-Val de Loire", **reg_ref, "method": "mean"})
    refs.append({"level": "france", "code": "FR", "nom": "France", **fra_ref, "method": "mean"})
    _write(_table("references", ref_cols, refs), out, "references")
    prov_cols = {
        c: "string"
        for c in (
            "source_id",
            "title",
            "producer",
            "licence",
            "vintage",
            "attribution",
            "location",
            "mode",
            "retrieved",
            "fields",
        )
    }
    prov_rows = []
    for source_id, fields in (
        ("communes_geo", "geometry"),
        ("ifn_communes", "ifn_*"),
        ("ifn_epci", "ref_epci_ifn"),
        ("population", "population"),
        ("epci_composition", "code_epci"),
        ("lieux_standard", "lieux"),
    ):
        prov = SOURCES[source_id].provenance(str(data / SOURCES[source_id].mirror_path), "mirror", "")
        prov_rows.append({**{k: str(v) for k, v in prov.to_dict().items() if k != "notes"}, "fields": fields})
    _write(_table("provenance", prov_cols, prov_rows), out, "provenance")
    return out


_BUILT: dict = {}


def cached_diagnostic(data: Path, codes: Optional[list[str]] = None) -> Path:
    """Build once per test session (in a temporary folder) and return the GeoPackage path."""
    import tempfile

    key = tuple(codes) if codes else ("37",)
    if key not in _BUILT:
        folder = Path(tempfile.mkdtemp(prefix="medrcvl-atlas-"))
        _BUILT[key] = build_diagnostic_gpkg(data, folder / "diagnostic.gpkg", codes)
    return _BUILT[key]


def ifn_scores(data: Path, codes: Iterable[str]) -> dict[str, float]:
    """The real IFN total score of each commune code (for assertions)."""
    wanted = set(codes)
    return {
        c: v["ifn_score"] for c, v in _ifn(data / "ifn" / "ifn-city-all-variation.csv").items() if c in wanted
    }


def commune_names(data: Path, codes: Iterable[str]) -> dict[str, str]:
    """code → name from the real commune geometries file."""
    import json

    wanted = set(codes)
    with open(data / "communes" / "communes-37-indre-et-loire-2018.geojson", encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    return {
        f["properties"]["code"]: f["properties"]["nom"] for f in features if f["properties"]["code"] in wanted
    }
