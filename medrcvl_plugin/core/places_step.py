"""The mediation places of a diagnostic: read, merged, projected and located in the communes."""

from __future__ import annotations

import pandas as pd

from . import reconcile as rec
from . import territory as terr
from .i18n import tr
from .readers import lieux

#: the reader of each places source
PLACE_READERS = {"lieux_standard": lieux.read_standard, "lieux_hub_lo": lieux.read_hub_lo,
                 "france_services": lieux.read_france_services}


def place_params(territory: terr.TerritoryCodes) -> dict:
    """URL parameters of the places sources: région and département slugs of the first département."""
    from .slugs import place_params as slugs

    return slugs(territory.departements[0] if territory.departements else "")


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
    placed = places[places["x"].notna()].copy()
    placed["code_insee_declared"] = placed["code_insee"]
    placed["code_insee"] = terr.locate_points(placed["x"], placed["y"], units, bounds=bounds_of(units))
    declared = placed["code_insee_declared"].dropna()
    xwalk, _ = rec.to_current(declared, moves, current)
    declared_current = placed["code_insee_declared"].map(xwalk.drop_duplicates("code").set_index("code")
                                                         ["current"])
    unit_current = placed["code_insee"].map(units.set_index("code_insee")["current"])
    territory_current = set(units["current"].dropna())
    inside = placed["code_insee"].notna() | declared_current.isin(territory_current)
    mine = placed[inside].copy()
    mine["flag_code_mismatch"] = (declared_current[inside].notna()
                                  & (declared_current[inside] != unit_current[inside])).astype(bool)
    unplaced = places[places["x"].isna()]
    unplaced_current = unplaced["code_insee"].map(xwalk.drop_duplicates("code").set_index("code")["current"])
    unplaced = unplaced[unplaced["code_insee"].isin(territory_current) | unplaced_current.isin(
        territory_current)].drop(columns=["x", "y"])
    if len(unplaced):
        run.warn(tr("{n} place(s) of the territory have no usable coordinates (table lieux_unplaced).")
                 .format(n=len(unplaced)))
    return placed, mine, unplaced
