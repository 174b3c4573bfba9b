"""Merge the places found in several sources (a France Services site also in the places file).

Places are blocked by commune (INSEE code or name + département), scored pairwise on name, address,
category and distance, then merged greedily (best scores first, one place per source in a group).
"""

from __future__ import annotations

import functools
import logging
import math
import re
import unicodedata
from collections.abc import Sequence, Set
from typing import Any

import numpy as np
import pandas as pd

from ..base.i18n import tr
from .lieux import AUTRE, MULTI_VALUED, PLACE_COLUMNS, finalise
from .lieux_text import clean_text, join_values, split_values

log = logging.getLogger(__name__)


def normalise(text: Any) -> str:
    """Lower-case ASCII words of ``text`` (accents and punctuation removed)."""
    return _normalised(clean_text(text) or "")


@functools.lru_cache(maxsize=65536)
def _normalised(text: str) -> str:
    """``normalise`` of a string (memoised: commune names and words repeat across places)."""
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", value).strip()


STOP_WORDS = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "a", "au", "aux", "en", "sur", "sous"}
GENERIC_NAME_WORDS = {"france", "services", "service", "msap", "maison", "public", "publics", "espace"}
ABBREVIATIONS = {
    "av": "avenue",
    "ave": "avenue",
    "bd": "boulevard",
    "bld": "boulevard",
    "r": "rue",
    "pl": "place",
    "rte": "route",
    "ch": "chemin",
    "all": "allee",
    "imp": "impasse",
}


def _words(text: Any, drop: Set[str] = frozenset()) -> set[str]:
    """Significant words of a name or address."""
    words = (ABBREVIATIONS.get(w, w) for w in normalise(text).split())
    return {w for w in words if w not in STOP_WORDS and w not in drop}


def _containment(a: set[str], b: set[str]) -> float:
    """Share of the smaller word set found in the other."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (NaN when a coordinate is unknown)."""
    if any(v is None or not math.isfinite(v) for v in (lat1, lon1, lat2, lon2)):
        return math.nan
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371000 * math.asin(math.sqrt(min(max(h, 0.0), 1.0)))  # |lat| > 90: no domain error


def match_score(a: pd.Series, b: pd.Series, max_distance: float = 300.0) -> float:
    """How surely two places of the same commune are one place (0 = not the same)."""
    generic = GENERIC_NAME_WORDS | _words(a["commune"]) | _words(b["commune"])
    names = _containment(_words(a["nom"], generic), _words(b["nom"], generic))
    address = _containment(
        _words(f"{a['adresse'] or ''} {a['complement_adresse'] or ''}"),
        _words(f"{b['adresse'] or ''} {b['complement_adresse'] or ''}"),
    )
    same_kind = (a["categorie"] == b["categorie"] and a["categorie"] != AUTRE) or bool(
        a["cat_france_services"] and b["cat_france_services"]
    )
    metres = distance_m(a["latitude"], a["longitude"], b["latitude"], b["longitude"])
    near = not math.isnan(metres) and metres <= max_distance
    if not (names >= 0.8 or (same_kind and (near or address >= 0.8)) or (near and names >= 0.5)):
        return 0.0
    return names + address + float(same_kind) + (1 - metres / max_distance if near else 0.0)


def _commune_keys(row: pd.Series) -> list[str]:
    """Keys that put the places of one commune in the same block."""
    keys = [f"insee:{row['code_insee']}"] if row["code_insee"] else []
    if row["commune"]:
        keys.append(f"name:{normalise(row['commune'])}:{(row['code_postal'] or '')[:2]}")
    return keys


def _prepared(row: dict) -> tuple:
    """Word sets and fields of one place used by the pairwise score (computed once per place)."""
    return (
        _words(row["nom"]),
        _words(row["commune"]),
        _words(f"{row['adresse'] or ''} {row['complement_adresse'] or ''}"),
        row["categorie"],
        bool(row["cat_france_services"]),
        row["latitude"],
        row["longitude"],
    )


def _score(a: tuple, b: tuple, max_distance: float) -> float:
    """``match_score`` on prepared places (same result, no pandas access)."""
    generic = GENERIC_NAME_WORDS | a[1] | b[1]
    names = _containment(a[0] - generic, b[0] - generic)
    address = _containment(a[2], b[2])
    same_kind = (a[3] == b[3] and a[3] != AUTRE) or (a[4] and b[4])
    metres = distance_m(a[5], a[6], b[5], b[6])
    near = not math.isnan(metres) and metres <= max_distance
    if not (names >= 0.8 or (same_kind and (near or address >= 0.8)) or (near and names >= 0.5)):
        return 0.0
    return names + address + float(same_kind) + (1 - metres / max_distance if near else 0.0)


def normalise_many(values: Sequence[Any]) -> list[str]:
    """``[normalise(v) for v in values]``, the distinct texts normalised in one pass."""
    texts = [v.strip() if v.__class__ is str else clean_text(v) or "" for v in values]
    unique = list(dict.fromkeys(texts))
    if any("\n" in t for t in unique):
        return [_normalised(t) for t in texts]
    joined = unicodedata.normalize("NFKD", "\n".join(unique)).encode("ascii", "ignore").decode().lower()
    done = dict(zip(unique, (t.strip() for t in re.sub(r"[^a-z0-9\n]+", " ", joined).split("\n"))))
    return [done[t] for t in texts]


def _blocks(places: pd.DataFrame) -> list[list[int]]:
    """Rows sharing a commune key (INSEE code, or name + postcode département) with another source.

    Blocks come in the order of their key's first appearance (row by row, the INSEE key first), each
    with its rows in order; the blocks of a single source, which hold no candidate pair, are left out.
    """
    insee, commune, postal = (places[c].tolist() for c in ("code_insee", "commune", "code_postal"))
    named = [i for i, name in enumerate(commune) if name]
    names = dict(zip(named, normalise_many([commune[i] for i in named])))
    keys = np.empty(2 * len(places), dtype=object)
    keys[0::2] = [f"insee:{code}" if code else None for code in insee]
    keys[1::2] = [
        f"name:{names[i]}:{(post or '')[:2]}" if i in names else None for i, post in enumerate(postal)
    ]
    rows = np.repeat(np.arange(len(places)), 2)
    present = keys != None  # noqa: E711 (element-wise)
    codes = pd.factorize(keys[present])[0]  # numbered by first appearance
    if not len(codes):
        return []
    rows = rows[present]
    order = np.argsort(codes, kind="stable")
    codes, rows = codes[order], rows[order]
    sources = pd.factorize(places["source"])[0][rows]
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    mixed = np.minimum.reduceat(sources, starts) != np.maximum.reduceat(sources, starts)
    ends = np.r_[starts[1:], len(codes)]
    return [rows[start:end].tolist() for start, end in zip(starts[mixed], ends[mixed])]


def _prepared_many(places: pd.DataFrame, rows: list[int]) -> dict[int, tuple]:
    """``_prepared`` of the given rows (their texts normalised in one pass)."""
    needed = (
        "nom",
        "commune",
        "adresse",
        "complement_adresse",
        "categorie",
        "cat_france_services",
        "latitude",
        "longitude",
    )
    values = {c: places[c].to_numpy()[rows].tolist() for c in needed}
    addresses = [f"{a or ''} {b or ''}" for a, b in zip(values["adresse"], values["complement_adresse"])]
    words = [
        [_word_set(text) for text in normalise_many(column)]
        for column in (values["nom"], values["commune"], addresses)
    ]
    return {
        row: (
            words[0][i],
            words[1][i],
            words[2][i],
            values["categorie"][i],
            bool(values["cat_france_services"][i]),
            values["latitude"][i],
            values["longitude"][i],
        )
        for i, row in enumerate(rows)
    }


def _word_set(normalised: str) -> set[str]:
    """``_words`` of already normalised text."""
    words = (ABBREVIATIONS.get(w, w) for w in normalised.split())
    return {w for w in words if w not in STOP_WORDS}


def _pairs(places: pd.DataFrame, max_distance: float) -> dict[tuple[int, int], float]:
    """Scores of the pairs of places of different sources in one block (in block order)."""
    blocks = _blocks(places)
    rows = sorted({i for members in blocks for i in members})
    prepared = _prepared_many(places, rows)
    source = dict(zip(rows, places["source"].to_numpy()[rows].tolist()))
    pairs: dict[tuple[int, int], float] = {}
    for members in blocks:
        for i, first in enumerate(members):
            for second in members[i + 1 :]:
                pair = (first, second)
                if pair in pairs or source[first] == source[second]:
                    continue
                pairs[pair] = _score(prepared[first], prepared[second], max_distance)
    return pairs


def _groups(places: pd.DataFrame, pairs: dict[tuple[int, int], float]) -> list[list[int]]:
    """Groups of two or more places merged greedily, best scores first, one place per source."""
    parent: dict[int, int] = {}
    sources: dict[int, set[str]] = {}
    column = places["source"]

    def find(i: int) -> int:
        while parent.get(i, i) != i:
            i = parent[i]
        return i

    def source_of(i: int) -> set[str]:
        if i not in sources:
            sources[i] = set(split_values(column.iat[i]))
        return sources[i]

    for (first, second), score in sorted(pairs.items(), key=lambda item: -item[1]):
        a, b = find(first), find(second)
        if score > 0 and a != b and not (source_of(a) & source_of(b)):
            parent[max(a, b)] = min(a, b)
            sources[min(a, b)] = source_of(min(a, b)) | source_of(max(a, b))
    groups: dict[int, list[int]] = {}
    for index in sorted(parent.keys() | parent.values()):
        groups.setdefault(find(index), []).append(index)
    return [members for members in groups.values() if len(members) > 1]


def merge_places(frames: Sequence[pd.DataFrame], max_distance: float = 300.0) -> pd.DataFrame:
    """Concatenate places tables and merge a place found in two sources into one row.

    Two places of different sources are the same when they share a commune and have similar names,
    or the same category and are within ``max_distance`` metres or at the same address.
    """
    places = pd.concat([f for f in frames if len(f)], ignore_index=True) if frames else pd.DataFrame()
    if places.empty:
        return finalise(pd.DataFrame(columns=PLACE_COLUMNS))
    places = finalise(places)
    multi = _groups(places, _pairs(places, max_distance))
    if not multi:
        return places
    involved = sorted({index for members in multi for index in members})
    values = {c: places[c].to_numpy()[involved].tolist() for c in PLACE_COLUMNS}
    full = {row: {c: values[c][i] for c in PLACE_COLUMNS} for i, row in enumerate(involved)}
    rows = []
    for members in multi:
        row = full[members[0]]
        for extra in (full[index] for index in members[1:]):
            for column in PLACE_COLUMNS:
                if column in MULTI_VALUED:
                    row[column] = join_values(split_values(row[column]) + split_values(extra[column]))
                elif row[column] is None or (isinstance(row[column], float) and math.isnan(row[column])):
                    row[column] = extra[column]
        rows.append(row)
    merged_rows = finalise(pd.DataFrame(rows, columns=list(PLACE_COLUMNS)))
    merged_rows.index = [m[0] for m in multi]
    keep = np.ones(len(places), dtype=bool)
    keep[involved] = False
    result = pd.concat([places[keep], merged_rows]).sort_index().reset_index(drop=True)
    merged = len(places) - len(result)
    if merged:
        log.info(tr("{n} place(s) found in two sources were merged.").format(n=merged))
    return result
