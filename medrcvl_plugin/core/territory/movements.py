"""The COM → COM events of the INSEE ``mouvements-communes.csv``, indexed for chain following.

Built with numpy from ``cog.read_cog_movements`` output: codes and dates are factorised once (sorted,
so integer order is text order); the events of each code are slices of arrays sorted by (code,
date, successor), expanded only for the codes that are followed; the existence periods of every
code (to infer the vintage of a set of codes) are computed in one vectorised pass. Used by
``reconcile``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

#: the bounds of the existence periods: before every event, after every event
BEFORE, AFTER = "", "9999"
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


def _run_starts(*arrays: np.ndarray) -> np.ndarray:
    """True where a run of equal (tuples of) values starts."""
    size = len(arrays[0])
    starts = np.zeros(size, dtype=bool)
    if size:
        starts[0] = True
        for values in arrays:
            starts[1:] |= values[1:] != values[:-1]
    return starts


def _factorize(values: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """(integer ids, -1 for nulls; the distinct values sorted): id order is text order."""
    ids, uniques = pd.factorize(values)
    names = uniques.tolist()
    order = sorted(range(len(names)), key=names.__getitem__)
    rank = np.empty(len(names) + 1, dtype=np.int64)
    rank[order], rank[-1] = np.arange(len(names)), -1
    return rank[ids], [names[i] for i in order]


class Movements:
    """The COM → COM successors of each code, by date, for chain following."""

    def __init__(self, movements: pd.DataFrame) -> None:
        """Index ``read_cog_movements`` output (empty frame allowed)."""
        m = movements
        tav, tap, av, ap = (
            m[c].to_numpy(dtype=object) for c in ("typecom_av", "typecom_ap", "com_av", "com_ap")
        )
        has_av, has_ap = ~pd.isna(av), ~pd.isna(ap)
        rows = ((tav == "COM") | pd.isna(tav)) & ((tap == "COM") | pd.isna(tap)) & (has_av | has_ap)
        ids, codes = pd.factorize(np.concatenate([av[rows], ap[rows]]))  # (ids in no text order)
        self._codes: list[str] = codes.tolist()
        day, self.all_dates = _factorize(m["date_eff"].to_numpy(dtype=object)[rows])
        mods = m["mod"].to_numpy()[rows].astype(np.int64)
        codes = np.array([*self._codes, None], dtype=object)  # codes[-1]: no code
        n, nd = int(rows.sum()), max(len(self.all_dates), 1)
        a, b = ids[:n].astype(np.int64), ids[n:].astype(np.int64)
        # the "before" side sorted by (code, date, successor): the rows of a code are contiguous
        keys = a[a >= 0] * nd + day[a >= 0]
        order = np.argsort(keys * (len(codes) + 1) + b[a >= 0] + 1, kind="stable")
        sorted_keys, succ = keys[order], b[a >= 0][order]
        owner = sorted_keys // nd
        starts = np.flatnonzero(_run_starts(owner))
        stops = np.append(starts[1:], len(owner)).astype(np.int64)[: len(starts)]
        self._dated = codes[owner[starts]]
        self._slices = dict(zip(self._dated.tolist(), range(len(starts))))
        self._spans = starts.tolist(), stops.tolist()
        self._last = sorted_keys[stops - 1] % nd  # the position of the last date of each dated code
        dates = np.array([*self.all_dates, None], dtype=object)
        self._rows = (dates[sorted_keys % nd].tolist(), codes[succ].tolist(), mods[a >= 0][order].tolist())
        self._nd = nd
        self._events_memo: dict[str, tuple[list[str], dict[str, tuple[str, ...]], dict[str, int]]] = {}
        self._active_memo: dict = {}
        self._periods(sorted_keys, (a[a >= 0] == b[a >= 0])[order], b, day, nd)
        self.event_codes = frozenset(self._slices) | frozenset(codes[self._appear_ids].tolist())
        self._ids = dict(zip(self._codes, range(len(self._codes))))
        # memos shared by every crosswalk of a run (pure functions of the events)
        self.forward_memo: dict[tuple[str, str], tuple[frozenset, list]] = {}
        self._follow_memos: dict[int, tuple[set, dict]] = {}
        self._targets: dict[int, tuple[object, int, Any]] = {}

    def _periods(self, keys: np.ndarray, stays: np.ndarray, b: np.ndarray, day: np.ndarray, nd: int) -> None:
        """The existence periods of every code, as arrays (code id, start, end) of date positions, from
        the sorted (code, date) keys of the "before" side and whether each such row keeps its code."""
        firsts = np.flatnonzero(_run_starts(keys))
        keys = keys[firsts]  # the distinct (code, date) of the "before" side, sorted
        # the code left on that date when no successor is itself
        outs = keys[np.logical_or.reduceat(stays, firsts) == 0] if len(keys) else keys
        born = b[b >= 0] * nd + day[b >= 0]
        place = np.minimum(np.searchsorted(keys, born), max(len(keys) - 1, 0))
        appears = born[keys[place] != born] if len(keys) else born  # on a date without own event
        self._appear_ids = np.unique(appears // nd)
        events = np.unique(np.concatenate([outs * 2, appears * 2 + 1]))
        code, when, kind = events // 2 // nd, events // 2 % nd, events % 2
        # the state (alive or not) only changes at the first event of a run of the same kind
        change = _run_starts(code, kind)
        code, when, kind = code[change], when[change], kind[change]
        first = _run_starts(code)
        has_next = np.append(~first[1:], False)[: len(code)]
        following = np.append(when[1:], 0)[: len(code)]
        starts = kind == 1
        # date positions shifted by one: 0 = before all events, nd + 1 = after all events
        self._iv_code = code[starts | first]
        self._iv_start = np.where(starts, when + 1, 0)[starts | first]
        self._iv_end = np.where(starts, np.where(has_next, following + 1, nd + 1), when + 1)[starts | first]
        self._labels = [BEFORE, *self.all_dates, AFTER]

    def follow_memo(self, current: set) -> dict:
        """The memo of ``_follow`` outcomes for one target set (kept while that set object lives)."""
        entry = self._follow_memos.get(id(current))
        if entry is None or entry[0] is not current:
            if len(self._follow_memos) > 8:
                self._follow_memos.clear()
            entry = self._follow_memos[id(current)] = (current, {})
        return entry[1]

    def target_set(self, codes: Iterable) -> set | frozenset:
        """The text codes of ``codes`` (``codes`` itself for a set of text; memoised per set object)."""
        if not isinstance(codes, (set, frozenset)):
            return {str(c) for c in codes}
        entry = self._targets.get(id(codes))
        if entry is None or entry[0] is not codes or entry[1] != len(codes):
            text = codes if set(map(type, codes)) <= {str} else {str(c) for c in codes}
            if len(self._targets) > 8:
                self._targets.clear()
            entry = (codes, len(codes), text)
            self._targets[id(codes)] = entry
        return entry[2]

    def dated(self, code: str) -> bool:
        """Whether ``code`` has events of its own (as the "before" side)."""
        return code in self._slices

    def active(self, since: str) -> frozenset:
        """The codes that have events of their own dated after ``since``."""
        known = self._active_memo.get(since)
        if known is None:
            threshold = bisect_right(self.all_dates, since)
            known = self._active_memo[since] = frozenset(self._dated[self._last >= threshold].tolist())
        return known

    def events(self, code: str) -> tuple[list[str], dict[str, tuple[str, ...]], dict[str, int]] | None:
        """(dates, sorted successors by date, event code by date) of ``code`` (None without events)."""
        known = self._events_memo.get(code)
        if known is None:
            number = self._slices.get(code)
            if number is None:
                return None
            days, succ, mods = self._rows
            dates: list[str] = []
            by_date: dict[str, list[str]] = {}
            worst: dict[str, int] = {}
            for row in range(self._spans[0][number], self._spans[1][number]):  # repeated successors in a row
                date, successor = days[row], succ[row]
                bucket = by_date.get(date)
                if bucket is None:
                    dates.append(date)
                    bucket, worst[date] = by_date.setdefault(date, []), 0
                if successor is not None and (not bucket or bucket[-1] != successor):
                    bucket.append(successor)
                worst[date] = max(worst[date], mods[row])
            successors = {d: tuple(sorted(v)) for d, v in by_date.items()}
            known = self._events_memo[code] = (dates, successors, worst)
        return known

    def intervals(self, code: str) -> list[tuple[str, str]]:
        """Periods [after events of start, after events of end) when ``code`` is a commune."""
        position = self._ids.get(code)
        if position is None:
            return []
        low, high = np.searchsorted(self._iv_code, [position, position + 1])
        return [
            (self._labels[s], self._labels[e])
            for s, e in zip(self._iv_start[low:high].tolist(), self._iv_end[low:high].tolist())
        ]

    def infer_vintage(self, codes: Iterable[str]) -> str:
        """The latest event date after which the most of ``codes`` existed together ("" = before all)."""
        return self.vintage_of(set(codes))

    def vintage_of(self, codes: set | dict, excluded: Iterable[str] = ()) -> str:
        """``infer_vintage`` of the codes of ``codes`` (a set or dict) except those in ``excluded``."""
        present = codes.keys() & self.event_codes if isinstance(codes, dict) else codes & self.event_codes
        present.difference_update(excluded)
        chosen = np.fromiter(map(self._ids.__getitem__, present), dtype=np.int64, count=len(present))
        pick = np.zeros(len(self._codes) + 1, dtype=bool)
        pick[chosen] = True
        pick = pick[self._iv_code]
        starts, ends, size = self._iv_start[pick], self._iv_end[pick], self._nd + 2
        delta = np.bincount(starts, minlength=size) - np.bincount(ends, minlength=size)
        seen = np.flatnonzero(np.bincount(np.concatenate([starts, ends]), minlength=size))
        labels, steps = self._labels, delta[seen].tolist()
        dates = [labels[p] for p in seen.tolist()]
        best, best_score, score, plateau_end = "", 0, 0, AFTER
        for position, date in enumerate(dates):
            score += steps[position]
            if score >= best_score and date != AFTER:
                best, best_score = date, score
                plateau_end = dates[position + 1] if position + 1 < len(dates) else AFTER
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
        events = self.events(code)
        dates = events[0] if events else []
        position = bisect_right(dates, since)
        result: tuple[frozenset, list]
        if events is None or position >= len(dates):
            result = (frozenset([code]), [])
        else:
            date = dates[position]
            targets: set = set()
            trail = [(date, events[2][date])]
            for successor in events[1][date]:
                sub, sub_trail = self.forward(successor, date, memo)
                targets |= sub
                trail += sub_trail
            result = (frozenset(targets), trail)
        memo[key] = result
        return result
