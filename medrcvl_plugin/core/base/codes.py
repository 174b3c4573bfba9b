"""Commune codes as text: the one cleaner of every reader, layer and dialog (a lost leading zero restored)."""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd

#: an INSEE commune code: five digits, or Corsica's 2A/2B and three digits
COMMUNE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
_INTEGER_TEXT = re.compile(r"\d+\.0+")


def normalise_code(value: Any) -> tuple[str | None, bool]:
    """(the code as stripped upper-case text, True when a lost leading zero was restored).

    None for empty values (None, NaN, a QGIS NULL, blank text, the text ``NULL``); ``37011.0`` and the
    float 37011.0 give ``37011``; four digits get their leading zero back (``1053`` -> ``01053``, what an
    integer column or a spreadsheet does to ``01053``). Anything else is returned as it is, for the caller
    to check against ``COMMUNE_CODE`` and report.
    """
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None, False
    if isinstance(value, float):
        if math.isnan(value):
            return None, False
        if value.is_integer():
            value = int(value)
    text = str(value).strip().upper()
    if not text or text == "NULL" or text == "<NA>":
        return None, False
    if _INTEGER_TEXT.fullmatch(text):
        text = text.split(".", 1)[0]
    if len(text) == 4 and text.isdigit():
        return "0" + text, True
    return text, False


def commune_code(value: Any) -> str | None:
    """``normalise_code`` without the repair flag."""
    return normalise_code(value)[0]


def commune_codes(values: pd.Series) -> pd.Series:
    """``values.map(commune_code)`` (same index), each distinct value cleaned once."""
    cleaned = {}
    items = []
    for value in values.tolist():
        key = (type(value), value) if not (isinstance(value, float) and math.isnan(value)) else "nan"
        if key not in cleaned:
            cleaned[key] = commune_code(value)
        items.append(cleaned[key])
    return pd.Series(items, index=values.index, dtype=object)
