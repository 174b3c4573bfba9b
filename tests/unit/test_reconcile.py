"""Reconciliation of commune codes across COG vintages (fixture events + the real INSEE files)."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

from medrcvl_plugin.core import reconcile as r
from medrcvl_plugin.core.readers import cog, ifn, population

CURRENT = {"98001", "99003", "99004", "99006", "99007", "75056"}


@pytest.fixture(scope="module")
def moves(fixtures):
    return r.Movements(cog.read_cog_movements(fixtures / "diagnostic" / "movements.csv"))


def test_infer_vintage_before_first_merge(moves):
    assert moves.infer_vintage(["99001", "99002", "99003", "99004", "99005", "99007"]) == "2015-01-01"
    assert moves.infer_vintage(["98001", "99003", "99004"]) >= "2022-01-01"


def test_chains_splits_suppressions_and_unknown(moves):
    xwalk, lost = r.to_current(["99001", "99002", "99003", "99005", "99007", "12345", "75101"],
                               moves, CURRENT, since="2016-01-01", source_id="test")
    got = {(c, t): rel for c, t, rel in zip(xwalk["code"], xwalk["current"], xwalk["relation"])}
    assert got[("99001", "98001")] == "changed"  # merged 2017 then code change 2020
    assert got[("99002", "98001")] == "changed"
    assert got[("99003", "99003")] == "split" and got[("99003", "99004")] == "split"
    assert got[("99007", "99007")] == "same"  # a name change keeps the code
    assert got[("75101", "75056")] == "plm"
    reasons = dict(zip(lost["code"], lost["reason"]))
    assert reasons == {"99005": "suppressed", "12345": "unknown_code"}
    assert set(lost["source_id"]) == {"test"}


def test_aggregate_sums_means_and_methods(moves):
    data = pd.DataFrame({"code": ["99001", "99002", "99007"], "pop": [100.0, None, 50.0],
                         "score": [2.0, 8.0, 5.0]})
    mapping = r.crosswalk(data["code"], ["98001", "99007"], moves, CURRENT, source_since="2016-01-01")
    weights = pd.Series({"99001": 300.0, "99002": 100.0})
    out = r.aggregate(data, "code", mapping, sums=["pop"], means=["score"], weights=weights)
    assert pd.isna(out.loc["98001", "pop"])  # a missing contributor makes the sum unknown, never 0
    assert out.loc["98001", "score"] == pytest.approx((2 * 300 + 8 * 100) / 400)
    assert out.loc["98001", "method"] == "merged: mean of 99001, 99002 weighted by population"
    assert out.loc["99007", "method"] == "direct" and out.loc["99007", "pop"] == 50
    out = r.aggregate(data, "code", mapping, means=["score"], weights=pd.Series({"99001": 1.0}))
    assert out.loc["98001", "score"] == pytest.approx(5.0)
    assert "weights missing" in out.loc["98001", "method"]


@pytest.fixture(scope="module")
def real(shared_data):
    movements = r.Movements(cog.read_cog_movements(shared_data / "cog" / "mouvements-communes.csv"))
    communes = cog.read_cog_communes(shared_data / "cog" / "communes.csv")
    current = set(communes.loc[communes["typecom"] == "COM", "com"])
    ifn_frame = ifn.read_ifn(shared_data / "ifn" / "ifn-city-all-variation.csv")
    pop = population.read_population(shared_data / "population" / "donnees_communes.csv")
    with open(shared_data / "communes" / "communes-37-indre-et-loire-2016.geojson", encoding="utf-8") as fh:
        codes_2016 = [f["properties"]["code"] for f in json.load(fh)["features"]]
    with open(shared_data / "ifn" / "ifn-city-all-variation.csv", encoding="utf-8") as fh:
        raw_ifn = {row["code"]: row for row in csv.DictReader(fh)}
    with open(shared_data / "population" / "donnees_communes.csv", encoding="utf-8") as fh:
        raw_pop = {row["COM"]: int(row["PMUN"]) for row in csv.DictReader(fh, delimiter=";")}
    return movements, current, ifn_frame, pop, codes_2016, raw_ifn, raw_pop


@pytest.mark.realdata
def test_2016_geometries_dissolve_to_current(real):
    movements, current, _, _, codes_2016, _, _ = real
    assert movements.infer_vintage(codes_2016) < "2017-01-01"
    xwalk, lost = r.to_current(codes_2016, movements, current)
    members = xwalk.groupby("current")["code"].apply(lambda s: sorted(s)).to_dict()
    assert members["37232"] == ["37120", "37227", "37232"]  # Coteaux-sur-Loire
    assert members["37021"] == ["37021", "37135"]  # Beaumont-Louestault
    assert members["37123"] == ["37102", "37123"]  # Langeais absorbed Les Essards
    assert members["37254"] == ["37209", "37254"]  # Tauxigny-Saint-Bauld
    assert len(lost) == 0 and xwalk["current"].nunique() == 272


@pytest.mark.realdata
def test_keep_old_geometries_repeats_current_value(real):
    movements, current, ifn_frame, _, codes_2016, raw_ifn, _ = real
    mapping = r.crosswalk(ifn_frame["code"], codes_2016, movements, current, source_id="ifn_communes")
    out = r.aggregate(ifn_frame, "code", mapping, means=["ifn_score"])
    coteaux = float(raw_ifn["37232"]["total"])
    for former in ("37120", "37227"):
        assert out.loc[former, "ifn_score"] == pytest.approx(coteaux)
        assert out.loc[former, "method"] == "repeated: value of current commune 37232"
    assert out.loc["37232", "method"] == "direct"
    assert out.loc["37004", "ifn_score"] == pytest.approx(float(raw_ifn["37004"]["total"]))
    outside = mapping.unmatched[mapping.unmatched["reason"] == "outside_target"]
    assert "01001" in set(outside["code"])  # reported, not silently dropped


@pytest.mark.realdata
def test_ifn_2021_codes_merged_after_2021(real):
    movements, current, ifn_frame, pop, _, raw_ifn, _ = real
    weights = pop.set_index("code_insee")["pmun"]
    mapping = r.crosswalk(ifn_frame["code"], current, movements, current, source_id="ifn_communes")
    out = r.aggregate(ifn_frame, "code", mapping, means=["ifn_score", "ifn_poverty"], weights=weights)
    # Pargny-et-Filain 02589 <- 02311 Filain + 02589 Pargny-Filain (MOD 32, 2025-01-01)
    expected = (float(raw_ifn["02311"]["total"]) + float(raw_ifn["02589"]["total"])) / 2
    assert out.loc["02589", "ifn_score"] == pytest.approx(expected)
    assert out.loc["02589", "method"].startswith("merged: mean of 02311, 02589 simple mean")
    assert "02311" not in out.index and len(mapping.unmatched) == 0


@pytest.mark.realdata
def test_paris_arrondissements_fold_weighted_by_population(real):
    movements, current, ifn_frame, pop, _, raw_ifn, raw_pop = real
    weights = pop.set_index("code_insee")["pmun"]
    mapping = r.crosswalk(ifn_frame["code"], ["75056", "13055"], movements, current)
    out = r.aggregate(ifn_frame, "code", mapping, means=["ifn_score"], weights=weights)
    arr = [f"751{n:02d}" for n in range(1, 21)]
    expected = sum(float(raw_ifn[a]["total"]) * raw_pop[a] for a in arr) / sum(raw_pop[a] for a in arr)
    assert out.loc["75056", "ifn_score"] == pytest.approx(expected)
    assert out.loc["75056", "method"].startswith("PLM: mean of 75101, 75102")
    assert out.loc["75056", "method"].endswith("weighted by population")
    pop_out = r.aggregate(pop, "code_insee", r.crosswalk(pop["code_insee"], ["75056"], movements, current),
                          sums=["pmun"])
    assert pop_out.loc["75056", "pmun"] == sum(raw_pop[a] for a in arr)


def test_shared_memos_give_the_same_crosswalks_as_fresh_indexes(fixtures):
    """A Movements reused by several crosswalks (memos of followed codes) answers like a new one."""
    path = fixtures / "diagnostic" / "movements.csv"
    shared = r.Movements(cog.read_cog_movements(path))
    codes = ["99001", "99002", "99003", "99005", "99007", "12345", "75101"]
    other = {*CURRENT, "99001"}  # another target set: its own memo
    cases = [(codes, CURRENT, "2016-01-01"), (codes[:4], CURRENT, None), (codes, other, "2016-01-01"),
             (codes, CURRENT, "2016-01-01")]
    for chosen, current, since in cases:
        got = r.to_current(chosen, shared, current, since=since, source_id="s")
        fresh = r.to_current(chosen, r.Movements(cog.read_cog_movements(path)), current, since=since,
                             source_id="s")
        pd.testing.assert_frame_equal(got[0], fresh[0])
        pd.testing.assert_frame_equal(got[1], fresh[1])
    assert len(shared._follow_memos) == 2
    assert shared.infer_vintage(codes) == r.Movements(cog.read_cog_movements(path)).infer_vintage(codes)
