"""Choose K stops of an itinerant service (bus numérique, France Services truck): maximum weighted
coverage, pure numpy.

``cover[i, j]`` is true when candidate ``i`` serves demand commune ``j`` (distance ≤ radius);
the objective is the total weight of the communes served by at least one stop (each counted once).

- **exact** when ``C(m, K) ≤ limit`` (2,000,000): depth-first enumeration of the combinations in a
  fixed order with branch and bound (a branch is cut when its value plus the K − r largest marginal
  gains left cannot beat the best solution found, which starts from the greedy one), so the result is
  a proven optimum;
- otherwise **greedy** (largest marginal gain first) improved by **1-swap** (replace one stop by one
  other candidate while the total grows); ``upper_bound`` then bounds the optimum
  (min of the total demand, the K largest single coverages, greedy / (1 − (1 − 1/K)^K) and the
  solution's value plus its K largest marginal gains).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..base.errors import CancelledError, DataFormatError
from ..base.i18n import tr

COMBINATION_LIMIT = 2_000_000


@dataclass
class Solution:
    """The stops chosen (candidate positions, in choice order) and how they were found."""

    stops: list[int]
    value: float  # total weight served
    method: str  # "exact" | "greedy"
    combinations: int  # C(m, K)
    limit: int
    upper_bound: float  # = value when exact
    nodes: int = 0  # nodes visited by the exact search


def coverage_value(cover: np.ndarray, weights: np.ndarray, stops) -> float:
    """Total weight of the demand served by ``stops``."""
    stops = list(stops)
    if not stops:
        return 0.0
    return float(weights[cover[stops].any(axis=0)].sum())


def check(cover: np.ndarray, weights: np.ndarray, k: int) -> None:
    """Clear French errors for impossible parameters."""
    m = cover.shape[0]
    if k <= 0:
        raise DataFormatError(
            tr("The number of stops must be at least 1 (got {k}).").format(k=k), field="stops"
        )
    if m == 0:
        raise DataFormatError(tr("There is no candidate stop."), field="candidates")
    if k > m:
        raise DataFormatError(
            tr("{k} stops were asked for but there are only {m} candidate stops.").format(k=k, m=m),
            field="stops",
        )
    if cover.shape[1] != len(weights):
        raise ValueError("cover and weights do not match")


def greedy(cover: np.ndarray, weights: np.ndarray, k: int) -> list[int]:
    """Largest marginal gain first (ties: the lowest position)."""
    covered = np.zeros(cover.shape[1], dtype=bool)
    chosen: list[int] = []
    available = np.ones(cover.shape[0], dtype=bool)
    matrix = cover.astype(float)
    for _ in range(k):
        gains = matrix @ np.where(covered, 0.0, weights)
        gains[~available] = -1.0
        best = int(np.argmax(gains))
        chosen.append(best)
        available[best] = False
        covered |= cover[best]
    return chosen


def one_swap(cover: np.ndarray, weights: np.ndarray, stops: list[int], feedback=None) -> list[int]:
    """Replace one stop by another candidate while the value grows (best swap each round)."""
    stops = list(stops)
    matrix = cover.astype(float)
    value = coverage_value(cover, weights, stops)
    while True:
        _cancel(feedback)
        best_value = value + 1e-9
        swap: tuple[int, int] | None = None  # (position in stops, candidate)
        for position in range(len(stops)):
            others = stops[:position] + stops[position + 1 :]
            covered = cover[others].any(axis=0) if others else np.zeros(cover.shape[1], dtype=bool)
            base = float(weights[covered].sum())
            gains = matrix @ np.where(covered, 0.0, weights)
            gains[stops] = -1.0
            candidate = int(np.argmax(gains))
            if base + gains[candidate] > best_value:
                best_value, swap = base + gains[candidate], (position, candidate)
        if swap is None:
            return stops
        stops[swap[0]] = swap[1]
        value = best_value


def exact(
    cover: np.ndarray, weights: np.ndarray, k: int, start: list[int] | None = None, feedback=None
) -> tuple[list[int], float, int]:
    """(stops, value, nodes) of a proven maximum coverage by branch and bound."""
    m = cover.shape[0]
    order = np.argsort(-(cover.astype(float) @ weights), kind="stable")  # strongest candidates first
    ordered = cover[order].astype(float)
    best_stops = list(start) if start else greedy(cover, weights, k)
    best_value = coverage_value(cover, weights, best_stops)
    best_ranks = [int(np.flatnonzero(order == s)[0]) for s in best_stops]  # positions in ``order``
    nodes = 0
    chosen: list[int] = []

    def search(first: int, covered: np.ndarray, value: float) -> None:
        nonlocal nodes, best_value, best_ranks
        nodes += 1
        if nodes % 4096 == 0:
            _cancel(feedback)
        left = k - len(chosen)
        if left == 0:
            if value > best_value + 1e-9:
                best_value, best_ranks = value, list(chosen)
            return
        if m - first < left:
            return
        gains = ordered[first:] @ np.where(covered, 0.0, weights)
        if left < len(gains):
            top = np.partition(gains, len(gains) - left)[len(gains) - left :]
        else:
            top = gains
        if value + float(top.sum()) <= best_value + 1e-9:
            return  # cannot beat the best
        for offset in np.argsort(-gains, kind="stable"):
            index = first + int(offset)
            if m - index < left:
                continue
            chosen.append(index)
            search(index + 1, covered | ordered[index].astype(bool), value + float(gains[offset]))
            chosen.pop()
            # (the remaining branches are bounded again at their own nodes)

    search(0, np.zeros(cover.shape[1], dtype=bool), 0.0)
    return [int(order[i]) for i in best_ranks], float(best_value), nodes


def solve(
    cover: np.ndarray,
    weights: np.ndarray,
    k: int,
    limit: int = COMBINATION_LIMIT,
    method: str = "auto",
    feedback=None,
) -> Solution:
    """Choose ``k`` stops: exact when C(m, k) ≤ ``limit`` (or ``method="exact"``), else greedy + 1-swap."""
    cover = np.asarray(cover, dtype=bool)
    weights = np.nan_to_num(np.asarray(weights, dtype=float), nan=0.0)
    check(cover, weights, k)
    combinations = math.comb(cover.shape[0], k)
    first = greedy(cover, weights, k)
    start_value = coverage_value(cover, weights, first)
    improved = one_swap(cover, weights, first, feedback)
    if method == "exact" or (method == "auto" and combinations <= limit):
        stops, value, nodes = exact(cover, weights, k, improved, feedback)
        return Solution(
            _in_rank_order(cover, weights, stops), value, "exact", combinations, limit, value, nodes
        )
    value = coverage_value(cover, weights, improved)
    singles = np.sort(cover.astype(float) @ weights)[::-1][:k].sum()
    ratio = 1.0 - (1.0 - 1.0 / k) ** k
    # submodularity: OPT ≤ f(S) + the k largest marginal gains with respect to any solution S
    gains = cover.astype(float) @ np.where(cover[improved].any(axis=0), 0.0, weights)
    beyond = value + float(np.sort(gains)[::-1][:k].sum())
    bound = min(
        float(weights.sum()), float(singles), beyond, start_value / ratio if start_value else float(singles)
    )
    return Solution(
        _in_rank_order(cover, weights, improved), value, "greedy", combinations, limit, max(bound, value)
    )


def _in_rank_order(cover: np.ndarray, weights: np.ndarray, stops: list[int]) -> list[int]:
    """The stops ordered by decreasing marginal weight (rank 1 = serves the most)."""
    return [stops[i] for i in greedy(cover[stops], weights, len(stops))]


def _cancel(feedback) -> None:
    """Raise when the user cancelled."""
    if feedback is not None and feedback.isCanceled():
        raise CancelledError(tr("Tour planning cancelled."))
