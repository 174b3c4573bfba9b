"""Robust reading of the CSV files of public producers: encodings, separators, HTML, codes as text."""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..base.codes import COMMUNE_CODE
from ..base.errors import DataFormatError
from ..base.i18n import tr

ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
SEPARATORS = (",", ";", "\t", "|")
#: the first line as ``str.splitlines`` cuts it (every line boundary it knows)
_FIRST_LINE = re.compile("[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]*")


def decode(data: bytes, source: str) -> str:
    """Decode UTF-8 (with or without BOM), else Windows-1252/Latin-1; reject empty and HTML answers."""
    return _decode(data, source)[0]


def _decode(data: bytes, source: str) -> tuple[str, str]:
    """``decode`` and the encoding used."""
    if not data.strip():
        raise DataFormatError(tr("{source}: the file is empty.").format(source=source), source=source)
    head = data[:512].lstrip().removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body", b"<!--")):
        raise DataFormatError(
            tr(
                "{source}: received an HTML/XML page instead of a data file "
                "(wrong URL, login page or server error)."
            ).format(source=source),
            source=source,
        )
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"  # pragma: no cover - latin-1 decodes every byte


def sniff_separator(text: str, required: Sequence[str]) -> str:
    """The separator among , ; tab | that splits the header into the most required columns."""
    first = _FIRST_LINE.match(text)  # always matches ("" for an empty text)
    header = first.group() if first else ""  # = text.splitlines()[0], without the split
    best, best_score = ",", -1
    for sep in SEPARATORS:
        names = {c.strip().strip('"').strip() for c in header.split(sep)}
        score = sum(1 for r in required if r in names) * 100 + len(names)
        if score > best_score:
            best, best_score = sep, score
    return best


def _separator_counts(text: str, sep: str) -> list[int] | None:
    """Separators per data line (blank lines count 0), or None when quoting needs the csv module."""
    if '"' in text:
        return None
    return list(map(str.count, text.splitlines()[1:], itertools.repeat(sep)))


def _no_short_rows(text: str, counts: list[int] | None, width: int) -> bool:
    """True when the counts show no non-blank line with fewer fields than the header."""
    if counts is None:
        return False
    if not counts or min(counts) >= width - 1:
        return True
    lines = text.splitlines()[1:]
    return all(not lines[i] for i, count in enumerate(counts) if count < width - 1)


def check_short_rows(text: str, sep: str, width: int, source: str) -> None:
    """Raise on the first row with fewer fields than the header (a truncated download), naming its line."""
    if _no_short_rows(text, _separator_counts(text, sep), width):
        return  # no quoting: every line has enough separators (the usual case, checked fast)
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    next(reader, None)
    for row in reader:
        if row and len(row) < width:
            raise DataFormatError(
                tr(
                    "{source}: line {line} has {found} field(s), expected {expected} "
                    "(truncated or damaged file?)."
                ).format(source=source, line=reader.line_num, found=len(row), expected=width),
                source=source,
                line=reader.line_num,
            )


def _parse_csv(
    text: str, data: bytes | None, sep: str, source: str, usecols=None, nrows=None
) -> pd.DataFrame:
    """``pd.read_csv`` of the text (of the UTF-8 ``data`` when given), every column as text."""
    buffer = io.BytesIO(data) if data is not None else io.StringIO(text)
    try:
        return pd.read_csv(
            buffer,
            sep=sep,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            quoting=csv.QUOTE_MINIMAL,
            engine="c",
            usecols=usecols,
            nrows=nrows,
            encoding="utf-8" if data is not None else None,
        )  # C decoder; BOM skipped
    except pd.errors.ParserError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
        raise DataFormatError(
            tr("{source}: malformed CSV at line {line}: {error}").format(
                source=source, line=line if line else "?", error=exc
            ),
            source=source,
            line=line,
        ) from exc
    except pd.errors.EmptyDataError as exc:
        raise DataFormatError(
            tr("{source}: the file is empty.").format(source=source), source=source
        ) from exc


def _clean_name(name) -> str:
    """A header name without surrounding spaces and BOM."""
    return str(name).strip().strip("\ufeff")


def _select(
    text: str, data: bytes | None, sep: str, source: str, required: Sequence[str], columns: Sequence[str]
) -> tuple[pd.DataFrame, int] | None:
    """Read only ``required`` and ``columns`` (and the header width), or None for a full read."""
    header = _parse_csv(text, data, sep, source, nrows=0)
    names = [_clean_name(c) for c in header.columns]
    wanted = {*required, *columns}
    counts = _separator_counts(text, sep)
    if (
        any(r not in names for r in required)
        or len(set(names)) != len(names)
        or counts is None
        or not _no_short_rows(text, counts, len(names))
        or max(counts, default=0) >= len(names)
    ):
        return None  # errors, duplicates, quoting or long rows: the full read words them
    frame = _parse_csv(text, data, sep, source, usecols=lambda c: _clean_name(c) in wanted)
    return frame, len(names)


def check_header(names: Sequence[str], required: Sequence[str], source: str) -> None:
    """Raise a DataFormatError naming line 1 when ``names`` (a header) lacks a ``required`` column."""
    missing = [c for c in required if c not in names]
    if missing:
        raise DataFormatError(
            tr(
                "{source}: line 1 (header): missing column(s) {missing}; expected {expected} "
                "(found: {found})."
            ).format(
                source=source,
                missing=", ".join(missing),
                expected=", ".join(required),
                found=", ".join(list(names)[:20]),
            ),
            source=source,
            line=1,
            field=missing[0],
        )


def read_table(
    path_or_bytes: str | Path | bytes,
    *,
    source: str,
    required: Sequence[str],
    sep: str | None = None,
    min_rows: int = 0,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Read a delimited text file with every column as text (``None`` for empty cells).

    ``columns`` (None: all) restricts the result to ``required`` plus those columns (faster).
    Raises :class:`DataFormatError` naming ``source`` for empty files, HTML pages, missing
    columns (listing the columns found), ragged or truncated rows (naming the line) and
    fewer than ``min_rows`` data rows.
    """
    if isinstance(path_or_bytes, bytes):
        data = path_or_bytes
    else:
        path = Path(path_or_bytes)
        source = source or str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DataFormatError(
                tr("{source}: cannot read the file ({error}).").format(source=source, error=exc),
                source=source,
            ) from exc
    text, encoding = _decode(data, source)
    utf8 = data if encoding == "utf-8-sig" else None
    sep = sep or sniff_separator(text, required)
    selected = _select(text, utf8, sep, source, required, columns) if columns is not None else None
    if selected is not None:
        frame, width = selected
        frame.columns = [_clean_name(c) for c in frame.columns]
    else:
        frame = _parse_csv(text, utf8, sep, source)
        frame.columns = [_clean_name(c) for c in frame.columns]
        width = len(frame.columns)
        missing = [c for c in required if c not in frame.columns]
        if missing and len(frame.columns) == 1 and len(required) > 1:
            raise DataFormatError(
                tr(
                    "{source}: line 1: the header is not split by , ; tab or | (wrong separator?); "
                    "expected columns {expected}, found {found!r}."
                ).format(source=source, expected=", ".join(required), found=str(frame.columns[0])[:200]),
                source=source,
                line=1,
                field=missing[0],
            )
        check_header(list(frame.columns), required, source)
        check_short_rows(text, sep, width, source)
    if len(frame) < min_rows:
        raise DataFormatError(
            tr("{source}: {found} data row(s), expected at least {expected} (truncated file?).").format(
                source=source, found=len(frame), expected=min_rows
            ),
            source=source,
        )
    return _with_none(frame)


def _with_none(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as object columns with None for missing cells."""
    values = {}
    for position in range(frame.shape[1]):
        column = frame.iloc[:, position].to_numpy(dtype=object, copy=True)
        missing = pd.isna(column)
        if missing.any():
            column[missing] = None
        values[position] = column
    result = pd.DataFrame(values, index=frame.index, copy=False)
    result.columns = frame.columns
    return result


def stripped(values: pd.Series) -> pd.Series:
    """``values.str.strip()``, skipped when no value has surrounding spaces (same result)."""
    if all_match(values, r"\S(?:[^\x00]*\S)?"):
        return values.copy()
    return values.str.strip()


def all_match(values: pd.Series, pattern: str) -> bool:
    """True when every value is a str fully matching ``pattern`` (a regex that cannot match NUL)."""
    items = values.tolist()
    if not items:
        return True
    try:
        joined = "\x00".join(items)
    except TypeError:
        return False  # None or non-text values
    if joined.count("\x00") != len(items) - 1:
        return False
    return re.fullmatch(f"(?:(?:{pattern})\x00)*(?:{pattern})", joined) is not None


def line_of(frame: pd.DataFrame, index) -> int:
    """1-based file line of a row (header = line 1), assuming a default RangeIndex."""
    return int(index) + 2


def to_number(
    frame: pd.DataFrame,
    column: str,
    *,
    source: str,
    minimum: float | None = None,
    maximum: float | None = None,
) -> pd.Series:
    """Convert a text column to float (decimal comma accepted); bad values raise naming line and field."""
    raw = frame[column]
    if all_match(raw, "[0-9]{1,15}"):  # whole numbers: exact in int64, as pd.to_numeric gives them
        numbers = pd.Series(np.array(raw.tolist(), dtype=np.int64), index=raw.index, name=raw.name)
    else:
        numbers = pd.to_numeric(raw, errors="coerce")  # fast path: plain numbers parsed in C
    missing = numbers.isna()
    redo = missing & raw.notna() if missing.any() else missing
    cleaned = raw if not redo.any() else raw.where(raw.isna(), "0")  # "0": parsed by the fast path
    if redo.any():  # decimal commas, thousands separators, stray spaces
        text = (
            raw[redo]
            .astype(str)
            .str.strip()
            .str.replace("\u202f", "", regex=False)
            .str.replace(" ", "", regex=False)
            .str.replace(",", ".", regex=False)
        )
        cleaned = cleaned.astype(object)
        cleaned[redo] = text
        numbers = numbers.astype(float)
        numbers[redo] = pd.to_numeric(text, errors="coerce")
    bad = numbers.isna() & cleaned.notna() & (cleaned != "") if redo.any() else redo
    if bad.any():
        index = bad[bad].index[0]
        raise DataFormatError(
            tr("{source}: line {line}, field {field}: {value!r} is not a number.").format(
                source=source, line=line_of(frame, index), field=column, value=raw[index]
            ),
            source=source,
            line=line_of(frame, index),
            field=column,
        )
    for limit, test in (
        (minimum, numbers < (minimum if minimum is not None else 0)),
        (maximum, numbers > (maximum if maximum is not None else 0)),
    ):
        if limit is None:
            continue
        if test.any():
            index = test[test].index[0]
            raise DataFormatError(
                tr("{source}: line {line}, field {field}: {value} is outside [{low}, {high}].").format(
                    source=source,
                    line=line_of(frame, index),
                    field=column,
                    value=raw[index],
                    low=minimum if minimum is not None else "-∞",
                    high=maximum if maximum is not None else "+∞",
                ),
                source=source,
                line=line_of(frame, index),
                field=column,
            )
    return numbers.astype(float)


def check_commune_codes(frame: pd.DataFrame, column: str, *, source: str, allow_empty: bool = False) -> None:
    """Check INSEE commune codes are 5-character text (``01001``, ``2A004``); name the first bad line."""
    values = frame[column]
    if all_match(values[values.notna()] if allow_empty else values, "[0-9]{5}|2[AB][0-9]{3}"):
        return  # the usual case, checked in one pass
    text = values.where(values.isna(), values.astype(str).str.strip())
    empty = text.isna() | (text == "")
    good = text.str.match(COMMUNE_CODE.pattern, na=False).astype(bool)
    bad = ~good & ~empty if allow_empty else ~good
    if not bad.any():
        return
    index = bad.idxmax()
    if empty[index]:
        raise DataFormatError(
            tr("{source}: line {line}, field {field}: empty commune code.").format(
                source=source, line=line_of(frame, index), field=column
            ),
            source=source,
            line=line_of(frame, index),
            field=column,
        )
    code = str(text[index])
    hint = ""
    if code.isdigit() and len(code) == 4:
        hint = tr(" (a leading zero was probably lost: expected {fixed})").format(fixed="0" + code)
    raise DataFormatError(
        tr("{source}: line {line}, field {field}: {code!r} is not a 5-character INSEE code{hint}.").format(
            source=source, line=line_of(frame, index), field=column, code=code, hint=hint
        ),
        source=source,
        line=line_of(frame, index),
        field=column,
    )


def check_unique(frame: pd.DataFrame, column: str, *, source: str, key: pd.Series | None = None) -> None:
    """Raise when a key appears twice, naming both lines.

    ``key`` (aligned on ``frame``) replaces ``frame[column]`` for composite keys such as ``TYPECOM:COM``.
    """
    values = frame[column] if key is None else key
    duplicated = values.duplicated(keep=False) & values.notna()
    if duplicated.any():
        rows = duplicated[duplicated].index[:2]
        raise DataFormatError(
            tr("{source}: field {field}: code {code} appears twice (lines {first} and {second}).").format(
                source=source,
                field=column,
                code=values[rows[0]],
                first=line_of(frame, rows[0]),
                second=line_of(frame, rows[1]),
            ),
            source=source,
            line=line_of(frame, rows[1]),
            field=column,
        )
