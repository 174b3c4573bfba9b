"""Column-wise text helpers of the places readers: codes, phones, dates, opening hours."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd

DAYS = (
    ("h_lundi", "Mo"),
    ("h_mardi", "Tu"),
    ("h_mercredi", "We"),
    ("h_jeudi", "Th"),
    ("h_vendredi", "Fr"),
    ("h_samedi", "Sa"),
    ("h_dimanche", "Su"),
)

HOURS = re.compile(r"(\d{1,2})[:h](\d{2})\s*-\s*(\d{1,2})[:h](\d{2})")


def clean_text(value: Any) -> str | None:
    """Stripped text, or None for empty/NaN values."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def split_values(value: Any) -> list[str]:
    """The items of a ``|``-separated multi-value cell."""
    text = clean_text(value)
    return [v.strip() for v in text.split("|") if v.strip()] if text else []


def join_values(values: Iterable[str]) -> str | None:
    """Join unique items with ``|`` in first-seen order (None when empty)."""
    unique = list(dict.fromkeys(v for v in values if v))
    return "|".join(unique) if unique else None


def iso_date(value: Any) -> str | None:
    """An ISO date from ``YYYY-MM-DD``, ``YYYY/MM/DD hh:mm…`` or ``DD/MM/YYYY`` text (None if none)."""
    text = clean_text(value)
    if not text:
        return None
    match = re.match(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})", text)
    if match:
        year, month, day = match.groups()
    else:
        match = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        if not match:
            return None
        day, month, year = match.groups()
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def phone(value: Any) -> str | None:
    """A French phone number in the standard's ``+33…`` form (the text unchanged if it is not one)."""
    text = clean_text(value)
    if not text:
        return None
    digits = re.sub(r"[\s.\-()]", "", text)
    if re.fullmatch(r"0\d{9}", digits):
        return "+33" + digits[1:]
    return text


def texts(values: pd.Series) -> pd.Series:
    """``values.map(clean_text)``, fast for text cells (stripped text, None for blanks)."""
    items = [(v.strip() or None) if v.__class__ is str else clean_text(v) for v in values.tolist()]
    return pd.Series(items, index=values.index, dtype=object)


def per_unique(values: pd.Series, func: Callable[[Any], Any]) -> np.ndarray:
    """``[func(v) for v in values]`` as an object array, ``func`` computed once per distinct text."""
    if pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
        return object_array([func(v) for v in values])
    codes, uniques = pd.factorize(values)  # missing values get -1: the last result, func(None)
    return object_array([*(func(u) for u in uniques), func(None)])[codes]


def object_array(items: list) -> np.ndarray:
    """A 1-D object array of ``items`` (tuples stay whole)."""
    array = np.empty(len(items), dtype=object)
    array[:] = items
    return array


def _phone(text: str | None) -> str | None:
    """``phone`` of stripped text (digits separated by spaces handled without regular expressions)."""
    digits = text.replace(" ", "") if text is not None else ""
    if len(digits) == 10 and digits[0] == "0" and digits.isascii() and digits.isdigit():
        return "+33" + digits[1:]
    return phone(text)


def phones(values: pd.Series) -> pd.Series:
    """``values.map(phone)`` computed fast."""
    return pd.Series([_phone(t) for t in texts(values)], index=values.index, dtype=object)


def _opening_hours(row: pd.Series) -> str | None:
    """OSM opening_hours from France Services day columns (``09:00 - 12:00 / 14:00 - 17:00``)."""
    parts = [_day_hours(row.get(column), day) for column, day in DAYS]
    return None if False in parts else "; ".join(p for p in parts if isinstance(p, str) and p) or None


def _day_hours(value: Any, day: str) -> str | bool | None:
    """``Mo 09:00-12:00,14:00-17:00`` from one day cell; None when empty, False when unreadable."""
    text = clean_text(value)
    if not text:
        return None
    spans = _spans(text)
    return day + " " + spans if spans else False


def _spans(text: str) -> str:
    """The ``hh:mm-hh:mm`` spans found in ``text``, comma-separated ("" when none)."""
    return ",".join(f"{int(a):02d}:{b}-{int(c):02d}:{d}" for a, b, c, d in HOURS.findall(text))


def opening_hours(raw: pd.DataFrame) -> list[str | None]:
    """``_opening_hours`` of every row of ``raw``, each distinct cell parsed once."""
    spans: dict[Any, str | bool | None] = {}  # cell -> " 09:00-12:00,…" (no day yet), None, False
    pieces: dict[str, str] = {}  # "14:00 - 17:00" -> "14:00-17:00" (a span never crosses a "/")
    days = []
    for column, day in DAYS:
        if column in raw.columns:
            cells = raw[column].tolist()
            parsed = {}
            for cell in set(cells):
                if cell not in spans:
                    spans[cell] = _day_spans(cell, pieces)
                span = spans[cell]
                parsed[cell] = day + span if isinstance(span, str) and span else span
            days.append([parsed[cell] for cell in cells])
    if not days:
        return [None] * len(raw)
    return [None if False in parts else "; ".join([p for p in parts if p]) or None for parts in zip(*days)]


def _day_spans(value: Any, pieces: dict[str, str]) -> str | bool | None:
    """``_day_hours(value, "")``, the ``/``-separated pieces of the cell formatted once (``pieces``)."""
    text = clean_text(value)
    if not text or "/" not in text:
        return _day_hours(text, "")
    found = []
    for piece in text.split("/"):
        if piece not in pieces:
            pieces[piece] = _spans(piece)
        if pieces[piece]:
            found.append(pieces[piece])
    return " " + ",".join(found) if found else False
