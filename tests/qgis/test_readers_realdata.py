"""Tabular readers on the real public files of ../shared/data, and the XLSX readers through OGR."""

from __future__ import annotations

import csv
import logging

import pytest
from osgeo import ogr

from medrcvl_plugin.core.base.errors import DataFormatError, TerritoryError
from medrcvl_plugin.core.readers import arcep, cog, epci, ifn, population
from tests.conftest import REFERENCE_COMMUNES, REFERENCE_EPCI


def csv_rows(path, sep=","):
    """Rows of a real file read with the csv module, independently of the readers."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=sep))


# --- real data (each big file read once per session) --------------------------------------------


@pytest.fixture(scope="session")
def ifn_communes(shared_data):
    return ifn.read_ifn(shared_data / "ifn" / "ifn-city-all-variation.csv")


@pytest.fixture(scope="session")
def composition(shared_data):
    return epci.read_epci_composition(shared_data / "epci" / "epcicom.xlsx")


@pytest.mark.realdata
def test_real_ifn_communes(shared_data, ifn_communes):
    rows = csv_rows(shared_data / "ifn" / "ifn-city-all-variation.csv")
    assert len(ifn_communes) == len(rows) == 35008
    indexed = ifn_communes.set_index("code")
    chinon = next(r for r in rows if r["code"] == "37072")
    assert indexed.loc["37072", "ifn_score"] == pytest.approx(float(chinon["total"])) == pytest.approx(6.8)
    assert indexed.loc["01001", "name"] == next(r["name"] for r in rows if r["code"] == "01001")
    assert indexed.loc[["13055", "27058", "55039"], "ifn_score"].isna().all()
    assert "75101" in indexed.index and "2A004" in indexed.index
    scores = ifn_communes["ifn_score"].dropna()
    assert scores.between(1, 10).all()
    assert ifn_communes["code"].str.len().eq(5).all()


@pytest.mark.realdata
def test_real_ifn_epci(shared_data):
    path = shared_data / "ifn" / "ifn-epci-all-variation.csv"
    frame = ifn.read_ifn(path)
    rows = csv_rows(path)
    assert len(frame) == len(rows) == 1255
    assert set(frame["division"]) == {"epci"}
    expected = float(next(r["total"] for r in rows if r["code"] == REFERENCE_EPCI))
    assert frame.set_index("code").loc[REFERENCE_EPCI, "ifn_score"] == pytest.approx(expected)


@pytest.mark.realdata
def test_real_cog_communes_and_movements(shared_data):
    path = shared_data / "cog" / "communes.csv"
    frame = cog.read_cog_communes(path)
    rows = csv_rows(path)
    assert len(frame) == len(rows)
    assert (frame["typecom"] == "COM").sum() == sum(r["TYPECOM"] == "COM" for r in rows)
    assert set(frame["typecom"]) == {"COM", "COMA", "COMD", "ARM"}
    chinon = frame[(frame["com"] == "37072") & (frame["typecom"] == "COM")]
    assert len(chinon) == 1 and chinon.iloc[0]["dep"] == "37" and chinon.iloc[0]["libelle"] == "Chinon"
    moves = cog.read_cog_movements(shared_data / "cog" / "mouvements-communes.csv")
    move_rows = csv_rows(shared_data / "cog" / "mouvements-communes.csv")
    assert len(moves) == len(move_rows)
    assert {31, 32, 33, 34, 41} <= set(moves["mod"])
    assert moves["date_eff"].str.match(r"^\d{4}-\d{2}-\d{2}$").all()


@pytest.mark.realdata
def test_real_population_of_chinon(shared_data):
    path = shared_data / "population" / "donnees_communes.csv"
    frame = population.read_population(path).set_index("code_insee")
    rows = csv_rows(path, sep=";")
    chinon = next(r for r in rows if r["COM"] == "37072")
    assert len(frame) == len(rows)
    assert frame.loc["37072", "pmun"] == int(chinon["PMUN"])
    assert frame.loc["37072", "ptot"] == int(chinon["PTOT"])
    assert frame.loc["37072", "nom"] == "Chinon"
    assert (frame.index.str.len() == 5).all()


@pytest.mark.realdata
def test_real_epci_composition_of_the_reference_epci(composition):
    assert epci.epci_members(composition, REFERENCE_EPCI) == sorted(REFERENCE_COMMUNES)
    assert composition["insee"].map(type).eq(str).all()
    assert composition["insee"].str.len().eq(5).all()
    assert {"01001", "2A004"} <= set(composition["insee"])
    assert composition["siren"].nunique() == 1255
    assert composition.attrs["pmun_vintage"] == "2025"
    row = composition.set_index("insee").loc["37072"]
    assert row["siren"] == REFERENCE_EPCI and row["nom_membre"] == "Chinon" and row["pmun"] > 0
    with pytest.raises(TerritoryError, match="999999999"):
        epci.epci_members(composition, "999999999")


@pytest.mark.realdata
def test_real_banatic(shared_data):
    frame = epci.read_banatic(shared_data / "epci" / "banatic_siren_insee.xlsx")
    assert frame["insee"].str.len().eq(5).all() and frame["siren"].str.len().eq(9).all()
    assert {"01001", "2A004", "37072"} <= set(frame["insee"])
    assert frame.attrs["vintage"] == "2024"
    assert frame.set_index("insee").loc["37072", "dep"] == "37"


@pytest.mark.realdata
def test_real_arcep_sample_shares_for_paris(shared_data):
    folder = shared_data / "arcep"
    techno_path = folder / "commune_techno.sample.csv"
    debit_path = folder / "commune_debit_filaire.sample.csv"
    techno = next(r for r in csv_rows(techno_path, sep=";") if r["code_insee"] == "75056")
    debit = next(r for r in csv_rows(debit_path, sep=";") if r["code_insee"] == "75056")
    shares = arcep.commune_shares(
        techno=techno_path, debit=debit_path, best=folder / "commune_meilleure_techno_thd.sample.csv"
    )
    shares = shares.set_index("code_insee")
    assert len(shares) == 6 and "2A004" in shares.index
    paris = shares.loc["75056"]
    assert paris["ftth_share"] == pytest.approx(int(techno["elig_ftth"]) / int(techno["nbr"]))
    assert paris["thd30_share"] == pytest.approx(int(debit["elig_thd30"]) / int(debit["nbr"]))
    below8 = (int(debit["nbr"]) - int(debit["elig_bhd8"])) / int(debit["nbr"])
    assert paris["below8_share"] == pytest.approx(below8)
    assert paris["arcep_nbr_locaux"] == int(debit["nbr"]) and paris["arcep_date"] == debit["date"]


# --- XLSX through OGR on small generated workbooks ---------------------------------------------


def make_xlsx(path, sheet, fields, rows):
    """Write a one-sheet workbook with OGR; ``fields`` maps names to OGR field types."""
    source = ogr.GetDriverByName("XLSX").CreateDataSource(str(path))
    layer = source.CreateLayer(sheet, geom_type=ogr.wkbNone)
    for name, kind in fields.items():
        layer.CreateField(ogr.FieldDefn(name, kind))
    for row in rows:
        feature = ogr.Feature(layer.GetLayerDefn())
        for name, value in zip(fields, row):
            feature.SetField(name, value)
        layer.CreateFeature(feature)
    source = None
    return path


COMPOSITION_FIELDS = {
    "dept": ogr.OFTString,
    "siren": ogr.OFTInteger,
    "raison_sociale": ogr.OFTString,
    "insee": ogr.OFTInteger,
    "nom_membre": ogr.OFTString,
    "pmun_2023": ogr.OFTInteger,
    "pmun_2024": ogr.OFTInteger,
}


def test_xlsx_numeric_codes_get_their_leading_zero_back(tmp_path, caplog):
    path = make_xlsx(
        tmp_path / "epcicom2024.xlsx",
        "Epcicom2024",
        COMPOSITION_FIELDS,
        [
            ("01", 200029999, "CC A", 1001, "L'Abergement-Clémenciat", 850, 860),
            ("37", 200043081, "CC Chinon, Vienne et Loire", 37072, "Chinon", 8100, 8144),
        ],
    )
    with caplog.at_level(logging.WARNING):
        frame = epci.read_epci_composition(path)
    assert frame["insee"].tolist() == ["01001", "37072"]
    assert frame["siren"].tolist() == ["200029999", "200043081"]
    assert frame["pmun"].tolist() == [860, 8144], "the latest pmun_YYYY column is used"
    assert frame.attrs["pmun_vintage"] == "2024"
    assert "leading zeros restored" in caplog.text
    assert frame.loc[0, "nom_membre"] == "L'Abergement-Clémenciat"
    assert epci.epci_members(frame, 200043081) == ["37072"]


def test_xlsx_from_bytes_and_corsican_codes(tmp_path):
    fields = dict(COMPOSITION_FIELDS, insee=ogr.OFTString)
    path = make_xlsx(
        tmp_path / "e.xlsx",
        "Epcicom2025",
        fields,
        [("2A", 242010056, "CA du Pays Ajaccien", "2A004", "Ajaccio", 76000, 76320)],
    )
    frame = epci.read_epci_composition(path.read_bytes(), source="epcicom.xlsx")
    assert frame.loc[0, "insee"] == "2A004" and frame.loc[0, "pmun"] == 76320


def test_xlsx_missing_columns_are_named(tmp_path):
    path = make_xlsx(
        tmp_path / "e.xlsx", "Feuil1", {"siren": ogr.OFTInteger, "nom": ogr.OFTString}, [(200043081, "CC")]
    )
    with pytest.raises(DataFormatError, match="no sheet holds the columns") as info:
        epci.read_epci_composition(path)
    assert str(path) in str(info.value) and "Feuil1" in str(info.value)


def test_xlsx_bad_code_names_line_and_field(tmp_path):
    fields = dict(COMPOSITION_FIELDS, insee=ogr.OFTString)
    path = make_xlsx(
        tmp_path / "e.xlsx",
        "Epcicom2025",
        fields,
        [("37", 200043081, "CC", "37072", "Chinon", 1, 1), ("37", 200043081, "CC", "3707X", "Bad", 1, 1)],
    )
    with pytest.raises(DataFormatError, match="3707X") as info:
        epci.read_epci_composition(path)
    assert info.value.line == 3 and info.value.field == "insee" and str(path) in str(info.value)


@pytest.mark.parametrize(
    "content", [b"<!DOCTYPE html><html><body>Not found</body></html>", b"", b"PK\x03\x04trunc"]
)
def test_xlsx_html_empty_or_truncated(tmp_path, content):
    path = tmp_path / "epcicom.xlsx"
    path.write_bytes(content)
    with pytest.raises(DataFormatError) as info:
        epci.read_epci_composition(path)
    assert str(path) in str(info.value)
    assert ("XLSX" in str(info.value)) or ("workbook" in str(info.value))
