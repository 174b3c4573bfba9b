"""Indicators on hand-made frames: counts, distances, references, gaps, ranks, priority flag."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from medrcvl_plugin.core.geometry import nearest
from medrcvl_plugin.core.indicators import metrics as ind


def places() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code_insee": ["A", "A", "B", None],
            "x": [0.0, 1000.0, 10000.0, np.nan],
            "y": [0.0, 0.0, 0.0, np.nan],
            "cat_epn": [True, False, False, True],
            "cat_france_services": [False, False, False, False],
            "prog_france_services": [False, True, False, False],
            "cat_bib": [False, False, True, False],
            "prog_conseiller_numerique": [True, True, False, False],
        }
    )


def test_place_counts_zero_is_real_and_missing_columns_count_false():
    out = ind.place_counts(places(), ["A", "B", "C"])
    assert out.loc["A"].to_dict() == {
        "lieux_count": 2,
        "n_epn": 1,
        "n_france_services": 1,
        "n_bib": 0,
        "n_tiers_lieu": 0,
        "n_conseiller_numerique": 2,
        "n_aidants_connect": 0,
    }
    assert out.loc["C", "lieux_count"] == 0 and out.loc["B", "n_bib"] == 1


def test_per_10k_null_without_population():
    got = ind.per_10k(pd.Series([2, 1, 3]), pd.Series([4000, 0, None]))
    assert got.iloc[0] == pytest.approx(5.0) and got.iloc[1:].isna().all()


def test_distances_nearest_any_and_france_services():
    origins = pd.DataFrame({"x": [0.0, 4000.0, np.nan], "y": [3000.0, 0.0, 0.0]}, index=["A", "B", "C"])
    out = ind.place_distances(origins, places())
    assert out.loc["A", "dist_lieu_km"] == pytest.approx(3.0)
    assert out.loc["B", "dist_lieu_km"] == pytest.approx(3.0)
    assert out.loc["A", "dist_france_services_km"] == pytest.approx(math.hypot(1, 3))
    assert np.isnan(out.loc["C", "dist_lieu_km"])
    empty = ind.place_distances(origins, places().iloc[:0])
    assert empty["dist_lieu_km"].isna().all()


def test_nearest_km_matches_brute_force():
    rng = np.random.default_rng(1)
    origins, targets = rng.uniform(0, 1e5, (500, 2)), rng.uniform(0, 1e5, (37, 2))
    got = nearest.nearest_km(origins, targets)
    brute = np.array([min(math.dist(o, t) for t in targets) for o in origins]) / 1000
    assert np.allclose(got, brute)


def national() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code_insee": ["1", "2", "3", "4"],
            "code_epci": ["E1", "E1", "E2", "E2"],
            "code_dep": ["37", "37", "37", "41"],
            "code_reg": ["24"] * 4,
            "population": [100, 300, 600, None],
            "ifn_score": [8.0, 4.0, 6.0, 9.0],
            "ifn_no_thd": [1.0] * 4,
            "ifn_no_4g": [2.0] * 4,
            "ifn_poverty": [3.0] * 4,
            "ifn_65plus": [4.0] * 4,
            "ifn_low_diploma": [5.0] * 4,
        }
    )


def test_references_weighted_and_official_epci():
    epci_file = pd.DataFrame(
        {
            "code": ["E2"],
            "ifn_score": [7.7],
            "ifn_no_thd": [1.5],
            "ifn_no_4g": [2.5],
            "ifn_poverty": [3.5],
            "ifn_65plus": [4.5],
            "ifn_low_diploma": [5.5],
        }
    )
    refs = ind.references(national(), epci_file, names={"epci": {"E1": "Un"}}).set_index(["level", "code"])
    assert refs.loc[("departement", "37"), "ifn_score"] == pytest.approx((800 + 1200 + 3600) / 1000)
    assert refs.loc[("france", "FR"), "population"] == 1000  # no population -> left out of the mean
    assert refs.loc[("epci", "E1"), "ifn_score"] == pytest.approx(5.0)
    assert refs.loc[("epci", "E1"), "nom"] == "Un"
    assert refs.loc[("epci", "E2"), "ifn_score"] == 7.7
    assert refs.loc[("epci", "E2"), "method"] == "IFN EPCI file"
    communes = ind.add_references(national(), refs.reset_index())
    assert communes.loc[0, "gap_epci_ifn"] == pytest.approx(3.0)
    assert communes.loc[2, "gap_dep_ifn"] == pytest.approx(6.0 - 5.6)


def test_ranks_most_fragile_first_and_priority():
    nat = national()
    assert ind.ranks(nat, "code_dep").tolist() == [1.0, 3.0, 2.0, 1.0]
    flag = ind.priority(pd.Series([7.0, 7.0, 5.0, None]), pd.Series([6.0, 2.0, 9.0, 9.0]))
    assert flag.iloc[:3].tolist() == [1, 0, 0] and pd.isna(flag.iloc[3])
    assert ind.priority(pd.Series([7.0]), pd.Series([None]), distance_km=5).tolist() == [1]
    assert ind.priority(pd.Series([7.0]), pd.Series([6.0]), ifn_threshold=7.5).tolist() == [0]


def test_nearest_km_is_exact_at_every_scale():
    rng = np.random.default_rng(2)
    clustered = np.vstack([rng.normal(5e5, 3e3, (40, 2)), rng.uniform(-1e6, 2e6, (10, 2))])
    for origins, targets in (
        (rng.uniform(0, 1e6, (300, 2)), rng.uniform(0, 1e6, (50, 2))),
        (rng.uniform(-1e6, 2e6, (400, 2)), clustered),
        (rng.uniform(0, 1e4, (50, 2)), np.array([[9e6, 9e6]])),
    ):
        origins[3] = np.nan
        got = nearest.nearest_km(origins, targets)
        brute = np.sqrt(((origins[:, None, :] - targets[None, :, :]) ** 2).sum(axis=2)).min(axis=1) / 1000
        assert np.isnan(got[3]) and np.array_equal(np.delete(got, 3), np.delete(brute, 3))
    assert np.isnan(nearest.nearest_km(np.zeros((2, 2)), np.empty((0, 2)))).all()


def test_nearest_km_subsets_match_brute_force_per_subset():
    rng = np.random.default_rng(3)
    origins = np.vstack([rng.uniform(0, 3e5, (400, 2)), rng.uniform(8e6, 8.1e6, (20, 2))])  # a far cluster
    targets = np.vstack([rng.uniform(0, 3e5, (60, 2)), [[np.nan, 1.0]], rng.uniform(8e6, 8.1e6, (3, 2))])
    some = rng.random(len(targets)) < 0.3
    subsets = [np.ones(len(targets), dtype=bool), some, np.zeros(len(targets), dtype=bool)]
    got = nearest.nearest_km_subsets(origins, targets, subsets)
    assert got.shape == (3, len(origins)) and np.isnan(got[2]).all()
    for row, subset in zip(got[:2], subsets[:2]):
        chosen = targets[subset & np.isfinite(targets).all(axis=1)]
        brute = np.sqrt(((origins[:, None, :] - chosen[None, :, :]) ** 2).sum(axis=2)).min(axis=1) / 1000
        assert np.array_equal(row, brute)
    assert np.array_equal(got[0], nearest.nearest_km(origins, targets))


def test_place_distances_france_services_subset_and_object_flags():
    origins = pd.DataFrame({"x": [0.0, 50000.0], "y": [0.0, 0.0]}, index=["A", "B"])
    lieux = pd.DataFrame(
        {
            "x": [1000.0, 40000.0, np.nan],
            "y": [0.0, 0.0, 0.0],
            "cat_france_services": [None, True, True],
            "prog_france_services": [False, None, True],
        }
    )
    out = ind.place_distances(origins, lieux)
    assert out["dist_lieu_km"].tolist() == [1.0, 10.0]
    assert out["dist_france_services_km"].tolist() == [40.0, 10.0]  # the place without x/y is left out
    counts = ind.place_counts(lieux.assign(code_insee=["A", "A", "B"]), pd.Series(["A", "B"]))
    assert counts["n_france_services"].tolist() == [1, 1] and counts.index.name == "code_insee"


def test_weighted_means_missing_keys_and_add_references_on_duplicate_index():
    nat = national()
    nat.loc[1, "code_epci"] = None
    means = ind.weighted_means(nat, "code_epci")
    assert list(means.index) == ["E1", "E2"] and means.loc["E1", "ifn_score"] == 8.0
    assert means.loc["E2", "population"] == 600 and means.loc["E2", "ifn_score"] == 6.0
    refs = ind.references(nat)
    assert refs["nom"].isna().all()
    twice = pd.concat([nat, nat])  # duplicate index: columns set one by one
    out = ind.add_references(twice, refs)
    assert out["ref_france_ifn"].tolist() == [refs.loc[refs["level"] == "france", "ifn_score"].iloc[0]] * 8
    assert pd.isna(out["ref_epci_ifn"].iloc[1]) and out["gap_epci_ifn"].iloc[0] == 0.0


def test_priority_keeps_index_and_name_and_counts_a_missing_distance_as_far():
    index = ["a", "b", "c"]
    flag = ind.priority(
        pd.Series([7.0, None, 6.0], index=index, name="s"), pd.Series([None, 1.0, 1.0], index=index, name="s")
    )
    assert flag.name == "s" and list(flag.index) == index and str(flag.dtype) == "Int64"
    assert flag.iloc[0] == 1 and pd.isna(flag.iloc[1]) and flag.iloc[2] == 0
