"""Reconciliation of commune codes across COG vintages (fixture events + the real INSEE files)."""

from __future__ import annotations

import csv
import json

import numpy as np
import pandas as pd
import pytest

from medrcvl_plugin.core.readers import cog, ifn, population
from medrcvl_plugin.core.territory import reconcile as r

CURRENT = {"98001", "99003", "99004", "99006", "99007", "75056"}


@pytest.fixture(scope="module")
def moves(fixtures):
    return r.Movements(cog.read_cog_movements(fixtures / "diagnostic" / "movements.csv"))


def test_infer_vintage_before_first_merge(moves):
    assert moves.infer_vintage(["99001", "99002", "99003", "99004", "99005", "99007"]) == "2015-01-01"
    assert moves.infer_vintage(["98001", "99003", "99004"]) >= "2022-01-01"


def test_chains_splits_suppressions_and_unknown(moves):
    xwalk, lost = r.to_current(
        ["99001", "99002", "99003", "99005", "99007", "12345", "75101"],
        moves,
        CURRENT,
        since="2016-01-01",
        source_id="test",
    )
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
    data = pd.DataFrame(
        {"code": ["99001", "99002", "99007"], "pop": [100.0, None, 50.0], "score": [2.0, 8.0, 5.0]}
    )
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
    pop_out = r.aggregate(
        pop, "code_insee", r.crosswalk(pop["code_insee"], ["75056"], movements, current), sums=["pmun"]
    )
    assert pop_out.loc["75056", "pmun"] == sum(raw_pop[a] for a in arr)


def test_shared_memos_give_the_same_crosswalks_as_fresh_indexes(fixtures):
    """A Movements reused by several crosswalks (memos of followed codes) answers like a new one."""
    path = fixtures / "diagnostic" / "movements.csv"
    shared = r.Movements(cog.read_cog_movements(path))
    codes = ["99001", "99002", "99003", "99005", "99007", "12345", "75101"]
    other = {*CURRENT, "99001"}  # another target set: its own memo
    cases = [
        (codes, CURRENT, "2016-01-01"),
        (codes[:4], CURRENT, None),
        (codes, other, "2016-01-01"),
        (codes, CURRENT, "2016-01-01"),
    ]
    for chosen, current, since in cases:
        got = r.to_current(chosen, shared, current, since=since, source_id="s")
        fresh = r.to_current(
            chosen, r.Movements(cog.read_cog_movements(path)), current, since=since, source_id="s"
        )
        pd.testing.assert_frame_equal(got[0], fresh[0])
        pd.testing.assert_frame_equal(got[1], fresh[1])
    assert len(shared._follow_memos) == 2
    assert shared.infer_vintage(codes) == r.Movements(cog.read_cog_movements(path)).infer_vintage(codes)


def test_parsed_copy_of_the_events_answers_like_a_fresh_index(fixtures, tmp_path):
    """The diagnostic keeps the events table as the parsed copy of the file (plain arrays): an index of
    the copy read back from the cache folder gives the same crosswalks and vintages as a new index."""
    from medrcvl_plugin.core.sources.cache import cached_parse, parsed_path

    path = fixtures / "diagnostic" / "movements.csv"
    first = r.Movements(cached_parse(path, cog.read_cog_movements, key="cog_mouvements", folder=tmp_path))
    codes = ["99001", "99002", "99003", "99005", "99007", "12345", "75101"]
    used = r.to_current(codes, first, CURRENT, since="2016-01-01", source_id="s")  # fills its memos
    assert parsed_path(tmp_path, path, "cog_mouvements").is_file()
    copy = cached_parse(path, cog.read_cog_movements, key="cog_mouvements", folder=tmp_path)
    pd.testing.assert_frame_equal(copy, cog.read_cog_movements(path))
    again = r.Movements(copy)
    assert not again._follow_memos  # read back, memos empty
    fresh = r.Movements(cog.read_cog_movements(path))
    for since in ("2016-01-01", None):
        got = r.to_current(codes, again, CURRENT, since=since, source_id="s")
        expected = r.to_current(codes, fresh, CURRENT, since=since, source_id="s")
        pd.testing.assert_frame_equal(got[0], expected[0])
        pd.testing.assert_frame_equal(got[1], expected[1])
    pd.testing.assert_frame_equal(
        used[0], r.to_current(codes, fresh, CURRENT, since="2016-01-01", source_id="s")[0]
    )
    assert again.infer_vintage(codes) == fresh.infer_vintage(codes)


def test_intervals_and_forward_of_the_fixture_events(moves):
    """Existence periods and chains, computed by hand from tests/fixtures/diagnostic/movements.csv."""
    assert moves.intervals("99001") == [("", "2020-01-01")]  # absorbed 99002 in 2017 (kept), renumbered 2020
    assert moves.intervals("99002") == [("", "2017-01-01")]
    assert moves.intervals("98001") == [("2020-01-01", "9999")]  # the COMD line of 2023 is not followed
    assert moves.intervals("99003") == [("", "2019-01-01"), ("2022-01-01", "9999")]  # merged, re-established
    assert moves.intervals("99004") == [] and moves.intervals("12345") == []  # always there / no events
    assert moves.intervals("99006") == [("2015-01-01", "9999")]
    assert moves.forward("99001", "2016-01-01") == (
        frozenset({"98001"}),
        [("2017-01-01", 32), ("2020-01-01", 41)],
    )
    assert moves.forward("99004", "2021-01-01") == (frozenset({"99003", "99004"}), [("2022-01-01", 21)])
    assert moves.forward("99004", "2022-01-01") == (frozenset({"99004"}), [])


def test_empty_movements_keep_current_codes_and_fold_arrondissements():
    columns = ["mod", "date_eff", "typecom_av", "com_av", "libelle_av", "typecom_ap", "com_ap", "libelle_ap"]
    empty = r.Movements(pd.DataFrame(columns=columns))
    assert empty.infer_vintage(["01001"]) == ""
    xwalk, lost = r.to_current(["01001", "75101", "x"], empty, {"01001", "75056"}, source_id="s")
    assert xwalk.values.tolist() == [["01001", "01001", "same", ""], ["75101", "75056", "plm", ""]]
    assert lost.values.tolist() == [["s", "x", "unknown_code", "not in the COG nor in its events"]]


def test_to_current_cleans_sorts_and_expands_in_place(moves):
    """Codes are deduplicated, sorted, non-text and empty values dropped; a split code gives its rows
    where it sorts, among the many codes without events."""
    many = {f"97{n:03d}" for n in range(500)}
    current = CURRENT | many
    codes = pd.Series(
        [*sorted(many, reverse=True), "99003", "", None, float("nan"), 12345, "99007", "97001"], dtype=object
    )
    xwalk, lost = r.to_current(codes, moves, current, since="2016-01-01")
    assert xwalk["code"].tolist() == [*sorted(many), "99003", "99003", "99007"]
    assert xwalk.iloc[-3:].values.tolist() == [
        ["99003", "99003", "split", "2022-01-01"],
        ["99003", "99004", "split", "2022-01-01"],
        ["99007", "99007", "same", "2021-05-01"],
    ]
    assert (xwalk["relation"].iloc[:500] == "same").all() and (xwalk["date"].iloc[:500] == "").all()
    assert list(xwalk.dtypes) == [object] * 4 and len(lost) == 0
    text = r.to_current(pd.Series(["99007", None, "97001", ""], dtype="string"), moves, current)[0]
    assert text["code"].tolist() == ["97001", "99007"] and all(type(c) is str for c in text["current"])
    # the outcome memo is keyed by the next event: another vintage before the same event agrees,
    # one after it does not
    again, _ = r.to_current(["99003"], moves, current, since="2018-06-01")
    assert again["current"].tolist() == ["99003", "99004"]
    after, _ = r.to_current(["99003"], moves, current, since="2019-06-01")
    assert after.values.tolist() == [["99003", "99003", "same", ""]]


def test_crosswalk_onto_some_current_communes_reports_the_others(moves):
    mapping = r.crosswalk(
        ["99003", "99007", "75101", "99005"],
        ["99004", "99007"],
        moves,
        CURRENT,
        source_id="src",
        source_since="2016-01-01",
    )
    assert mapping.table.values.tolist() == [
        ["99003", "99004", "split", "99004", "2022-01-01"],
        ["99007", "99007", "same", "99007", "2021-05-01"],
    ]
    assert mapping.unmatched.values.tolist() == [
        ["src", "99005", "suppressed", "commune deleted on 2018-06-01"],
        ["src", "75101", "outside_target", "current commune 75056 is not in the target"],
    ]


def _reference_values(data: pd.DataFrame, mapping, sums: list, means: list, weights) -> pd.DataFrame:
    """The aggregated values as pandas group sums and means compute them (the former implementation)."""
    joined = mapping.table.join(data.set_index("code")[sums + means], on="code", how="inner")
    w = pd.Series(weights.reindex(joined["code"]).to_numpy(dtype=float), index=joined.index)
    groups, targets = pd.factorize(joined["target"])
    out = pd.DataFrame(index=pd.Index(targets, name="target"))
    values = joined[sums].astype(float)
    total = values.groupby(groups).sum(min_count=1)
    out[sums] = total.where(~values.isna().groupby(groups).any()).to_numpy()
    values = joined[means].astype(float)
    ww = values.notna().mul(w, axis=0).where(values.notna())
    weighted = (values * ww).groupby(groups).sum(min_count=1) / ww.groupby(groups).sum(min_count=1)
    use = np.repeat(w.gt(0).groupby(groups).all().to_numpy()[:, None], len(means), axis=1)
    out[means] = weighted.where(use, values.groupby(groups).mean()).to_numpy()
    return out


def test_aggregate_equals_pandas_group_sums_bit_for_bit():
    """Single contributors and groups of up to 25 (Kahan sums, NULLs, zero/missing/negative weights)."""
    rng = np.random.default_rng(3)
    sizes = rng.choice([1, 1, 1, 2, 3, 25], size=400)
    target = np.repeat([f"t{n:04d}" for n in range(len(sizes))], sizes)
    rng.shuffle(target)
    code = np.array([f"c{n:05d}" for n in range(len(target))], dtype=object)
    table = pd.DataFrame(
        {"code": code, "target": target, "relation": "merged", "current": target, "date": ""}
    )
    pick = [0.1, 1e16, 1.0, -1e16, 3.3, float("nan"), -0.0, 7.25]
    data = pd.DataFrame(
        {
            "code": code,
            "a": rng.choice(pick, len(code)),
            "b": rng.choice(pick, len(code)),
            "n": rng.integers(0, 1000, len(code)).astype(float),
        }
    )
    weights = pd.Series(rng.choice([0.0, 3.0, float("nan"), 7.0, -1.0, 1e6, 3.0, 3.0], len(code)), index=code)
    mapping = r.Mapping(table, r.unmatched_frame())
    got = r.aggregate(data, "code", mapping, sums=["n", "a"], means=["b"], weights=weights)
    expected = _reference_values(data, mapping, ["n", "a"], ["b"], weights)
    pd.testing.assert_frame_equal(got.drop(columns="method"), expected, check_exact=True)
    naive = pd.Series(data["a"].to_numpy()).groupby(target).agg(lambda s: sum(s.tolist()))
    differs = got["a"].notna() & (got["a"] != naive.reindex(got.index))
    assert differs.any()  # the data tells Kahan from naive sums
    big = got.index[pd.Series(target).value_counts().reindex(got.index).to_numpy() == 25][0]
    assert got.loc[big, "method"].startswith("merged: mean of ") and got.loc[big, "method"].endswith(
        ", … simple mean (population weights missing)"
    )


def test_grouping_shortcuts_equal_pandas():
    """The factorisation and join shortcuts for crosswalk tables give pandas' answers (the result is
    checked, not which path computed it)."""
    from medrcvl_plugin.core.territory import grouping

    rng = np.random.default_rng(5)
    code = np.array(sorted({f"{n:05d}" for n in rng.integers(1000, 99999, 3000)}), dtype=object)
    code = np.repeat(code, rng.choice([1] * 49 + [2], len(code)))  # split codes: several rows
    target = code.copy()
    moved = rng.random(len(code)) < 0.03
    target[moved] = rng.choice(np.r_[code, np.array(["00001", "99999x"], dtype=object)], moved.sum())
    first = ~pd.Series(code).duplicated().to_numpy()  # the split codes keep one row mapped onto itself
    target[~first & (target == code)] = "00001"
    index = pd.Index(code[first])
    expected = pd.factorize(target), index.get_indexer(target)
    for got, wanted in zip(grouping.factorize_targets(code, target), expected[0]):
        np.testing.assert_array_equal(got, wanted)
    unique = code[first]
    position, rows = grouping.join_first(unique, unique.copy())
    assert rows is None and (position == np.arange(len(unique))).all()
    position, rows = grouping.join_first(code, target)  # repeated codes: the first one answers
    np.testing.assert_array_equal(
        np.where(position >= 0, rows[np.maximum(position, 0)], -1),
        np.where(expected[1] >= 0, np.flatnonzero(first)[expected[1]], -1),
    )
