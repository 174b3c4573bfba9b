"""Indicators per commune: places, distances, reference values, gaps, ranks and the priority flag.

Pure pandas/numpy (no QGIS): coordinates are EPSG:2154 metres, distances are reported in km.

Documented choices:

- ``lieux_per_10k = lieux_count / population * 10000`` (NULL when the population is unknown or 0);
- ``n_france_services`` counts places of category France Services *or* in the France Services
  programme; ``n_tiers_lieu`` counts the category Tiers-lieu (coworking included, fablabs apart);
- ``dist_lieu_km``: straight line from the commune's point-on-surface to the nearest place of any
  category, wherever it is (places of the surrounding area count, not only the territory's);
- reference ``ifn_score`` of a département, a région and France = mean of the communes' scores
  weighted by their municipal population (PMUN); of an EPCI, the value of IFN's EPCI file when
  present, else the same weighted mean;
- ``rank_epci`` / ``rank_dep``: 1 = highest ``ifn_score`` (most fragile) among the communes of the
  EPCI / département (ties share the lowest rank, NULL score → NULL rank);
- ``flag_priority`` = 1 when ``ifn_score >= DEFAULT_IFN_THRESHOLD`` (6.5, clearly above the national
  mean, about 5.6) and no place lies within ``DEFAULT_DISTANCE_KM`` (5 km, about 10 minutes by car)
  of the commune's point; 0 otherwise; NULL when the score is unknown.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DEFAULT_IFN_THRESHOLD = 6.5
DEFAULT_DISTANCE_KM = 5.0
SCORE_COLUMNS = ("ifn_score", "ifn_no_thd", "ifn_no_4g", "ifn_poverty", "ifn_65plus", "ifn_low_diploma")
#: output count column -> place columns (any of them true counts the place)
COUNTS = {
    "n_epn": ("cat_epn",),
    "n_france_services": ("cat_france_services", "prog_france_services"),
    "n_bib": ("cat_bib",),
    "n_tiers_lieu": ("cat_tiers_lieu",),
    "n_conseiller_numerique": ("prog_conseiller_numerique",),
    "n_aidants_connect": ("prog_aidants_connect",),
}
REFERENCE_COLUMNS = ["level", "code", "nom", "population", *SCORE_COLUMNS, "method"]
LEVELS = {"epci": ("code_epci", "ref_epci_ifn", "gap_epci_ifn"),
          "departement": ("code_dep", "ref_dep_ifn", "gap_dep_ifn"),
          "region": ("code_reg", "ref_reg_ifn", "gap_reg_ifn"),
          "france": (None, "ref_france_ifn", "gap_france_ifn")}


def _flag(places: pd.DataFrame, columns: tuple[str, ...]) -> pd.Series:
    """True where any of ``columns`` is true (missing columns count as false)."""
    result = pd.Series(False, index=places.index)
    for column in columns:
        if column in places.columns:
            result |= places[column].fillna(False).astype(bool)
    return result


def place_counts(places: pd.DataFrame, codes: pd.Index | list[str], code_column: str = "code_insee"
                 ) -> pd.DataFrame:
    """Counts per commune of ``codes`` -> df[lieux_count, n_epn, …] (0 where no place: a real zero)."""
    index = pd.Index(list(codes), name="code_insee")
    where = (index.get_indexer(places[code_column]) if len(places) and len(index)
             else np.full(len(places), -1, dtype=np.intp))
    located = where >= 0
    out = pd.DataFrame({"lieux_count": np.bincount(where[located], minlength=len(index))}, index=index)
    for name, columns in COUNTS.items():
        flag = _flag(places, columns).to_numpy(dtype=bool) if len(places) else np.zeros(0, dtype=bool)
        out[name] = np.bincount(where[located & flag], minlength=len(index))
    return out.astype("int64")


def per_10k(count: pd.Series, population: pd.Series) -> pd.Series:
    """``count`` per 10,000 inhabitants; NULL when the population is missing or 0."""
    population = pd.to_numeric(population, errors="coerce").astype(float)
    return (count.astype(float) / population.where(population > 0) * 10000.0).astype(float)


def nearest_km(origins_xy: np.ndarray, targets_xy: np.ndarray, cell: float = 10000.0) -> np.ndarray:
    """Distance in km from each origin (n×2, metres) to its nearest target (m×2); NaN if no target.

    Exact grid search in numpy: the targets of the 3×3 cells around an origin are compared; a nearest
    one within ``cell`` metres is the nearest of all (any target outside those cells is farther); the
    other origins are searched again with cells 4 times larger, until the cells hold every target.
    """
    origins_xy = np.asarray(origins_xy, dtype=float).reshape(-1, 2)
    targets_xy = np.asarray(targets_xy, dtype=float).reshape(-1, 2)
    targets_xy = targets_xy[np.isfinite(targets_xy).all(axis=1)]
    result = np.full(len(origins_xy), np.nan)
    if not len(targets_xy) or not len(origins_xy):
        return result
    todo = np.flatnonzero(np.isfinite(origins_xy).all(axis=1))
    span = float(np.ptp(np.vstack([targets_xy, origins_xy[todo]]), axis=0).max()) if len(todo) else 0.0
    size = float(cell)
    while len(todo):
        squared = _nearest_in_cells(origins_xy[todo], targets_xy, size)
        final = squared <= size * size
        if size > span:  # the 3×3 cells around any origin hold every target
            final[:] = True
        result[todo[final]] = np.sqrt(squared[final]) / 1000.0
        todo, size = todo[~final], size * 4
    return result


def _nearest_in_cells(origins: np.ndarray, targets: np.ndarray, size: float) -> np.ndarray:
    """Squared distance from each origin to the nearest target of the 3×3 grid cells of ``size``
    metres around it (inf when none): each target is listed under its cell and the 8 around it, so
    that one lookup of an origin's own cell gives them all."""
    ti, tj = np.floor(targets[:, 0] / size).astype(np.int64), np.floor(targets[:, 1] / size).astype(np.int64)
    oi, oj = np.floor(origins[:, 0] / size).astype(np.int64), np.floor(origins[:, 1] / size).astype(np.int64)
    low_i, low_j = min(ti.min(), oi.min()) - 1, min(tj.min(), oj.min()) - 1
    width = max(tj.max(), oj.max()) - low_j + 2
    shifts = np.array([(di, dj) for di in (-1, 0, 1) for dj in (-1, 0, 1)])
    keys = ((ti[:, None] + shifts[:, 0] - low_i) * width + (tj[:, None] + shifts[:, 1] - low_j)).ravel()
    owner = np.repeat(np.arange(len(targets)), len(shifts))
    order = np.argsort(keys, kind="stable")
    keys, owner = keys[order], owner[order]
    wanted = (oi - low_i) * width + (oj - low_j)
    first, last = np.searchsorted(keys, wanted, "left"), np.searchsorted(keys, wanted, "right")
    sizes = last - first
    best = np.full(len(origins), np.inf)
    hit = sizes > 0
    if hit.any():
        starts = np.cumsum(sizes) - sizes
        which = np.repeat(np.arange(len(origins)), sizes)
        picked = owner[np.arange(sizes.sum()) + np.repeat(first - starts, sizes)]
        dx = origins[which, 0] - targets[picked, 0]
        dy = origins[which, 1] - targets[picked, 1]
        best[hit] = np.minimum.reduceat(dx * dx + dy * dy, starts[hit])  # an origin's pairs are contiguous
    return best


def place_distances(origins: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """``origins`` [x, y] (index = code) and ``places`` [x, y, cat_*/prog_*] -> df[dist_lieu_km,
    dist_france_services_km]."""
    xy = origins[["x", "y"]].to_numpy(dtype=float)
    out = pd.DataFrame(index=origins.index)
    has_xy = places[["x", "y"]].notna().all(axis=1) if len(places) else pd.Series(dtype=bool)
    usable = places[has_xy] if len(places) else places
    out["dist_lieu_km"] = nearest_km(xy, usable[["x", "y"]].to_numpy(dtype=float) if len(usable)
                                     else np.empty((0, 2)))
    fs = usable[_flag(usable, COUNTS["n_france_services"])] if len(usable) else usable
    out["dist_france_services_km"] = nearest_km(xy, fs[["x", "y"]].to_numpy(dtype=float) if len(fs)
                                                else np.empty((0, 2)))
    return out


def weighted_means(frame: pd.DataFrame, by: str | None, weight: str = "population",
                   columns=SCORE_COLUMNS) -> pd.DataFrame:
    """Population-weighted means of ``columns`` per ``by`` (whole frame when None) + summed population.

    Communes without population or score are left out of that score's mean.
    """
    if by:
        groups, keys = pd.factorize(frame[by], sort=True)  # missing keys → -1: left out
    else:
        groups, keys = np.zeros(len(frame), dtype=np.intp), pd.Index(["FR"])
    size = len(keys)
    w = pd.to_numeric(frame[weight], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    grouped = groups >= 0

    def _sum(values: np.ndarray, used: np.ndarray) -> np.ndarray:
        """Per-group sums of ``values[used]``; NaN where a group has no used row (min_count=1)."""
        pick = used & grouped
        total = np.bincount(groups[pick], weights=values[pick], minlength=size)
        return np.where(np.bincount(groups[pick], minlength=size) > 0, total, np.nan)

    out = pd.DataFrame({"population": _sum(w, ~np.isnan(w))}, index=pd.Index(keys, name=by))
    positive = w > 0
    for column in columns:  # communes without population or score are left out of that mean
        values = frame[column].to_numpy(dtype=float, na_value=np.nan)
        used = positive & ~np.isnan(values)
        out[column] = _sum(values * w, used) / _sum(w, used)
    return out


def references(national: pd.DataFrame, epci_ifn: pd.DataFrame | None = None,
               names: dict[str, dict[str, str]] | None = None) -> pd.DataFrame:
    """The ``references`` table from ``national`` (all current communes: code_epci, code_dep,
    code_reg, population and the scores) and IFN's EPCI file (code, name, scores) when given."""
    names = names or {}
    parts = []
    for level, (column, _, _) in LEVELS.items():
        means = weighted_means(national, column)
        means["level"], means["code"] = level, means.index.astype(str)
        means["method"] = "population-weighted mean of the communes (PMUN)"
        if level == "france":
            means["code"] = "FR"
        if level == "epci" and epci_ifn is not None and len(epci_ifn):
            official = epci_ifn.drop_duplicates("code").set_index("code")
            present = means["code"].isin(official.index).to_numpy()
            values = official.reindex(means["code"])
            for score in SCORE_COLUMNS:
                means[score] = np.where(present, values[score].to_numpy(dtype=float), means[score])
            means["method"] = np.where(present, "IFN EPCI file", means["method"]).astype(object)
        means["nom"] = means["code"].map(names.get(level, {}))
        parts.append(means)
    table = pd.concat(parts, ignore_index=True)
    return table[REFERENCE_COLUMNS]


def add_references(communes: pd.DataFrame, refs: pd.DataFrame) -> pd.DataFrame:
    """Add ref_*_ifn and gap_*_ifn (commune score minus reference) to ``communes``."""
    out = communes.copy()
    for level, (column, ref_name, gap_name) in LEVELS.items():
        table = refs[refs["level"] == level].set_index("code")["ifn_score"]
        keys = out[column] if column else pd.Series("FR", index=out.index)
        out[ref_name] = keys.map(table).astype(float)
        out[gap_name] = out["ifn_score"].astype(float) - out[ref_name]
    return out


def ranks(national: pd.DataFrame, by: str, score: str = "ifn_score") -> pd.Series:
    """Rank of each commune within its ``by`` group, 1 = highest score; NULL score → NULL rank."""
    return national[score].astype(float).groupby(national[by]).rank(method="min", ascending=False)


def priority(ifn_score: pd.Series, dist_lieu_km: pd.Series, ifn_threshold: float = DEFAULT_IFN_THRESHOLD,
             distance_km: float = DEFAULT_DISTANCE_KM) -> pd.Series:
    """1 = fragile (score ≥ threshold) with no place within ``distance_km``; NULL when the score is NULL.

    A commune with no place at all anywhere (distance NULL) counts as having none nearby.
    """
    score = ifn_score.astype(float)
    far = dist_lieu_km.astype(float).fillna(np.inf) > distance_km
    flag = ((score >= ifn_threshold) & far).astype("Int64")
    return flag.mask(score.isna())
