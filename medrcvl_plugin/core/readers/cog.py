"""Readers of the INSEE Code officiel géographique (COG): communes and commune events."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pandas as pd

from ..base.errors import DataFormatError
from ..base.i18n import tr
from .csvtools import all_match, check_commune_codes, check_unique, line_of, read_table

log = logging.getLogger(__name__)

TYPECOMS = ("COM", "COMA", "COMD", "ARM")
COMMUNE_COLUMNS = ("TYPECOM", "COM", "REG", "DEP", "LIBELLE", "COMPARENT")
MOVEMENT_COLUMNS = (
    "MOD",
    "DATE_EFF",
    "TYPECOM_AV",
    "COM_AV",
    "LIBELLE_AV",
    "TYPECOM_AP",
    "COM_AP",
    "LIBELLE_AP",
)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _check_typecom(frame: pd.DataFrame, column: str, source: str, allow_empty: bool = False) -> None:
    """Raise on a TYPECOM value outside COM, COMA, COMD, ARM, naming the line."""
    bad = ~frame[column].isin(TYPECOMS)
    if allow_empty:
        bad &= frame[column].notna()
    if bad.any():
        index = bad[bad].index[0]
        raise DataFormatError(
            tr(
                "{source}: line {line}, field {field}: {value!r} is not a commune type; "
                "expected one of {expected}."
            ).format(
                source=source,
                line=line_of(frame, index),
                field=column,
                value=frame.at[index, column],
                expected=", ".join(TYPECOMS),
            ),
            source=source,
            line=line_of(frame, index),
            field=column,
        )


def _source(path: str | Path | bytes, source: str) -> str:
    """The name used in messages: ``source`` or the file path."""
    if source:
        return source
    return "<bytes>" if isinstance(path, bytes) else str(path)


def read_cog_communes(path: str | Path | bytes, source: str = "") -> pd.DataFrame:
    """Read the COG communes file -> df[typecom, com, reg, dep, libelle, comparent] (all text)."""
    source = _source(path, source)
    raw = read_table(path, source=source, required=COMMUNE_COLUMNS, min_rows=1, columns=())
    _check_typecom(raw, "TYPECOM", source)
    check_commune_codes(raw, "COM", source=source)
    check_commune_codes(raw, "COMPARENT", source=source, allow_empty=True)
    check_unique(raw, "COM", source=source, key=raw["TYPECOM"] + ":" + raw["COM"])
    frame = raw[list(COMMUNE_COLUMNS)].copy()
    frame.columns = [c.lower() for c in COMMUNE_COLUMNS]
    log.debug("%s: %d COG communes read", source, len(frame))
    return frame.reset_index(drop=True)


def read_cog_movements(path: str | Path | bytes, source: str = "") -> pd.DataFrame:
    """Read the COG commune events -> df[mod (int), date_eff (ISO str), typecom_av, com_av, libelle_av, ...].

    The "before" side is empty (None) for creations (MOD 20), the "after" side for suppressions (MOD 30).
    """
    source = _source(path, source)
    raw = read_table(path, source=source, required=MOVEMENT_COLUMNS, min_rows=1, columns=())
    plain_mod = all_match(raw["MOD"], "[0-9]+")
    plain_date = all_match(raw["DATE_EFF"], "[0-9]{4}-[0-9]{2}-[0-9]{2}")
    for index, value in [] if plain_mod else raw["MOD"].items():
        if value is None or not str(value).strip().isdigit():
            raise DataFormatError(
                tr("{source}: line {line}, field {field}: {value!r} is not an event code (integer).").format(
                    source=source, line=line_of(raw, index), field="MOD", value=value
                ),
                source=source,
                line=line_of(raw, index),
                field="MOD",
            )
    for index, value in [] if plain_date else raw["DATE_EFF"].items():
        if value is None or not ISO_DATE.match(str(value).strip()):
            raise DataFormatError(
                tr("{source}: line {line}, field {field}: {value!r} is not a date YYYY-MM-DD.").format(
                    source=source, line=line_of(raw, index), field="DATE_EFF", value=value
                ),
                source=source,
                line=line_of(raw, index),
                field="DATE_EFF",
            )
    # creations (MOD 20) have no "before" side, suppressions (MOD 30) no "after" side
    for column in ("TYPECOM_AV", "TYPECOM_AP"):
        _check_typecom(raw, column, source, allow_empty=True)
    for column in ("COM_AV", "COM_AP"):
        check_commune_codes(raw, column, source=source, allow_empty=True)
    frame = raw[list(MOVEMENT_COLUMNS)].copy()
    frame.columns = [c.lower() for c in MOVEMENT_COLUMNS]
    if plain_mod:
        frame["mod"] = frame["mod"].astype(int)
    else:
        frame["mod"] = frame["mod"].map(lambda v: int(str(v).strip())).astype(int)
    if not plain_date:
        frame["date_eff"] = frame["date_eff"].map(lambda v: str(v).strip())
    log.debug("%s: %d COG events read", source, len(frame))
    return frame.reset_index(drop=True)
