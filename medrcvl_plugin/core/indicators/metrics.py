"""Indicators per commune: places, distances, reference values, gaps, ranks and the priority flag.

pandas/numpy (nearest distances by ``geometry.nearest``): coordinates are EPSG:2154 metres, distances
are reported in km.

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
  EPCI / département (ties share the lowest rank, NULL score → NULL rank); the ``references`` table says
  over how many communes each rank and mean was computed (``communes``: the communes of the level,
  ``communes_with_score``: those with a score, the ranked ones; with a population too for the means);
- ``flag_priority`` = 1 when ``ifn_score >= DEFAULT_IFN_THRESHOLD`` (6.5, clearly above the national
  mean, about 5.6) and no place lies within ``DEFAULT_DISTANCE_KM`` (5 km, about 10 minutes by car)
  of the commune's point; 0 otherwise; NULL when the score is unknown.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..geometry.nearest import nearest_km_subsets

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
REFERENCE_COLUMNS = [
    "level",
    "code",
    "nom",
    "population",
    *SCORE_COLUMNS,
    "method",
    "communes",
    "communes_with_score",
]
LEVELS = {
    "epci": ("code_epci", "ref_epci_ifn", "gap_epci_ifn"),
    "departement": ("code_dep", "ref_dep_ifn", "gap_dep_ifn"),
    "region": ("code_reg", "ref_reg_ifn", "gap_reg_ifn"),
    "france": (None, "ref_france_ifn", "gap_france_ifn"),
}


def _flags(places: pd.DataFrame, columns: tuple[str, ...]) -> np.ndarray:
    """True where any of ``columns`` is true (missing columns and values count as false)."""
    result = np.zeros(len(places), dtype=bool)
    for column in columns:
        if column in places.columns:
            values = places[column].to_numpy()
            if values.dtype != bool:
                values = np.where(pd.isna(values), False, values).astype(bool)
            result |= values
    return result


def place_counts(
    places: pd.DataFrame, codes: pd.Index | list[str], code_column: str = "code_insee"
) -> pd.DataFrame:
    """Counts per commune of ``codes`` -> df[lieux_count, n_epn, …] (0 where no place: a real zero)."""
    text = isinstance(codes, (pd.Series, pd.Index)) and codes.dtype == object  # kept as they are
    index = pd.Index(
        codes.to_numpy() if isinstance(codes, (pd.Series, pd.Index)) and text else list(codes),
        name="code_insee",
    )
    where = (
        index.get_indexer(places[code_column])
        if len(places) and len(index)
        else np.full(len(places), -1, dtype=np.intp)
    )
    located = where >= 0
    data = {"lieux_count": np.bincount(where[located], minlength=len(index)).astype("int64")}
    for name, columns in COUNTS.items():
        flag = _flags(places, columns) if len(places) else np.zeros(0, dtype=bool)
        data[name] = np.bincount(where[located & flag], minlength=len(index)).astype("int64")
    return pd.DataFrame(data, index=index)


def per_10k(count: pd.Series, population: pd.Series) -> pd.Series:
    """``count`` per 10,000 inhabitants; NULL when the population is missing or 0."""
    population = pd.to_numeric(population, errors="coerce").astype(float)
    return (count.astype(float) / population.where(population > 0) * 10000.0).astype(float)


def place_distances(origins: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """``origins`` [x, y] (index = code) and ``places`` [x, y, cat_*/prog_*] -> df[dist_lieu_km,
    dist_france_services_km]."""
    xy = origins[["x", "y"]].to_numpy(dtype=float)
    if not len(places):
        return pd.DataFrame(
            {"dist_lieu_km": np.full(len(xy), np.nan), "dist_france_services_km": np.full(len(xy), np.nan)},
            index=origins.index,
        )
    targets = places[["x", "y"]].to_numpy(dtype=float)
    usable = ~np.isnan(targets).any(axis=1)  # as notna(): an infinite coordinate is dropped there
    fs = _flags(places, COUNTS["n_france_services"])
    km = nearest_km_subsets(xy, targets[usable], [np.ones(int(usable.sum()), dtype=bool), fs[usable]])
    return pd.DataFrame({"dist_lieu_km": km[0], "dist_france_services_km": km[1]}, index=origins.index)


def weighted_means(
    frame: pd.DataFrame, by: str | None, weight: str = "population", columns=SCORE_COLUMNS
) -> pd.DataFrame:
    """Population-weighted means of ``columns`` per ``by`` (whole frame when None) + summed population.

    Communes without population or score are left out of that score's mean.
    """
    w, values = _weights_values(frame, weight, columns)
    groups, keys = _groups_of(frame, by)
    population, means = _weighted(groups, len(keys), w, _used(w, values))
    data = {"population": population, **{column: means[:, k] for k, column in enumerate(columns)}}
    return pd.DataFrame(data, index=pd.Index(keys, name=by))


def _weights_values(frame: pd.DataFrame, weight: str, columns) -> tuple[np.ndarray, np.ndarray]:
    """The weights (float, NaN when unknown) and the (n, c) values of ``columns`` of ``frame``."""
    w = pd.to_numeric(frame[weight], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    values = np.empty((len(frame), len(columns)))
    for k, column in enumerate(columns):
        values[:, k] = frame[column].to_numpy(dtype=float, na_value=np.nan)
    return w, values


def _groups_of(frame: pd.DataFrame, by: str | None) -> tuple[np.ndarray, pd.Index]:
    """The group number of each row (-1: missing key, left out) and the sorted keys."""
    if by:
        return pd.factorize(frame[by], sort=True)
    return np.zeros(len(frame), dtype=np.intp), pd.Index(["FR"])


def _used(w: np.ndarray, values: np.ndarray) -> tuple:
    """The (row, column, value × weight, weight) of the values with a positive weight, row-major."""
    rows, cols = np.nonzero((w > 0)[:, None] & ~np.isnan(values))
    return rows, cols, values[rows, cols] * w[rows], w[rows], values.shape[1]


def _weighted(groups: np.ndarray, size: int, w: np.ndarray, used: tuple) -> tuple[np.ndarray, np.ndarray]:
    """Per group: the summed weights (NaN when none is known) and the (size, c) weighted means of the
    ``_used`` values (rows without a positive weight or the value left out; NaN when no row is left)."""
    pick = (groups >= 0) & ~np.isnan(w)
    total = np.bincount(groups[pick], weights=w[pick], minlength=size)
    population = np.where(np.bincount(groups[pick], minlength=size) > 0, total, np.nan)
    rows, cols, weighted, weights, c = used
    g = groups[rows]
    if (g < 0).any():
        keep = g >= 0
        g, cols, weighted, weights = g[keep], cols[keep], weighted[keep], weights[keep]
    bins = g * c + cols  # bins (group, column), their rows in order
    numerator = np.bincount(bins, weights=weighted, minlength=size * c)
    denominator = np.bincount(bins, weights=weights, minlength=size * c)
    count = denominator > 0  # a sum of positive weights: 0 only without any row
    means = np.where(count, numerator, np.nan) / np.where(count, denominator, np.nan)
    return population, means.reshape(size, c)


def references(
    national: pd.DataFrame,
    epci_ifn: pd.DataFrame | None = None,
    names: dict[str, dict[str, str]] | None = None,
) -> pd.DataFrame:
    """The ``references`` table from ``national`` (all current communes: code_epci, code_dep,
    code_reg, population and the scores) and IFN's EPCI file (code, name, scores) when given."""
    names = names or {}
    w, values = _weights_values(national, "population", SCORE_COLUMNS)
    used = _used(w, values)
    parts = []
    for level, (column, _, _) in LEVELS.items():
        groups, keys = _groups_of(national, column)
        population, means = _weighted(groups, len(keys), w, used)
        codes = np.asarray(keys.astype(str) if level != "france" else ["FR"], dtype=object)
        method = np.full(len(codes), "population-weighted mean of the communes (PMUN)", dtype=object)
        if level == "epci" and epci_ifn is not None and len(epci_ifn):
            official = epci_ifn.drop_duplicates("code")
            where = pd.Index(official["code"]).get_indexer(codes)
            present = where >= 0
            for k, score in enumerate(SCORE_COLUMNS):
                means[present, k] = official[score].to_numpy(dtype=float)[where[present]]
            method[present] = "IFN EPCI file"
        part = {
            "level": np.full(len(codes), level, dtype=object),
            "code": codes,
            "nom": pd.Series(codes, dtype=object).map(names.get(level, {})).to_numpy(),
            "population": population,
        }
        part.update({score: means[:, k] for k, score in enumerate(SCORE_COLUMNS)})
        part["method"] = method
        part["communes"] = np.bincount(groups[groups >= 0], minlength=len(keys)).astype(np.int64)
        part["communes_with_score"] = np.bincount(
            groups[(groups >= 0) & ~np.isnan(values[:, 0])], minlength=len(keys)
        ).astype(np.int64)
        parts.append(pd.DataFrame(part, columns=REFERENCE_COLUMNS))
    return pd.concat(parts, ignore_index=True)


def add_references(communes: pd.DataFrame, refs: pd.DataFrame) -> pd.DataFrame:
    """Add ref_*_ifn and gap_*_ifn (commune score minus reference) to ``communes``."""
    score = communes["ifn_score"].to_numpy(dtype=float, na_value=np.nan)
    level_of = refs["level"].to_numpy(dtype=object)
    ref_codes, ref_scores = refs["code"].to_numpy(dtype=object), refs["ifn_score"].to_numpy(dtype=float)
    added = {}
    for level, (column, ref_name, gap_name) in LEVELS.items():
        mine = level_of == level
        table = pd.Index(ref_codes[mine])
        keys = communes[column].to_numpy(dtype=object) if column else np.full(len(communes), "FR", object)
        ref = np.append(ref_scores[mine], np.nan)[table.get_indexer(keys)]  # -1 (not found): NaN
        added[ref_name], added[gap_name] = ref, score - ref
    if any(name in communes.columns for name in added) or not communes.index.is_unique:
        out = communes.copy()
        for name, value in added.items():
            out[name] = value
        return out
    return pd.concat([communes, pd.DataFrame(added, index=communes.index)], axis=1)


def ranks(national: pd.DataFrame, by: str, score: str = "ifn_score") -> pd.Series:
    """Rank of each commune within its ``by`` group, 1 = highest score; NULL score → NULL rank."""
    return national[score].astype(float).groupby(national[by]).rank(method="min", ascending=False)


def priority(
    ifn_score: pd.Series,
    dist_lieu_km: pd.Series,
    ifn_threshold: float = DEFAULT_IFN_THRESHOLD,
    distance_km: float = DEFAULT_DISTANCE_KM,
) -> pd.Series:
    """1 = fragile (score ≥ threshold) with no place within ``distance_km``; NULL when the score is NULL.

    A commune with no place at all anywhere (distance NULL) counts as having none nearby.
    """
    if not ifn_score.index.equals(dist_lieu_km.index):  # aligned on the index by pandas
        score = ifn_score.astype(float)
        far = dist_lieu_km.astype(float).fillna(np.inf) > distance_km
        return ((score >= ifn_threshold) & far).astype("Int64").mask(score.isna())
    score = ifn_score.astype(float).to_numpy(dtype=float, na_value=np.nan)
    distance = dist_lieu_km.astype(float).to_numpy(dtype=float, na_value=np.nan)
    far = np.where(np.isnan(distance), np.inf, distance) > distance_km
    flag = ((score >= ifn_threshold) & far).astype(np.int64)
    name = ifn_score.name if ifn_score.name == dist_lieu_km.name else None
    return pd.Series(pd.arrays.IntegerArray(flag, np.isnan(score)), index=ifn_score.index, name=name)
