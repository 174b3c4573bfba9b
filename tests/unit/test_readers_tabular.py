"""Tabular readers (IFN, COG, populations, ARCEP) on small hand-written fixtures with real figures."""

from __future__ import annotations

import csv
import logging
import math

import pandas as pd
import pytest

from medrcvl_plugin.core.readers import arcep, cog, ifn, population

SCORE_COLUMNS = ["ifn_no_thd", "ifn_no_4g", "ifn_poverty", "ifn_65plus", "ifn_low_diploma", "ifn_score"]


@pytest.fixture()
def tabular(fixtures):
    """The folder of tabular fixtures."""
    return fixtures / "tabular"


def fixture_rows(path, sep=","):
    """The fixture's rows as dicts, read with the csv module (independent of the readers)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=sep))


# --- IFN -------------------------------------------------------------------------------------------


def test_ifn_communes_columns_codes_and_scores(tabular):
    frame = ifn.read_ifn(tabular / "ifn_communes.csv")
    assert list(frame.columns) == ["code", "name", "division", *SCORE_COLUMNS]
    assert frame["code"].tolist() == [r["code"] for r in fixture_rows(tabular / "ifn_communes.csv")]
    assert set(frame["division"]) == {"city"}
    chinon = frame.set_index("code").loc["37072"]
    assert chinon["ifn_score"] == pytest.approx(6.8)
    assert chinon["ifn_65plus"] == pytest.approx(9.0)
    assert frame.set_index("code").loc["37074", "name"] == "Chouzé-sur-Loire"
    assert "2A004" in set(frame["code"]) and "75101" in set(frame["code"])
    for column in SCORE_COLUMNS:
        assert frame[column].dtype == float


def test_ifn_empty_rows_stay_missing_and_zero_rows_become_missing_with_warning(tabular, caplog):
    with caplog.at_level(logging.WARNING):
        frame = ifn.read_ifn(tabular / "ifn_communes.csv").set_index("code")
    assert frame.loc["13055", SCORE_COLUMNS].isna().all()
    assert frame.loc["55039", SCORE_COLUMNS].isna().all(), "all-0 rows mean 'no data', not a score of 0"
    assert "55039" in caplog.text and "13055" not in caplog.text
    assert not (frame[SCORE_COLUMNS] == 0).any(axis=None)


def test_ifn_epci_file_detected_and_sirens_kept(tabular):
    frame = ifn.read_ifn(tabular / "ifn_epci.csv")
    assert set(frame["division"]) == {"epci"}
    row = frame.set_index("code").loc["200043081"]
    assert row["name"] == "CC Chinon, Vienne et Loire"
    assert row["ifn_score"] == pytest.approx(6.537303246171564)
    assert "ZZZZZZZZZ" in set(frame["code"])


def test_ifn_explicit_division_must_match_the_file(tabular):
    from medrcvl_plugin.core.base.errors import DataFormatError

    with pytest.raises(DataFormatError, match="division"):
        ifn.read_ifn(tabular / "ifn_epci.csv", division="city")
    with pytest.raises(ValueError):
        ifn.read_ifn(tabular / "ifn_epci.csv", division="region")


def test_ifn_without_division_column_detects_epci_from_sirens():
    data = (
        b"name,code,no_thd_coverage_rate,no_4g_coverage_rate,poverty_rate,older_65_rate,"
        b"nscol15p_rate,total\nCC A,200043081,6,6,5,7,6,6\n"
    )
    assert ifn.read_ifn(data, source="x.csv")["division"].tolist() == ["epci"]


def test_ifn_semicolon_and_decimal_comma_read_the_same():
    data = (
        b"name;division;code;no_thd_coverage_rate;no_4g_coverage_rate;poverty_rate;older_65_rate;"
        b"nscol15p_rate;total\nChinon;city;37072;6,0;6,0;7,0;9,0;6,0;6,8\n"
    )
    frame = ifn.read_ifn(data, source="semicolon.csv")
    assert frame.loc[0, "ifn_score"] == pytest.approx(6.8) and frame.loc[0, "code"] == "37072"


# --- COG -------------------------------------------------------------------------------------------


def test_cog_communes_types_and_text_codes(tabular):
    frame = cog.read_cog_communes(tabular / "cog_communes.csv")
    assert list(frame.columns) == ["typecom", "com", "reg", "dep", "libelle", "comparent"]
    expected = fixture_rows(tabular / "cog_communes.csv")
    assert frame["com"].tolist() == [r["COM"] for r in expected]
    assert set(frame["typecom"]) == {"COM", "COMD", "ARM"}
    arm = frame.set_index("com").loc["75101"]
    assert arm["typecom"] == "ARM" and arm["comparent"] == "75056"
    assert frame.set_index("com").loc["37072", "comparent"] is None
    assert frame.set_index("com").loc["37074", "libelle"] == "Chouzé-sur-Loire"


def test_cog_movements_int_mod_iso_dates_and_open_sides(tabular):
    frame = cog.read_cog_movements(tabular / "cog_mouvements.csv")
    assert list(frame.columns) == [
        "mod",
        "date_eff",
        "typecom_av",
        "com_av",
        "libelle_av",
        "typecom_ap",
        "com_ap",
        "libelle_ap",
    ]
    assert frame["mod"].dtype.kind == "i"
    assert frame["mod"].tolist() == [int(r["MOD"]) for r in fixture_rows(tabular / "cog_mouvements.csv")]
    assert frame.loc[0, "date_eff"] == "2026-01-01" and isinstance(frame.loc[0, "date_eff"], str)
    assert frame.loc[0, "com_av"] == "01324" and frame.loc[0, "com_ap"] == "01245"
    creation = frame[frame["mod"] == 20].iloc[0]
    assert creation["com_av"] is None and creation["com_ap"] == "97601"
    suppression = frame[frame["mod"] == 30].iloc[0]
    assert suppression["com_ap"] is None and suppression["com_av"] == "97123"


# --- populations ---------------------------------------------------------------------------------


def test_population_ints_and_text_codes(tabular):
    frame = population.read_population(tabular / "population.csv")
    assert list(frame.columns) == ["code_insee", "nom", "dep", "reg", "pmun", "ptot"]
    assert frame["pmun"].dtype.kind == "i" and frame["ptot"].dtype.kind == "i"
    rows = {r["COM"]: r for r in fixture_rows(tabular / "population.csv", sep=";")}
    indexed = frame.set_index("code_insee")
    for code, row in rows.items():
        assert indexed.loc[code, "pmun"] == int(row["PMUN"])
        assert indexed.loc[code, "ptot"] == int(row["PTOT"])
        assert indexed.loc[code, "dep"] == row["DEP"] and indexed.loc[code, "reg"] == row["REG"]
    assert indexed.loc["2A004", "dep"] == "2A"
    assert indexed.loc["01001", "dep"] == "01"
    assert indexed.loc["37074", "nom"] == "Chouzé-sur-Loire"


def test_population_empty_cell_is_missing_not_zero():
    data = "REG;DEP;COM;Commune;PMUN;PTOT\n24;37;37072;Chinon;;8432\n24;37;37074;Chouzé;2132;2154\n"
    frame = population.read_population(data.encode(), source="pop.csv")
    assert pd.isna(frame.loc[0, "pmun"]) and frame.loc[1, "pmun"] == 2132


# --- ARCEP ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("arcep_techno.csv", "commune_techno"),
        ("arcep_debit.csv", "commune_debit_filaire"),
        ("arcep_best.csv", "commune_meilleure_techno_thd"),
    ],
)
def test_arcep_file_kind_detected_from_header(tabular, name, kind):
    frame = arcep.read_arcep(tabular / name)
    assert frame.attrs["arcep_file"] == kind
    assert frame["code_insee"].map(type).eq(str).all()
    assert frame["nbr"].dtype == float
    assert frame["code_insee"].iloc[0] == fixture_rows(tabular / name, sep=";")[0]["code_insee"]


def test_arcep_shares_follow_the_documented_formulas(tabular):
    techno = {
        r["code_insee"]: r for r in fixture_rows(tabular / "arcep_techno.csv", sep=";") if r["type"] == "all"
    }
    debit = {r["code_insee"]: r for r in fixture_rows(tabular / "arcep_debit.csv", sep=";")}
    shares = arcep.commune_shares(
        techno=arcep.read_arcep(tabular / "arcep_techno.csv"),
        debit=arcep.read_arcep(tabular / "arcep_debit.csv"),
    ).set_index("code_insee")
    assert list(shares.columns) == [
        "arcep_nbr_locaux",
        "ftth_share",
        "thd30_share",
        "below8_share",
        "arcep_date",
    ]
    paris_t, paris_d = techno["75056"], debit["75056"]
    assert shares.loc["75056", "ftth_share"] == pytest.approx(int(paris_t["elig_ftth"]) / int(paris_t["nbr"]))
    assert shares.loc["75056", "thd30_share"] == pytest.approx(
        int(paris_d["elig_thd30"]) / int(paris_d["nbr"])
    )
    assert shares.loc["75056", "below8_share"] == pytest.approx(
        (int(paris_d["nbr"]) - int(paris_d["elig_bhd8"])) / int(paris_d["nbr"])
    )
    assert shares.loc["75056", "arcep_nbr_locaux"] == int(paris_d["nbr"]), "the 'pro' row must be ignored"
    assert shares.loc["75056", "arcep_date"] == "2026-03-31"
    # Gaas is only in commune_techno: debit shares are missing, not 0
    assert math.isnan(shares.loc["40101", "thd30_share"]) and math.isnan(shares.loc["40101", "below8_share"])
    assert shares.loc["40101", "ftth_share"] == pytest.approx(243 / 245)
    # Mamoudzou is only in commune_debit_filaire
    assert math.isnan(shares.loc["97611", "ftth_share"])
    # 0 premises: shares undefined
    assert math.isnan(shares.loc["01001", "ftth_share"])
    assert (
        (shares[["ftth_share", "thd30_share", "below8_share"]].dropna() >= 0)
        & (shares[["ftth_share", "thd30_share", "below8_share"]].dropna() <= 1)
    ).all(axis=None)


def test_arcep_ftth_share_falls_back_on_best_technology_file(tabular):
    best = {r["code_insee"]: r for r in fixture_rows(tabular / "arcep_best.csv", sep=";")}
    shares = arcep.commune_shares(best=tabular / "arcep_best.csv").set_index("code_insee")
    row = best["97611"]
    assert shares.loc["97611", "ftth_share"] == pytest.approx(int(row["elig_ftth"]) / int(row["nbr"]))
    assert shares[["thd30_share", "below8_share"]].isna().all(axis=None)


def test_arcep_no_file_gives_empty_table():
    shares = arcep.commune_shares()
    assert shares.empty and "ftth_share" in shares.columns


def test_arcep_unknown_header_is_refused():
    from medrcvl_plugin.core.base.errors import DataFormatError

    with pytest.raises(DataFormatError, match="not an ARCEP"):
        arcep.read_arcep(b"code_insee;nbr;foo\n75056;1;2\n", source="odd.csv")


def test_arcep_ftth_prefers_commune_techno_over_best_technology(tabular):
    techno = arcep.read_arcep(tabular / "arcep_techno.csv")
    best = arcep.read_arcep(tabular / "arcep_best.csv")
    best.loc[best["code_insee"] == "75056", "elig_ftth"] = 0.0
    shares = arcep.commune_shares(techno=techno, best=best).set_index("code_insee")
    paris = techno[(techno["code_insee"] == "75056") & (techno["type"] == "all")].iloc[0]
    assert shares.loc["75056", "ftth_share"] == pytest.approx(paris["elig_ftth"] / paris["nbr"])
    assert shares.loc["75056", "ftth_share"] > 0.9


def test_arcep_best_fills_ftth_only_for_communes_missing_from_techno(tabular):
    shares = arcep.commune_shares(
        techno=tabular / "arcep_techno.csv", best=tabular / "arcep_best.csv"
    ).set_index("code_insee")
    assert shares.loc["97611", "ftth_share"] == pytest.approx(1264 / 18048)  # only in the best-techno file
    assert math.isnan(shares.loc["01001", "ftth_share"])  # in techno with 0 premises: stays undefined
