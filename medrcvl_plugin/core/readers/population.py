"""Reader of the INSEE légal populations per commune (``donnees_communes.csv``)."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from ..base.errors import DataFormatError
from ..base.i18n import tr
from .csvtools import check_commune_codes, check_unique, line_of, read_table, stripped, to_number

log = logging.getLogger(__name__)

REQUIRED = ("COM", "Commune", "DEP", "REG", "PMUN", "PTOT")
OUTPUT = ("code_insee", "nom", "dep", "reg", "pmun", "ptot")


def to_integer(frame: pd.DataFrame, column: str, *, source: str) -> pd.Series:
    """Convert a text column to non-negative integers (int64, or nullable Int64 when cells are empty)."""
    numbers = to_number(frame, column, source=source, minimum=0)
    fractional = numbers.notna() & (numbers != numbers.round())
    if fractional.any():
        index = fractional[fractional].index[0]
        raise DataFormatError(
            tr("{source}: line {line}, field {field}: {value!r} is not a whole number.").format(
                source=source, line=line_of(frame, index), field=column, value=frame.at[index, column]
            ),
            source=source,
            line=line_of(frame, index),
            field=column,
        )
    if numbers.isna().any():
        log.warning(
            tr("{source}: {n} empty value(s) in {field}").format(
                source=source, n=int(numbers.isna().sum()), field=column
            )
        )
        return numbers.round().astype("Int64")
    return numbers.round().astype("int64")


def read_population(path: str | Path | bytes, source: str = "") -> pd.DataFrame:
    """Read the populations -> df[code_insee, nom, dep, reg, pmun (int), ptot (int)]; codes are text."""
    if not source:
        source = "<bytes>" if isinstance(path, bytes) else str(path)
    raw = read_table(path, source=source, required=REQUIRED, min_rows=1, columns=())
    check_commune_codes(raw, "COM", source=source)
    check_unique(raw, "COM", source=source)
    frame = pd.DataFrame(
        {
            "code_insee": stripped(raw["COM"]),
            "nom": raw["Commune"],
            "dep": raw["DEP"],
            "reg": raw["REG"],
            "pmun": to_integer(raw, "PMUN", source=source),
            "ptot": to_integer(raw, "PTOT", source=source),
        }
    )
    log.debug("%s: %d commune populations read", source, len(frame))
    return frame.reset_index(drop=True)
