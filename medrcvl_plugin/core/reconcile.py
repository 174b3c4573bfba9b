"""Bring commune-level datasets of different COG vintages to one target set of commune codes.

Events come from the INSEE ``mouvements-communes.csv`` (``cog.read_cog_movements``). Only the
COM → COM side of each event is followed (merges MOD 31/32/33/34, code changes 41/50,
rétablissements 21 which split a commune, creations 20, suppressions 30); delegated/associated
communes (COMD/COMA) are not statistical units. Chains are followed over time from the vintage of
the data (given, or inferred from the codes themselves). Paris/Lyon/Marseille arrondissements
(ARM, e.g. 75101) fold into their commune (75056, 69123, 13055) unless the target holds them.

Aggregation onto a target commune (documented in the ``method`` text of each row):
sums for counts and populations (NULL when a contributor is missing), population-weighted mean
for scores (simple mean when a contributor has no weight), the value repeated on each former
commune when the target is older than the data ("keep" mode, flagged). Every code that cannot be
matched is returned in an ``unmatched`` table (source_id, code, reason, detail).
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

import numpy as np
import pandas as pd

log = logging.getLogger(__name__)

UNMATCHED_COLUMNS = ["source_id", "code", "reason", "detail"]
XWALK_COLUMNS = ["code", "current", "relation", "date"]
#: PLM communes and the ranges of their arrondissement codes
PLM = {"75056": ("75101", "75120"), "69123": ("69381", "69389"), "13055": ("13201", "13216")}


def plm_parent(code: str) -> str | None:
    """The PLM commune of an arrondissement code (75101 -> 75056), else None."""
    if code[:2] not in ("75", "69", "13"):
        return None
    for parent, (low, high) in PLM.items():
        if low <= code <= high:
            return parent
    return None


def unmatched_frame(rows: Iterable[tuple] = ()) -> pd.DataFrame:
    """An ``unmatched_codes`` table from (source_id, code, reason, detail) tuples."""
    return pd.DataFrame(list(rows), columns=UNMATCHED_COLUMNS, dtype=object)


class Movements:
    """The COM → COM successors of each code, by date, for chain following."""

    def __init__(self, movements: pd.DataFrame) -> None:
        """Index ``read_cog_movements`` output (empty frame allowed)."""
        m = movements
        av_com = m["typecom_av"].eq("COM") | m["typecom_av"].isna()
        ap_com = m["typecom_ap"].eq("COM") | m["typecom_ap"].isna()
        edges = m[av_com & ap_com & (m["com_av"].notna() | m["com_ap"].notna())]
        self.succ: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
        self.appear: dict[str, list[str]] = defaultdict(list)
        self.mods: dict[tuple[str, str], int] = {}
        by_date_av: dict[str, set] = defaultdict(set)
        for date, av in zip(edges["date_eff"], edges["com_av"]):
            if isinstance(av, str):
                by_date_av[date].add(av)
        for mod, date, av, ap in zip(edges["mod"], edges["date_eff"], edges["com_av"], edges["com_ap"]):
            if isinstance(av, str):
                bucket = self.succ[av][date]
                if isinstance(ap, str):
                    bucket.add(ap)
                self.mods[(av, date)] = max(int(mod), self.mods.get((av, date), 0))
            if isinstance(ap, str) and ap not in by_date_av[date]:
                self.appear[ap].append(date)
        self.dates = {code: sorted(events) for code, events in self.succ.items()}
        self.all_dates = sorted(set(edges["date_eff"]))
        # memos shared by every crosswalk of a run (pure functions of the events)
        self._intervals: dict[str, list[tuple[str, str]]] = {}
        self.forward_memo: dict[tuple[str, str], tuple[frozenset, list]] = {}
        self.event_codes = frozenset(self.dates) | frozenset(self.appear)
        self._follow_memos: dict[int, tuple[set, dict]] = {}

    def follow_memo(self, current: set) -> dict:
        """The memo of ``_follow`` outcomes for one target set (kept while that set object lives)."""
        entry = self._follow_memos.get(id(current))
        if entry is None or entry[0] is not current:
            if len(self._follow_memos) > 8:
                self._follow_memos.clear()
            entry = self._follow_memos[id(current)] = (current, {})
        return entry[1]

    def intervals(self, code: str) -> list[tuple[str, str]]:
        """Periods [after events of start, after events of end) when ``code`` is a commune."""
        known = self._intervals.get(code)
        if known is None:
            known = self._intervals[code] = self._compute_intervals(code)
        return known

    def _compute_intervals(self, code: str) -> list[tuple[str, str]]:
        """``intervals`` without the memo."""
        outs = [(d, 0) for d in self.dates.get(code, ()) if code not in self.succ[code][d]]
        events = sorted(outs + [(d, 1) for d in self.appear.get(code, ())])
        periods, start = [], ("" if events and events[0][1] == 0 else None)
        for when, kind in events:
            if kind == 1 and start is None:
                start = when
            elif kind == 0 and start is not None:
                periods.append((start, when))
                start = None
        if start is not None:
            periods.append((start, "9999"))
        return periods

    def infer_vintage(self, codes: Iterable[str]) -> str:
        """The latest event date after which the most of ``codes`` existed together ("" = before all)."""
        delta: dict[str, int] = defaultdict(int)
        for code in self.event_codes.intersection(codes):
            for start, end in self.intervals(code):
                delta[start] += 1
                delta[end] -= 1
        best, best_score, score, plateau_end = "", 0, 0, "9999"
        dates = sorted(delta)
        for position, date in enumerate(dates):
            score += delta[date]
            if score >= best_score and date != "9999":
                best, best_score = date, score
                plateau_end = dates[position + 1] if position + 1 < len(dates) else "9999"
        # the latest event date of the plateau: events inside it did not touch these codes
        position = bisect_right(self.all_dates, plateau_end) - 1
        while position >= 0 and self.all_dates[position] >= plateau_end:
            position -= 1
        return max(best, self.all_dates[position]) if position >= 0 else best

    def forward(self, code: str, since: str, _memo: dict | None = None) -> tuple[frozenset, list]:
        """Current codes of ``code`` following events dated after ``since``, and the events used."""
        memo = {} if _memo is None else _memo
        key = (code, since)
        if key in memo:
            return memo[key]
        dates = self.dates.get(code, [])
        position = bisect_right(dates, since)
        if position >= len(dates):
            result = (frozenset([code]), [])
        else:
            date = dates[position]
            targets: set = set()
            trail = [(date, self.mods.get((code, date), 0))]
            for successor in sorted(self.succ[code][date]):
                sub, sub_trail = self.forward(successor, date, memo)
                targets |= sub
                trail += sub_trail
            result = (frozenset(targets), trail)
        memo[key] = result
        return result


def _follow(code: str, movements: Movements, current: set, since: str, memo: dict) -> tuple[list, tuple]:
    """(crosswalk rows, ()) or ([], (reason, detail)) of one code that has events."""
    targets, trail = movements.forward(code, since, memo)
    last = max((d for d, _ in trail), default="")
    alive = sorted(t for t in targets if t in current)
    if not alive:
        if not targets:
            return [], ("suppressed", f"commune deleted on {last}")
        if trail:
            return [], ("not_in_target", f"became {', '.join(sorted(targets))} on {last}, not in the target")
        return [], ("unknown_code", "not in the COG nor in its events")
    if len(alive) > 1:
        relation = "split"
    elif alive[0] != code:
        relation = "changed"
    else:
        relation = "merged" if trail else "same"
    return [(code, target, relation, last) for target in alive], ()


def to_current(codes: Iterable[str], movements: Movements, current: set, *, since: str | None = None,
               source_id: str = "", keep: Iterable[str] = ()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Crosswalk ``codes`` (one vintage) to ``current`` codes -> (xwalk[code, current, relation, date],
    unmatched).

    ``relation``: same, changed (code change or merged into another code), merged (absorbed others),
    split (rétablissement: one old code, several current), plm (arrondissement folded).
    ``keep``: codes kept as they are (e.g. arrondissements when the target holds them).
    """
    codes = sorted({str(c) for c in codes if isinstance(c, str) and c})
    keep = set(keep)
    if since is None:
        since = movements.infer_vintage([c for c in codes if c[:2] not in ("75", "69", "13")
                                         or plm_parent(c) is None])
    rows, lost, memo = [], [], movements.forward_memo
    followed = movements.follow_memo(current)  # outcomes shared by the crosswalks of a run
    dates, append = movements.dates, rows.append
    for code in codes:
        if code in keep:
            append((code, code, "same", ""))
        elif code not in dates:
            parent = plm_parent(code) if code[:2] in ("75", "69", "13") else None
            if parent is not None:
                append((code, parent, "plm", ""))
            elif code in current:
                append((code, code, "same", ""))
            else:
                lost.append((source_id, code, "unknown_code", "not in the COG nor in its events"))
        else:
            outcome = followed.get((code, since))
            if outcome is None:
                outcome = followed[(code, since)] = _follow(code, movements, current, since, memo)
            if outcome[0]:
                rows.extend(outcome[0])
            else:
                lost.append((source_id, code, *outcome[1]))
    xwalk = pd.DataFrame(rows, columns=XWALK_COLUMNS, dtype=object)
    # a code whose own events only kept it (name change, absorbing others) is "same" unless others join
    joined = xwalk.groupby("current")["code"].transform("size")
    xwalk.loc[(xwalk["relation"] == "merged") & (joined == 1), "relation"] = "same"
    return xwalk, unmatched_frame(lost)


@dataclass
class Mapping:
    """Source codes → target codes, with the kind of link of each pair."""

    table: pd.DataFrame  # code (source), target, relation ("same"...,"repeated"), date
    unmatched: pd.DataFrame


def crosswalk(source_codes: Iterable[str], target_codes: Iterable[str], movements: Movements,
              current: set, *, source_id: str = "", source_since: str | None = None,
              target_since: str | None = None) -> Mapping:
    """Map dataset codes to target codes through the current COG (both may be of any vintage).

    A source code equal to a target code with the same current commune is linked directly; else
    through the current commune: several sources → one target are aggregated; one current →
    several (older) targets gives ``relation = "repeated"`` (value of the current commune).
    """
    target_codes = sorted({str(c) for c in target_codes})
    arm = {c for c in target_codes if plm_parent(c)}
    src, lost = to_current(source_codes, movements, current, since=source_since, source_id=source_id,
                           keep=arm)
    if all(c in current or c in arm for c in target_codes):  # a current target: identity
        # each current commune is its own (single) target: the pairs are the rows whose current
        # commune is a target (the general path below gives the same rows in the same order)
        pairs = src[src["current"].isin(set(target_codes))]
        table = pd.DataFrame({"code": pairs["code"], "target": pairs["current"],
                              "relation": pairs["relation"], "current": pairs["current"],
                              "date": pairs["date"]}).reset_index(drop=True)
        return Mapping(table, _with_orphans(src, table, lost, source_id))
    tgt, tgt_lost = to_current(target_codes, movements, current | arm, since=target_since, keep=arm)
    if len(tgt_lost):
        log.warning("%d target code(s) have no current commune: %s", len(tgt_lost),
                    ", ".join(tgt_lost["code"].head(10)))
    pairs = src.merge(tgt, on="current", suffixes=("", "_t"))
    per_current = tgt.groupby("current")["code"].nunique()
    shared = pairs["current"].map(per_current).gt(1)  # target older than current: several share one
    direct = pairs["code"] == pairs["code_t"]
    has_direct = pairs.loc[direct & shared, "code_t"].unique()
    # a former commune present in both the data and the target keeps its own value
    keep_pair = ~shared | direct | ~pairs["code_t"].isin(has_direct)
    pairs, shared, direct = pairs[keep_pair], shared[keep_pair], direct[keep_pair]
    repeated = shared & ~direct
    relation = pairs["relation"].where(~repeated, "repeated")
    table = pd.DataFrame({"code": pairs["code"], "target": pairs["code_t"], "relation": relation,
                          "current": pairs["current"], "date": pairs["date"]}).reset_index(drop=True)
    return Mapping(table, _with_orphans(src, table, lost, source_id))


def _with_orphans(src: pd.DataFrame, table: pd.DataFrame, lost: pd.DataFrame, source_id: str
                  ) -> pd.DataFrame:
    """``lost`` plus the source codes that reached no target (``outside_target``)."""
    orphans = src[~src["code"].isin(set(table["code"]))]
    extra = unmatched_frame((source_id, c, "outside_target", f"current commune {cur} is not in the target")
                            for c, cur in zip(orphans["code"], orphans["current"]))
    return pd.concat([lost, extra], ignore_index=True)


def _join_codes(codes: list[str]) -> str:
    """``a, b, c`` with a cap."""
    return ", ".join(codes[:12]) + (", …" if len(codes) > 12 else "")


def aggregate(frame: pd.DataFrame, code_column: str, mapping: Mapping, *, sums: Iterable[str] = (),
              means: Iterable[str] = (), weights: pd.Series | None = None,
              weight_name: str = "population") -> pd.DataFrame:
    """Values of ``frame`` on the target codes -> df indexed by target with the columns + ``method``.

    ``sums``: summed (NULL if a contributor is NULL); ``means``: mean weighted by ``weights``
    (Series indexed by source code), simple mean when a contributor has no weight.
    """
    sums, means = list(sums), list(means)
    data = frame.set_index(code_column)[sums + means]
    data = data[~data.index.duplicated()]
    table = mapping.table
    joined = table.join(data, on="code", how="inner")
    joined["_w"] = (weights.reindex(joined["code"]).to_numpy(dtype=float) if weights is not None
                    else float("nan"))
    key = joined["target"]
    groups, targets = pd.factorize(key)  # integer groups in order of appearance (no string sorts)
    size = pd.Series(np.bincount(groups, minlength=len(targets))[groups], index=joined.index)
    out = pd.DataFrame(index=pd.Index(targets, name="target"))
    if sums:
        values = joined[sums].astype(float)
        total = values.groupby(groups).sum(min_count=1)
        missing = values.isna().groupby(groups).any()
        out[sums] = total.where(~missing).to_numpy()
    w = joined["_w"]
    weighted_ok = pd.Series(w.gt(0).groupby(groups).all().to_numpy(), index=out.index)
    if means:
        values = joined[means].astype(float)
        ww = values.notna().mul(w, axis=0).where(values.notna())
        weighted = ((values * ww).groupby(groups).sum(min_count=1) / ww.groupby(groups).sum(min_count=1))
        simple = values.groupby(groups).mean()
        use_weights = np.repeat(weighted_ok.to_numpy()[:, None], len(means), axis=1)
        out[means] = weighted.where(use_weights, simple).to_numpy()
    single = joined[size.eq(1)]
    method = pd.Series(SINGLE_METHOD["same"], index=single["target"])
    for relation, text in SINGLE_METHOD.items():
        pick = (single["relation"] == relation).to_numpy()
        method[pick] = [text.format(code=c, current=cur, date=d) for c, cur, d in
                        zip(single["code"][pick], single["current"][pick], single["date"][pick])]
    multi = joined[size.gt(1)]
    extra = {t: _method(g, bool(weighted_ok.get(t, False)), weight_name) for t, g in multi.groupby("target")}
    out["method"] = pd.concat([method, pd.Series(extra, dtype=object)]).reindex(out.index)
    return out


SINGLE_METHOD = {
    "same": "direct", "merged": "direct",
    "changed": "former code {code} ({date})",
    "plm": "PLM: arrondissement {code}",
    "split": "split: value of former commune {code} (rétablissement {date})",
    "repeated": "repeated: value of current commune {current}",
}


def _method(group: pd.DataFrame, weighted: bool, weight_name: str) -> str:
    """The ``method`` text of a target fed by several codes (merge or PLM arrondissements)."""
    codes = sorted(group["code"])
    how = f"weighted by {weight_name}" if weighted else f"simple mean ({weight_name} weights missing)"
    kind = "PLM" if set(group["relation"]) == {"plm"} else "merged"
    return f"{kind}: mean of {_join_codes(codes)} {how}"
