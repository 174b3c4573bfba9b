"""The mediation places of a diagnostic: read, merged, projected and located in the communes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import reconcile as rec
from . import territory as terr
from .i18n import tr
from .readers import lieux

#: the reader of each places source
PLACE_READERS = {"lieux_standard": lieux.read_standard, "lieux_hub_lo": lieux.read_hub_lo,
                 "france_services": lieux.read_france_services}


def place_params(territory: terr.TerritoryCodes) -> dict:
    """URL parameters of the places sources: every département of the territory and its neighbours."""
    from .departements import places_params

    return places_params(territory.departements)


def bounds_of(units: pd.DataFrame):
    """The (n, 4) envelopes of the units when read in bulk with them (else None)."""
    columns = list(terr.SURFACE_COLUMNS[2:])
    return units[columns].to_numpy(dtype=float) if set(columns) <= set(units.columns) else None


def locate_places(run, units: pd.DataFrame, moves: rec.Movements, current: set,
                  territory: terr.TerritoryCodes) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(all places with x/y, places of the territory with codes/flags, unplaced places); ``run``: the
    diagnostic's ``prefetch._Run``."""
    frames = []
    for source_id in run.params.place_sources:
        frame = run.read(source_id, PLACE_READERS[source_id], "lieux_*, n_*, dist_*",
                         params=place_params(territory))
        if frame is not None:
            frames.append(frame)
    places = lieux.merge_places(frames)
    places["x"], places["y"] = terr.lonlat_to_2154(places["longitude"], places["latitude"])
    has_xy = places["x"].notna().to_numpy(dtype=bool)
    placed = places[has_xy].copy()
    placed["code_insee_declared"] = placed["code_insee"]
    placed["code_insee"] = terr.locate_points(placed["x"], placed["y"], units, bounds=bounds_of(units))
    declared = placed["code_insee_declared"].dropna()
    xwalk, _ = rec.to_current(declared, moves, current)
    to_current = xwalk.drop_duplicates("code").set_index("code")["current"]
    declared_current = placed["code_insee_declared"].map(to_current)
    rows = pd.Index(units["code_insee"]).get_indexer(placed["code_insee"])  # as a map: unique codes expected
    unit_current = pd.Series(np.append(units["current"].to_numpy(dtype=object), np.nan)[rows],  # -1: NaN
                             index=placed.index, dtype=object)
    territory_current = set(units["current"].dropna().tolist())
    inside = placed["code_insee"].notna().to_numpy(dtype=bool) | _member(declared_current, territory_current)
    mine = placed[inside].copy()
    mine["flag_code_mismatch"] = (declared_current[inside].notna()
                                  & (declared_current[inside] != unit_current[inside])).astype(bool)
    unplaced = places[~has_xy]
    unplaced_current = unplaced["code_insee"].map(to_current)
    unplaced = unplaced[_member(unplaced["code_insee"], territory_current)
                        | _member(unplaced_current, territory_current)].drop(columns=["x", "y"])
    if len(unplaced):
        run.warn(tr("{n} place(s) of the territory have no usable coordinates (table lieux_unplaced).")
                 .format(n=len(unplaced)))
    return placed, mine, unplaced


def _member(values: pd.Series, codes: set) -> np.ndarray:
    """Whether each value is in ``codes`` (as ``isin``; missing values are not)."""
    return np.fromiter(map(codes.__contains__, values.tolist()), dtype=bool, count=len(values))
