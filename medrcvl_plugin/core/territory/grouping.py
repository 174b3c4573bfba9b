"""Vectorised joins, groupings and group sums of text-coded rows (for ``reconcile.aggregate``).

Each function returns exactly what the pandas operation it replaces would (``Index.get_indexer``,
``pd.factorize``, ``groupby().sum()``/``mean()`` with their Kahan summation), with shortcuts for
the tables that ``reconcile.crosswalk`` builds: codes sorted, most rows mapping a code onto itself.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def increasing(values: np.ndarray) -> bool:
    """Whether ``values`` (text) are sorted without repeats."""
    try:
        return len(values) < 2 or bool((values[1:] > values[:-1]).all())
    except TypeError:  # not all text
        return False


def join_first(codes: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """(position of each ``wanted`` code among the first occurrences of ``codes`` or -1, the rows of
    those first occurrences or None when ``codes`` has no repeats)."""
    if (
        len(codes) == len(wanted)
        and codes.dtype == object
        and wanted.dtype == object
        and codes.tolist() == wanted.tolist()
        and increasing(wanted)
    ):
        return np.arange(len(codes)), None  # the table of a crosswalk of these very codes
    index = pd.Index(codes)
    rows = None if index.is_unique else np.flatnonzero(~index.duplicated())  # the first of each code
    return (index if rows is None else index[rows]).get_indexer(wanted), rows


def factorize_targets(code: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(target)``, from the few rows whose target is not their code when the others are
    sorted without repeats (the tables of ``crosswalk``)."""
    moved = target != code
    unmoved = np.flatnonzero(~moved)
    if len(target) < 1000 or moved.sum() * 10 > len(target) or not increasing(code[unmoved]):
        return pd.factorize(target)
    moved = np.flatnonzero(moved)
    place = np.searchsorted(code[unmoved], target[moved]) if len(unmoved) else np.zeros(len(moved), int)
    place = np.minimum(place, max(len(unmoved) - 1, 0))
    first: dict = {}
    for row, value, other in zip(moved.tolist(), target[moved].tolist(), place.tolist()):
        if value not in first:
            first[value] = [row]
            if len(unmoved) and code[unmoved[other]] == value:
                first[value].append(int(unmoved[other]))
        else:
            first[value].append(row)
    head = np.arange(len(target))  # the first row of the target of each row
    for rows in first.values():
        head[rows] = min(rows)
    used = np.zeros(len(target), dtype=bool)
    used[head] = True
    return (np.cumsum(used) - 1)[head], target[used]


def group_sums(values: np.ndarray, groups: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """(sums, numbers of non-NaN values) of the rows of ``values`` by group: the Kahan summation of
    pandas' group sums and means, in the order of the rows, vectorised over the groups."""
    total = np.zeros((count, values.shape[1]))
    compensation, seen = np.zeros_like(total), np.zeros(total.shape, dtype=np.int64)
    order = np.argsort(groups, kind="stable")
    starts = np.searchsorted(groups[order], np.arange(count))
    rank = np.arange(len(order)) - starts[groups[order]]  # the place of each row in its group
    for place in range(int(rank.max()) + 1 if len(rank) else 0):
        rows = order[rank == place]
        group, value = groups[rows], values[rows]
        ok = value == value
        y = value - compensation[group]
        t = total[group] + y
        compensation[group] = np.where(ok, t - total[group] - y, compensation[group])
        total[group] = np.where(ok, t, total[group])
        seen[group] += ok
    return total, seen
