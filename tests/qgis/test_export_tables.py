"""Tables for partners: CSV (BOM, ';', decimal comma, French headers) and XLSX round trips."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, REFERENCE_COMMUNES
from osgeo import gdal, ogr

from medrcvl_plugin.core.base.errors import DataFormatError, OutputExistsError
from medrcvl_plugin.core.output.exports import tables

pytestmark = pytest.mark.realdata


def load_builder():
    """The contract GeoPackage builder of tests/fixtures/exports (one module object per session)."""
    name = "medrcvl_exports_contract_gpkg"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, FIXTURES / "exports" / "contract_gpkg.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules[name] = module
    return sys.modules[name]


@pytest.fixture(scope="module")
def diagnostic_gpkg(qgis_app, shared_data, tmp_path_factory) -> Path:
    return load_builder().build(tmp_path_factory.mktemp("diag") / "diagnostic.gpkg", shared_data)


@pytest.fixture(scope="module")
def exported(diagnostic_gpkg, tmp_path_factory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("tables")
    return out, tables.export_tables(diagnostic_gpkg, out, ("csv", "xlsx"))


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_files_written(exported):
    out, files = exported
    assert sorted(p.name for p in files) == ["communes.csv", "diagnostic.xlsx", "lieux.csv", "sources.csv"]
    assert all(p.parent == out and p.stat().st_size > 0 for p in files)
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temp file left


def test_csv_bom_separator_headers(exported):
    out, _ = exported
    raw = (out / "communes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header = raw[3:].split(b"\r\n", 1)[0].decode("utf-8")
    assert header.split(";")[:3] == ["Code INSEE", "Nom", "Code EPCI (SIREN)"]
    assert "Indice de fragilité numérique" in header and "Longitude du centroïde (WGS84)" in header
    assert "," not in header.split(";")[0]


def test_csv_codes_accents_decimal_comma(exported):
    out, _ = exported
    rows = {r["Code INSEE"]: r for r in read_csv(out / "communes.csv")}
    assert set(rows) == {"01001", "37011", "37072", "37210", "2A004"}
    assert rows["01001"]["Nom"] == "L'Abergement-Clémenciat"
    assert rows["37210"]["Nom"] == "Saint-Benoît-la-Forêt"
    assert rows["37072"]["Indice de fragilité numérique"] == "6,8"
    assert rows["37072"]["Population municipale"] == "8144"
    assert rows["2A004"]["IFN – absence de 4G"] == "5,56719959324332"
    assert rows["37072"]["Part des locaux éligibles FttH"] == ""  # NULL stays empty, never 0
    assert rows["01001"]["Code EPCI (SIREN)"] == ""
    lon = float(rows["37072"]["Longitude du centroïde (WGS84)"].replace(",", "."))
    lat = float(rows["37072"]["Latitude du centroïde (WGS84)"].replace(",", "."))
    assert 0.15 < lon < 0.35 and 47.1 < lat < 47.25  # Chinon


def test_csv_places_coordinates(exported):
    out, _ = exported
    rows = {r["Identifiant du lieu"]: r for r in read_csv(out / "lieux.csv")}
    assert len(rows) == 5
    patio = rows["hub-lo-75"]
    assert patio["Nom"] == "BIBLIOTHÈQUE LE PATIO" and patio["Code INSEE"] == "37072"
    assert patio["Longitude (WGS84)"] == "0,251962" and patio["Latitude (WGS84)"] == "47,167135"
    x = float(patio["X (Lambert-93)"].replace(",", "."))
    y = float(patio["Y (Lambert-93)"].replace(",", "."))
    assert 490_000 < x < 500_000 and 6_670_000 < y < 6_685_000
    assert len(patio["Y (Lambert-93)"].split(",")[1]) <= 2  # rounded to the centimetre, no binary noise
    assert patio["EPN"] == "oui" and patio["Bibliothèque"] == "non"
    ajaccio = rows["fs-124"]
    assert ajaccio["Code INSEE"] == "2A004"
    assert ajaccio["Dispositifs nationaux"] == "France Services|Aidants Connect"
    assert ajaccio["Adresse"] == "Avenue de la Grande Armée, Tour Napoléon"  # ',' inside a field survives
    assert "Latitude" not in rows["fs-124"]  # the source lat/lon columns are replaced by computed ones


def test_sources_csv(exported):
    out, _ = exported
    rows = read_csv(out / "sources.csv")
    ifn = next(r for r in rows if r["Identifiant du jeu de données"] == "ifn_communes")
    assert ifn["Producteur"] == "La MedNum/ANSA" and ifn["Licence"] == "Licence Ouverte / Etalab 2.0"
    assert ifn["Millésime"] == "2023-08 (COG 2021)"


def xlsx_sheet(path: Path, name: str) -> tuple[list[str], list[dict], dict]:
    gdal.SetConfigOption("OGR_XLSX_HEADERS", "FORCE")  # GDAL 3.6 has no open option for it
    try:
        dataset = ogr.Open(str(path))
    finally:
        gdal.SetConfigOption("OGR_XLSX_HEADERS", None)
    layer = dataset.GetLayerByName(name)
    assert layer is not None, name
    definition = layer.GetLayerDefn()
    names = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
    types = {
        definition.GetFieldDefn(i).GetName(): definition.GetFieldDefn(i).GetType()
        for i in range(definition.GetFieldCount())
    }
    rows = [{n: f.GetField(n) for n in names} for f in layer]
    return names, rows, types


def test_xlsx_round_trip(exported):
    out, _ = exported
    path = out / "diagnostic.xlsx"
    dataset = ogr.Open(str(path))
    assert sorted(dataset.GetLayer(i).GetName() for i in range(dataset.GetLayerCount())) == [
        "communes",
        "lieux",
        "sources",
    ]
    names, rows, types = xlsx_sheet(path, "communes")
    assert names[0] == "Code INSEE" and types["Code INSEE"] == ogr.OFTString
    by_code = {r["Code INSEE"]: r for r in rows}
    assert set(by_code) == {"01001", "37011", "37072", "37210", "2A004"}
    assert by_code["37072"]["Indice de fragilité numérique"] == pytest.approx(6.8)
    assert by_code["37210"]["Nom"] == "Saint-Benoît-la-Forêt"
    assert by_code["37072"]["Part des locaux éligibles FttH"] is None
    _, lieux, types = xlsx_sheet(path, "lieux")
    assert {r["Code postal"] for r in lieux} >= {"37500", "20000"}
    assert types["Code postal"] == ogr.OFTString
    _, sources, _ = xlsx_sheet(path, "sources")
    assert {r["Producteur"] for r in sources} >= {"La MedNum/ANSA", "INSEE"}


def test_refuses_to_overwrite(exported, diagnostic_gpkg):
    out, _ = exported
    before = (out / "lieux.csv").read_bytes()
    with pytest.raises(OutputExistsError, match="communes.csv"):
        tables.export_tables(diagnostic_gpkg, out, ["csv"])
    assert (out / "lieux.csv").read_bytes() == before
    files = tables.export_tables(diagnostic_gpkg, out, ["csv"], overwrite=True)
    assert len(files) == 3 and (out / "lieux.csv").read_bytes() == before


def test_xlsx_only_and_bad_inputs(diagnostic_gpkg, tmp_path):
    files = tables.export_tables(diagnostic_gpkg, tmp_path, "xlsx")
    assert [p.name for p in files] == ["diagnostic.xlsx"]
    with pytest.raises(DataFormatError, match="ods"):
        tables.export_tables(diagnostic_gpkg, tmp_path / "b", ["ods"])
    with pytest.raises(DataFormatError, match="nowhere.gpkg"):
        tables.export_tables(tmp_path / "nowhere.gpkg", tmp_path / "c", ["csv"])
    assert not (tmp_path / "c" / "communes.csv").exists()


def test_processing_algorithm(qgis_processing, medrcvl_provider, diagnostic_gpkg, tmp_path):
    import processing
    from qgis.core import QgsApplication, QgsProcessingException

    algorithm = QgsApplication.processingRegistry().algorithmById("medrcvl:exporttables")
    assert algorithm.groupId() == "exports" and "BOM" in algorithm.shortHelpString()
    params = {
        "INPUT": str(diagnostic_gpkg),
        "FORMATS": [0],
        "OUTPUT_FOLDER": str(tmp_path),
        "OVERWRITE": False,
    }
    result = processing.run("medrcvl:exporttables", params)
    assert sorted(Path(p).name for p in result["FILES"].split(";")) == [
        "communes.csv",
        "lieux.csv",
        "sources.csv",
    ]
    assert not (tmp_path / "diagnostic.xlsx").exists()
    with pytest.raises(QgsProcessingException, match="communes.csv"):
        processing.run("medrcvl:exporttables", params)


def test_cli_export(qgis_app, diagnostic_gpkg, tmp_path, capsys):
    from medrcvl_plugin.cli.app import EXIT_ERROR, EXIT_EXISTS, main

    argv = [
        "export",
        "--diagnostic",
        str(diagnostic_gpkg),
        "--out",
        str(tmp_path),
        "--formats",
        "csv,xlsx,quality,standard",
    ]
    assert main(argv) == 0
    names = {p.name for p in tmp_path.iterdir()}
    assert {
        "communes.csv",
        "lieux.csv",
        "sources.csv",
        "diagnostic.xlsx",
        "qualite-lieux.csv",
        "lieux-standard.csv",
    } <= names
    assert str(tmp_path / "communes.csv") in capsys.readouterr().out
    quality = read_csv(tmp_path / "qualite-lieux.csv")
    assert quality and set(quality[0]) == {"Identifiant du lieu", "Nom", "Problème", "Détail"}
    assert {row["Identifiant du lieu"] for row in quality} <= {
        "hub-lo-75",
        "hub-lo-339",
        "hub-lo-253",
        "hub-lo-409",
        "fs-124",
    }
    before = (tmp_path / "lieux.csv").read_bytes()
    assert main(argv) == EXIT_EXISTS
    assert "already exist" in capsys.readouterr().err
    assert (tmp_path / "lieux.csv").read_bytes() == before
    assert main([*argv[:-1], "csv,ods"]) == EXIT_ERROR
    assert main([*argv, "--overwrite"]) == 0


def test_real_diagnostic_tables(qgis_app, shared_data, tmp_path):
    """The tables of the real diagnostic of the reference EPCI (core/diagnostic.py on ../shared/data)."""
    result = load_builder().real_diagnostic(shared_data)
    files = tables.export_tables(result.gpkg, tmp_path, ("csv", "xlsx"))
    assert len(files) == 5  # + structures_programmes.csv (programme structures matching no place)
    structures = read_csv(tmp_path / "structures_programmes.csv")
    assert structures and all(r["SIRET"].isdigit() and len(r["SIRET"]) == 14 for r in structures)
    communes = {r["Code INSEE"]: r for r in read_csv(tmp_path / "communes.csv")}
    assert set(communes) == set(REFERENCE_COMMUNES) and len(communes) == result.communes == 19
    chinon = communes["37072"]
    assert chinon["Nom"] == "Chinon"
    assert next(v for k, v in chinon.items() if k.startswith("Indice de fragilité")) == "6,8"
    assert next(v for k, v in chinon.items() if k.startswith("Population")) == "8144"
    lieux = read_csv(tmp_path / "lieux.csv")
    assert len(lieux) == result.lieux
    lon = [float(r["Longitude (WGS84)"].replace(",", ".")) for r in lieux]
    assert all(0.0 < v < 0.4 for v in lon)
    assert not [h for h in lieux[0] if h.islower() and "_" in h]  # every column has a French header
    sources = {r["Identifiant du jeu de données"]: r for r in read_csv(tmp_path / "sources.csv")}
    assert sources["ifn_communes"]["Producteur"] == "La MedNum/ANSA"
    _, rows, types = xlsx_sheet(tmp_path / "diagnostic.xlsx", "communes")
    assert len(rows) == 19 and types["Code INSEE"] == ogr.OFTString


def test_table_aliases_are_the_export_headers():
    """QGIS >= 3.30 reads the tables' OGR alternative names as aliases, which the export prefers: they must
    say what the export's own headers say, or sources.csv depends on the QGIS that exports it."""
    from medrcvl_plugin.core.output.gpkg import TABLE_ALIASES

    differ = {
        k: (v, tables.HEADERS[k])
        for k, v in TABLE_ALIASES.items()
        if k in tables.HEADERS
        and k != "population"  # references: not exported
        and v != tables.HEADERS[k]
    }
    assert differ == {}
