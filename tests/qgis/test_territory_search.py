"""Territory search: accent/case/punctuation-tolerant lookup on the real COG and EPCI files."""

from __future__ import annotations

import pandas as pd
import pytest

from medrcvl_plugin.core.territory.search import (
    Territory,
    TerritoryIndex,
    build_index,
    load_index,
    normalize,
    territory_from_code,
)


@pytest.fixture(scope="module")
def index(shared_data) -> TerritoryIndex:
    """The index built from the real COG 2026 communes and the DGCL 2025 EPCI composition."""
    return load_index(shared_data / "cog" / "communes.csv", shared_data / "epci" / "epcicom.xlsx")


def test_normalize_strips_accents_case_and_punctuation() -> None:
    assert normalize("Chouzé-sur-Loire") == "chouze sur loire"
    assert normalize("L'Île-Bouchard") == "l ile bouchard"
    assert normalize("CC Chinon, Vienne et Loire") == "cc chinon vienne et loire"
    assert normalize("St-Avertin") == "saint avertin"


@pytest.mark.realdata
def test_chinon_finds_commune_and_epci(index: TerritoryIndex) -> None:
    found = index.search("chinon")
    pairs = {(t.kind, t.code) for t in found}
    assert ("commune", "37072") in pairs
    assert ("epci", "200043081") in pairs
    assert found[0] == index.get("commune", "37072")  # exact name first
    epci = index.get("epci", "200043081")
    assert epci.name == "CC Chinon, Vienne et Loire"
    assert epci.detail.startswith("19 communes")


@pytest.mark.realdata
@pytest.mark.parametrize("query", ["Chouzé", "chouze", "CHOUZE-SUR", "chouze sur loire"])
def test_accent_and_case_insensitive(index: TerritoryIndex, query: str) -> None:
    names = [t.name for t in index.search(query, kinds=("commune",))]
    assert "Chouzé-sur-Loire" in names


@pytest.mark.realdata
def test_codes_find_territories(index: TerritoryIndex) -> None:
    assert index.search("200043081")[0].name == "CC Chinon, Vienne et Loire"
    assert index.search("37072")[0].name == "Chinon"
    dep = index.search("37")[0]
    assert (dep.kind, dep.name) == ("departement", "Indre-et-Loire")
    assert index.search("indre et loire", kinds=("departement",))[0].code == "37"
    assert index.search("2A004")[0].name == "Ajaccio"


@pytest.mark.realdata
def test_apostrophes_and_word_order(index: TerritoryIndex) -> None:
    names = [t.name for t in index.search("ile bouchard")]
    assert "L'Île-Bouchard" in names
    assert index.search("loire chouze", kinds=("commune",))[0].name == "Chouzé-sur-Loire"
    assert index.search("zzzz-nothing") == []
    # only current communes (TYPECOM COM), about 34,875 of them, plus départements and EPCI
    assert 34000 < sum(t.kind == "commune" for t in index.territories) < 36000
    assert sum(t.kind == "departement" for t in index.territories) == 101
    assert 1200 < sum(t.kind == "epci" for t in index.territories) < 1300


def test_build_index_from_frames_and_limit() -> None:
    cog = pd.DataFrame(
        {
            "typecom": ["COM", "COM", "COMD"],
            "com": ["37072", "37074", "37999"],
            "dep": ["37", "37", "37"],
            "libelle": ["Chinon", "Chouzé-sur-Loire", "Ancienne"],
            "reg": ["24"] * 3,
            "comparent": [None, None, "37072"],
        }
    )
    epci = pd.DataFrame(
        {
            "siren": ["200043081", "200043081"],
            "raison_sociale": ["CC Chinon"] * 2,
            "dept": ["37", "37"],
            "insee": ["37072", "37074"],
            "nom_membre": ["a", "b"],
            "pmun": [1, 2],
        }
    )
    index = build_index(cog, epci)
    assert index.get("commune", "37999") is None  # delegated communes are not proposed
    assert len(index.search("ch", limit=1)) == 1
    assert {t.code for t in index.search("ch")} == {"37072", "37074", "200043081"}


def test_territory_from_code() -> None:
    assert territory_from_code(" 200043081 ") == Territory("epci", "200043081", "200043081")
    assert territory_from_code("2b").kind == "departement"
    assert territory_from_code("37072").kind == "commune"
    assert territory_from_code("Chinon") is None
