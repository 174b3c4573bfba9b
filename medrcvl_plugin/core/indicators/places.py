"""The mediation places of a diagnostic: read, merged, projected and located in the communes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..base.i18n import tr
from ..geometry import units as geo
from ..geometry.coordinates import coordinate_problems
from ..readers import lieux, lieux_merge, lieux_text
from ..territory import reconcile as rec
from ..territory import selection as terr

#: the reader of each places source
PLACE_READERS = {
    "lieux_standard": lieux.read_standard,
    "lieux_hub_lo": lieux.read_hub_lo,
    "france_services": lieux.read_france_services,
}


def place_params(territory: terr.TerritoryCodes) -> dict:
    """URL parameters of the places sources: every département of the territory and its neighbours."""
    from ..sources.departements import places_params

    return places_params(territory.departements)


def bounds_of(units: pd.DataFrame):
    """The (n, 4) envelopes of the units when read in bulk with them (else None)."""
    columns = list(geo.SURFACE_COLUMNS[2:])
    return units[columns].to_numpy(dtype=float) if set(columns) <= set(units.columns) else None


def locate_places(
    run, units: pd.DataFrame, moves: rec.Movements, current: set, territory: terr.TerritoryCodes
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(all places with x/y, places of the territory with codes/flags, unplaced places); ``run``: the
    diagnostic's ``prefetch.Run``."""
    frames, refused = [], []
    for source_id in run.params.place_sources:
        frame = run.read(
            source_id, PLACE_READERS[source_id], "lieux_*, n_*, dist_*", params=place_params(territory)
        )
        if frame is not None:
            frame, wrong = _checked(frame)  # before the merge (distances) and PROJ see them
            frames.append(frame)
            refused.append(wrong)
    places = lieux_merge.merge_places(frames)
    wrong = pd.concat(refused) if refused else pd.DataFrame(columns=["lieu_id", "nom", "reason"])
    _warn_wrong(run, wrong)
    places["x"], places["y"] = geo.lonlat_to_2154(places["longitude"], places["latitude"])
    has_xy = np.isfinite(places["x"].to_numpy(dtype=float)) & np.isfinite(places["y"].to_numpy(dtype=float))
    reasons = _reasons_of(places, wrong.drop_duplicates("lieu_id").set_index("lieu_id")["reason"])
    unprojected = pd.isna(reasons) & places["latitude"].notna().to_numpy(dtype=bool)
    reasons[unprojected & ~has_xy] = tr("could not be projected to Lambert-93 (EPSG:2154)")
    placed = places[has_xy].copy()
    placed["code_insee_declared"] = placed["code_insee"]
    placed["code_insee"] = geo.locate_points(placed["x"], placed["y"], units, bounds=bounds_of(units))
    declared = placed["code_insee_declared"].dropna()
    xwalk, _ = rec.to_current(declared, moves, current)
    to_current = xwalk.drop_duplicates("code").set_index("code")["current"]
    declared_current = placed["code_insee_declared"].map(to_current)
    rows = pd.Index(units["code_insee"]).get_indexer(placed["code_insee"])  # as a map: unique codes expected
    unit_current = pd.Series(
        np.append(units["current"].to_numpy(dtype=object), np.nan)[rows],  # -1: NaN
        index=placed.index,
        dtype=object,
    )
    territory_current = set(units["current"].dropna().tolist())
    inside = placed["code_insee"].notna().to_numpy(dtype=bool) | _member(declared_current, territory_current)
    mine = placed[inside].copy()
    mine["flag_code_mismatch"] = (
        declared_current[inside].notna() & (declared_current[inside] != unit_current[inside])
    ).astype(bool)
    none = tr("no coordinates (empty or 0,0)")
    unplaced = places[~has_xy].assign(reason=[none if r is None else r for r in reasons[~has_xy].tolist()])
    unplaced_current = unplaced["code_insee"].map(to_current)
    unplaced = unplaced[
        _member(unplaced["code_insee"], territory_current) | _member(unplaced_current, territory_current)
    ].drop(columns=["x", "y"])
    if len(unplaced):
        run.warn(
            tr(
                "{n} place(s) of the territory have no usable coordinates (table lieux_unplaced, "
                "column reason)."
            ).format(n=len(unplaced))
        )
    return placed, mine, unplaced


def _checked(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(``frame`` with its unusable coordinates blanked, df[lieu_id, nom, reason] of those places)."""
    reasons = coordinate_problems(frame["latitude"], frame["longitude"])
    bad = pd.notna(reasons)
    wrong = pd.DataFrame(
        {
            "lieu_id": frame["lieu_id"][bad].to_numpy(dtype=object),
            "nom": frame["nom"][bad].to_numpy(dtype=object),
            "reason": reasons[bad],
        }
    )
    if bad.any():
        frame = frame.assign(latitude=frame["latitude"].where(~bad), longitude=frame["longitude"].where(~bad))
    return frame, wrong


def _reasons_of(places: pd.DataFrame, refused: pd.Series) -> np.ndarray:
    """The refusal reason of each merged place without coordinates (by its id or a merged id)."""
    reasons = np.full(len(places), None, dtype=object)
    if not len(refused):
        return reasons
    missing = np.flatnonzero(places["latitude"].isna().to_numpy(dtype=bool))
    ids, merged = places["lieu_id"].to_numpy(dtype=object), places["merged_ids"].to_numpy(dtype=object)
    for row in missing.tolist():
        for lieu in [ids[row], *lieux_text.split_values(merged[row])]:
            if lieu in refused.index:
                reasons[row] = refused[lieu]
                break
    return reasons


def _warn_wrong(run, wrong: pd.DataFrame) -> None:
    """One warning for the places whose coordinates were refused, naming the first ones and why."""
    if not len(wrong):
        return
    first = wrong.head(5)
    named = [f"{_label(i, n)}: {r}" for i, n, r in zip(first["lieu_id"], first["nom"], first["reason"])]
    run.warn(
        tr("{n} place(s) with unusable coordinates were not placed: {list}").format(
            n=len(wrong), list="; ".join(named) + (" …" if len(wrong) > 5 else "")
        )
    )


def _label(lieu_id, nom) -> str:
    """A place named in a message: its name and identifier."""
    return f"{nom or '?'} ({lieu_id})"


def _member(values: pd.Series, codes: set) -> np.ndarray:
    """Whether each value is in ``codes`` (as ``isin``; missing values are not)."""
    return np.fromiter(map(codes.__contains__, values.tolist()), dtype=bool, count=len(values))
