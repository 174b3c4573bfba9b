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
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Container, Iterable
from dataclasses import dataclass
from itertools import filterfalse
from typing import Any

import numpy as np
import pandas as pd

from .grouping import factorize_targets, group_sums, join_first
from .movements import PLM, Movements, plm_parent

log = logging.getLogger(__name__)

__all__ = [
    "PLM",
    "Mapping",
    "Movements",
    "aggregate",
    "crosswalk",
    "plm_parent",
    "to_current",
    "unmatched_frame",
]

UNMATCHED_COLUMNS = ["source_id", "code", "reason", "detail"]
XWALK_COLUMNS = ["code", "current", "relation", "date"]
UNKNOWN = ("unknown_code", "not in the COG nor in its events")
_NONE_UNMATCHED = pd.DataFrame([], columns=UNMATCHED_COLUMNS, dtype=object)


def unmatched_frame(rows: Iterable[tuple] = ()) -> pd.DataFrame:
    """An ``unmatched_codes`` table from (source_id, code, reason, detail) tuples."""
    rows = list(rows)
    return pd.DataFrame(rows, columns=UNMATCHED_COLUMNS, dtype=object) if rows else _NONE_UNMATCHED.copy()


def _texts(value: str, size: int) -> np.ndarray:
    """An object array of ``size`` times ``value``."""
    return np.repeat(np.array([value], dtype=object), size)


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


def _clean(codes: Iterable) -> tuple[list[str], dict]:
    """(the distinct non-empty text codes of ``codes`` sorted, the same as dict keys)."""
    if isinstance(codes, (pd.Series, pd.Index)):
        codes = codes.to_numpy(dtype=object)  # (an extension "string" array holds <NA>)
    items = codes.tolist() if isinstance(codes, np.ndarray) else list(codes)
    probe = codes if isinstance(codes, np.ndarray) else items
    if pd.api.types.infer_dtype(probe, skipna=False) == "string":  # the usual case: no null, no number
        unique = dict.fromkeys(items)
        unique.pop("", None)
    else:
        unique = dict.fromkeys(str(c) for c in items if isinstance(c, str) and c)
    return sorted(unique), unique


class _Arrondissements:
    """The PLM arrondissement codes of a set of codes (membership tests only)."""

    def __init__(self, codes: set | frozenset) -> None:
        """Wrap ``codes``."""
        self.codes = codes

    def __contains__(self, code: object) -> bool:
        """Whether ``code`` is in the set and an arrondissement."""
        return isinstance(code, str) and code in self.codes and plm_parent(code) is not None


def _rows(
    codes: list[str],
    unique: dict,
    movements: Movements,
    current: set,
    since: str | None,
    source_id: str,
    keep: Container[str],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list, list]:
    """``to_current`` as arrays: code, current, relation, date, unmatched rows, rows not "same"-as-is.

    Codes without events after ``since`` that are current (or kept) are their own row, vectorised;
    only the others (followed, PLM, unknown) are looked at one by one.
    """
    ranges = [
        (bisect_left(codes, low), bisect_right(codes, high), parent) for parent, (low, high) in PLM.items()
    ]
    in_ranges = {c: parent for low, high, parent in ranges for c in codes[low:high]}
    if since is None:
        since = movements.vintage_of(unique, in_ranges)
    active = movements.active(since)
    followed = (
        {c for c in active if c in unique} if len(active) < len(unique) else active.intersection(unique)
    )
    plm = {c: parent for c, parent in in_ranges.items() if not movements.dated(c)}
    missing = filterfalse(current.__contains__, codes)
    special = sorted(c for c in followed.union(plm, missing) if c not in keep)
    code = np.array(codes, dtype=object)
    counts, found, lost = np.ones(len(codes), dtype=np.int64), [], []
    outcomes, memo = movements.follow_memo(current), movements.forward_memo
    for value in special:
        if value in followed:
            events = movements.events(value)
            assert events is not None  # followed: the code has events
            dates = events[0]
            key = (value, dates[bisect_right(dates, since)])  # the same outcome until the next event
            outcome = outcomes.get(key)
            if outcome is None:
                outcome = outcomes[key] = _follow(value, movements, current, since, memo)
            if not outcome[0]:
                lost.append((source_id, value, *outcome[1]))
            found.append(outcome[0])
        elif value in plm:
            found.append([(value, plm[value], "plm", "")])
        else:
            lost.append((source_id, value, *UNKNOWN))
            found.append([])
    positions: Any = np.searchsorted(code, np.array(special, dtype=object)) if special else []
    counts[positions] = [len(rows) for rows in found]
    first = []
    if special:
        first = (np.cumsum(counts)[positions] - counts[positions]).tolist()
        if not (counts[positions] == 1).all():
            code = code[np.repeat(np.arange(len(codes)), counts)]
    current_code, relation, date = code.copy(), _texts("same", len(code)), _texts("", len(code))
    landing: Counter = Counter()
    merged: list = []
    listed: list = []
    for row, rows in zip(first, found):
        for _, target, kind, when in rows:
            current_code[row], relation[row], date[row] = target, kind, when
            landing[target] += 1
            listed.append(row)
            if kind == "merged":
                merged.append((row, target))
            row += 1
    # a code whose own events only kept it (name change, absorbing others) is "same" unless others join
    alone = set(special)
    for row, target in merged:
        if landing[target] + (target in unique and target not in alone) == 1:
            relation[row] = "same"
    return code, current_code, relation, date, lost, listed


def to_current(
    codes: Iterable[str],
    movements: Movements,
    current: set,
    *,
    since: str | None = None,
    source_id: str = "",
    keep: Iterable[str] = (),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Crosswalk ``codes`` (one vintage) to ``current`` codes -> (xwalk[code, current, relation, date],
    unmatched).

    ``relation``: same, changed (code change or merged into another code), merged (absorbed others),
    split (rétablissement: one old code, several current), plm (arrondissement folded).
    ``keep``: codes kept as they are (e.g. arrondissements when the target holds them).
    """
    sorted_codes, unique = _clean(codes)
    code, target, relation, date, lost, _ = _rows(
        sorted_codes, unique, movements, current, since, source_id, set(keep)
    )
    columns = dict(zip(XWALK_COLUMNS, (code, target, relation, date))) if len(code) else []
    xwalk = pd.DataFrame(columns, columns=XWALK_COLUMNS, dtype=object)
    return xwalk, unmatched_frame(lost)


@dataclass
class Mapping:
    """Source codes → target codes, with the kind of link of each pair."""

    table: pd.DataFrame  # code (source), target, relation ("same"...,"repeated"), date
    unmatched: pd.DataFrame


def crosswalk(
    source_codes: Iterable[str],
    target_codes: Iterable[str],
    movements: Movements,
    current: set,
    *,
    source_id: str = "",
    source_since: str | None = None,
    target_since: str | None = None,
) -> Mapping:
    """Map dataset codes to target codes through the current COG (both may be of any vintage).

    A source code equal to a target code with the same current commune is linked directly; else
    through the current commune: several sources → one target are aggregated; one current →
    several (older) targets gives ``relation = "repeated"`` (value of the current commune).
    """
    targets = movements.target_set(target_codes)
    codes, unique = _clean(source_codes)
    code, cur, relation, date, lost_rows, listed = _rows(
        codes, unique, movements, current, source_since, source_id, _Arrondissements(targets)
    )
    lost = unmatched_frame(lost_rows)
    if targets is current or all(plm_parent(c) for c in targets - current):  # a current target: identity
        # each current commune is its own (single) target: the pairs are the rows whose current
        # commune is a target (only the rows not kept as they are can miss when all current are targets)
        if targets is current or current <= targets:
            outside = [row for row in listed if cur[row] not in targets]
        else:
            outside = np.flatnonzero([c not in targets for c in cur.tolist()]).tolist()
        inside = np.ones(len(code), dtype=bool)
        inside[outside] = False
        pick = slice(None) if not outside else inside
        table = pd.DataFrame(
            {
                "code": code[pick],
                "target": cur[pick],
                "relation": relation[pick],
                "current": cur[pick],
                "date": date[pick],
            },
            dtype=object,
        )
        reached = set(code[inside].tolist()) if outside else set()
        extra = unmatched_frame(
            (source_id, c, "outside_target", f"current commune {t} is not in the target")
            for c, t in zip(code[outside].tolist(), cur[outside].tolist())
            if c not in reached
        )
        return Mapping(table, pd.concat([lost, extra], ignore_index=True))
    src = pd.DataFrame(
        dict(zip(XWALK_COLUMNS, (code, cur, relation, date))), columns=XWALK_COLUMNS, dtype=object
    )
    arm = {c for c in targets if plm_parent(c)}
    tgt, tgt_lost = to_current(targets, movements, current | arm, since=target_since, keep=arm)
    if len(tgt_lost):
        log.warning(
            "%d target code(s) have no current commune: %s",
            len(tgt_lost),
            ", ".join(tgt_lost["code"].head(10)),
        )
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
    table = pd.DataFrame(
        {
            "code": pairs["code"],
            "target": pairs["code_t"],
            "relation": relation,
            "current": pairs["current"],
            "date": pairs["date"],
        }
    ).reset_index(drop=True)
    return Mapping(table, _with_orphans(src, table, lost, source_id))


def _with_orphans(src: pd.DataFrame, table: pd.DataFrame, lost: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """``lost`` plus the source codes that reached no target (``outside_target``)."""
    orphans = src[~src["code"].isin(set(table["code"]))]
    extra = unmatched_frame(
        (source_id, c, "outside_target", f"current commune {cur} is not in the target")
        for c, cur in zip(orphans["code"], orphans["current"])
    )
    return pd.concat([lost, extra], ignore_index=True)


def not_covered(mapping: Mapping, codes: Iterable[str], source_id: str) -> pd.DataFrame:
    """The ``unmatched`` rows (reason ``not_covered``) of the ``codes`` (current communes the dataset
    should cover: a national file) that no row of the dataset reaches through ``mapping``."""
    reached = set(mapping.table["target"].tolist())
    missing = sorted({c for c in codes if c is not None and c == c} - reached)
    return unmatched_frame(
        (source_id, c, "not_covered", "no row of the dataset reaches this commune") for c in missing
    )


def _join_codes(codes: list[str]) -> str:
    """``a, b, c`` with a cap."""
    return ", ".join(codes[:12]) + (", …" if len(codes) > 12 else "")


def aggregate(
    frame: pd.DataFrame,
    code_column: str,
    mapping: Mapping,
    *,
    sums: Iterable[str] = (),
    means: Iterable[str] = (),
    weights: pd.Series | None = None,
    weight_name: str = "population",
) -> pd.DataFrame:
    """Values of ``frame`` on the target codes -> df indexed by target with the columns + ``method``.

    ``sums``: summed (NULL if a contributor is NULL); ``means``: mean weighted by ``weights``
    (Series indexed by source code), simple mean when a contributor has no weight.
    """
    sums, means = list(sums), list(means)
    table = mapping.table
    position, rows = join_first(frame[code_column].to_numpy(), table["code"].to_numpy())
    hit = position >= 0  # the inner join of the table with the data, in the order of the table
    taken = position[hit] if rows is None else rows[position[hit]]
    values = np.empty((len(taken), len(sums) + len(means)))
    for number, column in enumerate(sums + means):
        values[:, number] = frame[column].astype(float).to_numpy()[taken]
    code, target, relation, current, date = (
        table[c].to_numpy()[hit] for c in ("code", "target", "relation", "current", "date")
    )
    w = (
        weights.reindex(code).to_numpy(dtype=float)
        if weights is not None
        else np.full(len(code), float("nan"))
    )
    groups, targets = factorize_targets(code, target)  # integer groups in order of appearance
    single = np.bincount(groups, minlength=len(targets))[groups] == 1
    highest = np.maximum.accumulate(groups) if len(groups) else groups
    lead = np.flatnonzero(np.r_[True, highest[1:] > highest[:-1]][: len(groups)])  # each group's first row
    # a single contributor is its own sum and mean ("+ 0.0": a group sum starts from 0.0); the
    # groups of several contributors are overwritten below
    weighted_ok, result = w[lead] > 0, values[lead] + 0.0
    if means:
        mine = result[:, len(sums) :]
        ww = np.where(np.isnan(mine), float("nan"), w[lead][:, None])
        with np.errstate(invalid="ignore", divide="ignore"):
            mine[:] = np.where(weighted_ok[:, None], (mine * ww + 0.0) / (ww + 0.0), mine)
    # several contributors: pandas' (Kahan) group sums and means, replayed with numpy
    numbers, local = np.unique(groups[~single], return_inverse=True)
    weighted_ok[numbers] = np.bincount(local, weights=~(w[~single] > 0), minlength=len(numbers)) == 0
    if sums:
        total, seen = group_sums(values[~single, : len(sums)], local, len(numbers))
        size = np.bincount(local, minlength=len(numbers))[:, None]
        result[numbers, : len(sums)] = np.where(seen == size, total, float("nan"))
    if means:
        mine, mine_w = values[~single, len(sums) :], w[~single]
        ww = np.where(np.isnan(mine), float("nan"), mine_w[:, None])
        stacked, seen = group_sums(np.hstack([mine * ww, ww, mine]), local, len(numbers))
        stacked[seen == 0] = float("nan")  # min_count=1
        top, bottom, plain = np.hsplit(stacked, 3)
        with np.errstate(invalid="ignore", divide="ignore"):
            weighted, simple = top / bottom, plain / np.hsplit(seen, 3)[2]
        result[numbers, len(sums) :] = np.where(weighted_ok[numbers][:, None], weighted, simple)
    out = pd.DataFrame(result, index=pd.Index(targets, name="target"), columns=sums + means)
    out["method"] = _methods(groups, single, code, relation, current, date, weighted_ok, weight_name)
    return out


def _methods(
    groups: np.ndarray,
    single: np.ndarray,
    code: np.ndarray,
    relation: np.ndarray,
    current: np.ndarray,
    date: np.ndarray,
    weighted_ok: np.ndarray,
    weight_name: str,
) -> np.ndarray:
    """The ``method`` text of each target (group): "direct" unless formatted below."""
    method = _texts(SINGLE_METHOD["same"], len(weighted_ok))
    odd = np.flatnonzero(single & (relation != "same"))  # the other relations are rare
    for row, kind in zip(odd.tolist(), relation[odd].tolist()):
        text = SINGLE_METHOD.get(kind, SINGLE_METHOD["same"])
        if text != SINGLE_METHOD["same"]:
            method[groups[row]] = text.format(code=code[row], current=current[row], date=date[row])
    members: dict[int, tuple[list, set]] = {}
    several = np.flatnonzero(~single)
    for number, value, kind in zip(
        groups[several].tolist(), code[several].tolist(), relation[several].tolist()
    ):
        entry = members.setdefault(number, ([], set()))
        entry[0].append(value)
        entry[1].add(kind)
    for number, (values, kinds) in members.items():
        method[number] = _method(values, kinds, bool(weighted_ok[number]), weight_name)
    return method


SINGLE_METHOD = {
    "same": "direct",
    "merged": "direct",
    "changed": "former code {code} ({date})",
    "plm": "PLM: arrondissement {code}",
    "split": "split: value of former commune {code} (rétablissement {date})",
    "repeated": "repeated: value of current commune {current}",
}


def _method(codes: list[str], relations: set[str], weighted: bool, weight_name: str) -> str:
    """The ``method`` text of a target fed by several codes (merge or PLM arrondissements)."""
    how = f"weighted by {weight_name}" if weighted else f"simple mean ({weight_name} weights missing)"
    kind = "PLM" if relations == {"plm"} else "merged"
    return f"{kind}: mean of {_join_codes(sorted(codes))} {how}"
