"""Matching programme structures to places (``indicators.programmes.match_places``): the lookups built
once give the same matches, flags and unplaced structures as a scan of every place per structure."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd

from medrcvl_plugin.core.indicators import programmes
from medrcvl_plugin.core.readers.lieux_merge import normalise
from medrcvl_plugin.core.readers.programmes import AIDANTS_CONNECT, CNFS


def _scan(row, pivots, names, where):
    """The matching rule written as a plain scan of every place (the oracle)."""
    siret, siren = row.siret, programmes._siren(row.siret)
    if siret:
        exact = [i for i, p in enumerate(pivots) if p == siret]
        if exact:
            return exact[0]
    here = [i for i, c in enumerate(where) if c == row.code_current]
    name = normalise(row.nom)
    for i in here:
        if name and names[i] == name:
            return i
    same = [i for i in here if siren and programmes._siren(pivots[i]) == siren]
    return same[0] if len(same) == 1 else None


def _expected(places, structures, territory, unit_current):
    """(flag/dispositifs columns, unplaced structure names) computed with the oracle."""
    pivots = places["pivot"].to_numpy(dtype=object)
    names = [normalise(n) for n in places["nom"]]
    where = unit_current.to_numpy(dtype=object)
    flags = {column: list(places[column]) for column in programmes.FLAG_OF.values()}
    listed = list(places["dispositifs"])
    unplaced = []
    for frame in structures.values():
        for row in frame[frame["code_current"].isin(territory)].itertuples(index=False):
            hit = _scan(row, pivots, names, where)
            if hit is None:
                unplaced.append((row.programme, row.nom))
                continue
            flags[programmes.FLAG_OF[row.programme]][hit] = True
            label = programmes.LABEL_OF[row.programme]
            before = str(listed[hit] or "")
            if label not in before.split("|"):
                listed[hit] = "|".join(filter(None, [before, label]))
    return flags, listed, unplaced


def _sample(seed: int):
    """Places and structures sharing SIRETs, SIRENs, names and communes (duplicates included)."""
    rng = random.Random(seed)
    codes = [f"37{n:03d}" for n in range(1, 9)]
    sirens = [f"{rng.randrange(10**8, 10**9)}" for _ in range(12)]
    words = ["mairie", "cias", "mediatheque", "espace numerique", "Mission Locale", "Médiathèque"]

    def siret() -> str | None:
        return rng.choice(
            [None, "", rng.choice(sirens) + f"{rng.randrange(10**4, 10**5)}", rng.choice(sirens) + "00010"]
        )

    places = pd.DataFrame(
        {
            "nom": [f"{rng.choice(words)} {rng.randrange(3)}" for _ in range(120)],
            "pivot": [siret() for _ in range(120)],
            "dispositifs": [rng.choice([None, "", "France Services", "Aidants Connect"]) for _ in range(120)],
            "prog_conseiller_numerique": [False] * 120,
            "prog_aidants_connect": [rng.random() < 0.1 for _ in range(120)],
        }
    )
    unit_current = pd.Series([rng.choice([*codes, None]) for _ in range(120)], index=places.index)

    def structures(programme: str, count: int) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "programme": programme,
                "line": np.arange(2, count + 2),
                "nom": [f"{rng.choice(words)} {rng.randrange(3)}" for _ in range(count)],
                "siret": [siret() for _ in range(count)],
                "code_current": [rng.choice([*codes, "75056", None]) for _ in range(count)],
                "commune": "x",
                "code_postal": "37500",
                "adresse": "a",
                "conseillers": 1,
                "aidants": 2,
            }
        )

    return (
        places,
        {"cnfs": structures(CNFS, 150), "aidants_connect": structures(AIDANTS_CONNECT, 150)},
        set(codes[:6]),
        unit_current,
    )


def test_matches_equal_a_scan_of_every_place():
    matched = 0
    for seed in range(5):
        places, structures, territory, unit_current = _sample(seed)
        got, unplaced = programmes.match_places(places, structures, territory, unit_current)
        flags, listed, want_unplaced = _expected(places, structures, territory, unit_current)
        for column, values in flags.items():
            assert got[column].tolist() == values, (seed, column)
        assert got["dispositifs"].tolist() == listed
        assert list(zip(unplaced["programme"], unplaced["nom"])) == [
            (programmes.LABEL_OF[p], n) for p, n in want_unplaced
        ]
        matched += sum(sum(v) for v in flags.values())
        assert places["prog_conseiller_numerique"].sum() == 0  # the input is not changed
    assert matched > 50  # the samples do exercise the three rules


def test_siret_first_then_name_then_single_siren():
    places = pd.DataFrame(
        {
            "nom": ["CIAS", "Mission locale", "Autre", "Mairie"],
            "pivot": ["11111111100011", "22222222200022", "22222222200099", None],
            "dispositifs": [None, "", "France Services", None],
            "prog_conseiller_numerique": False,
            "prog_aidants_connect": False,
        }
    )
    where = pd.Series(["37072", "37072", "37011", "37072"])
    frame = pd.DataFrame(
        {
            "programme": AIDANTS_CONNECT,
            "line": [2, 3, 4, 5],
            "nom": ["ailleurs", "MISSION LOCALE", "sans lieu", "Autre chose"],
            "siret": ["11111111100011", None, "33333333300033", "22222222200077"],
            "code_current": ["37011", "37072", "37072", "37011"],
            "commune": "x",
            "code_postal": "37500",
            "adresse": "a",
            "conseillers": 0,
            "aidants": 1,
        }
    )
    got, unplaced = programmes.match_places(places, {"aidants_connect": frame}, {"37072", "37011"}, where)
    assert got["prog_aidants_connect"].tolist() == [True, True, True, False]
    assert got["dispositifs"].tolist() == [
        "Aidants Connect",
        "Aidants Connect",
        "France Services|Aidants Connect",
        None,
    ]
    assert unplaced["nom"].tolist() == ["sans lieu"]


def _cog() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "typecom": ["COM", "COMD", "COM", "COMA", "ARM", "COM"],
            "com": ["37072", "37999", "37011", "37998", "75101", "2A004"],
            "dep": ["37", "37", "37", None, "75", "2A"],
            "libelle": ["Chinon", "Saint-Louans", "Avoine", "L'Île-Bouchard", "Paris 1er", "Ajaccio"],
            "comparent": [None, "37072", None, "37011", "75056", None],
        }
    )


def test_name_index_of_a_cog_and_kept_for_the_same_content():
    index = programmes.name_index(_cog())
    assert index == {
        ("37", "chinon"): {"37072"},
        ("37", "saint louans"): {"37072"},
        ("37", "avoine"): {"37011"},
        ("37", "l ile bouchard"): {"37011"},
        ("2A", "ajaccio"): {"2A004"},
    }
    assert programmes.name_index(_cog()) is index  # same content read again: not rebuilt
    renamed = _cog()
    renamed.loc[2, "libelle"] = "Avoine-sur-Loire"
    other = programmes.name_index(renamed)
    assert other is not index and ("37", "avoine sur loire") in other and ("37", "avoine") not in other
