"""Readers of the national programme files: Conseillers numériques France Services (CNFS) structures
and Aidants Connect structures.

Both return the same *structures table*, one row per structure of the file:
``programme`` ("conseiller_numerique" | "aidants_connect"), ``line`` (file line, header = 1), ``nom``,
``siret`` (14-digit text or None), ``code_insee`` (5-character text, repaired; None when empty or
invalid), ``code_declared`` (as written), ``code_status`` (``ok``, ``leading_zero_repaired``,
``empty_code``, ``invalid_code``), ``commune``, ``code_postal``, ``adresse`` (newlines folded into
``", "``), ``conseillers`` (int, CNFS) / ``aidants`` (int, Aidants Connect; 0 elsewhere), ``active``
(bool; CNFS rows are active), ``france_services`` (bool).

Traps handled: CNFS ``Code commune INSEE`` lost its leading zero (``1053`` = 01053; also the postal
code), ``Commune INSEE`` is the commune *name*; Aidants Connect quotes addresses holding newlines,
writes the SIRET as a float (``13002603200016.0``, ``0.0`` = none) and leaves ``City Insee Code``
empty in some rows. Wrong but well-formed codes are checked against the COG by
``core/indicators/metrics/programmes.py`` (the reader has no COG).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..base.codes import normalise_code
from ..base.errors import DataFormatError
from ..base.i18n import tr
from .csvtools import COMMUNE_CODE, line_of, read_table, to_number

log = logging.getLogger(__name__)

CNFS = "conseiller_numerique"
AIDANTS_CONNECT = "aidants_connect"
CNFS_REQUIRED = (
    "Raison sociale",
    "Commune INSEE",
    "Nombre de conseillers validés par le COSELEC",
    "SIRET",
    "Code commune INSEE",
    "Code postal",
    "Adresse",
)
AC_REQUIRED = (
    "Name",
    "Is Active",
    "City Insee Code",
    "Address",
    "Zip Code",
    "Siret",
    "City",
    "Nombre d'aidants",
)
COLUMNS = [
    "programme",
    "line",
    "nom",
    "siret",
    "code_insee",
    "code_declared",
    "code_status",
    "commune",
    "code_postal",
    "adresse",
    "conseillers",
    "aidants",
    "active",
    "france_services",
]
TRUE_WORDS = {"true", "oui", "1", "vrai", "yes"}
FALSE_WORDS = {"false", "non", "0", "faux", "no", "non défini", "non renseigné", ""}


def _source(path, source: str) -> str:
    """The name of the file in messages."""
    return source or ("<bytes>" if isinstance(path, bytes) else str(path))


WHOLE_FLOAT = re.compile(r"(\d+)\.0+")  # ``37011.0``: a number written by a spreadsheet
SIRET_DIGITS = re.compile(r"\d{1,14}")


def _missing(value) -> bool:
    """Whether a cell is empty for pandas (None, NaN, NA)."""
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _repaired(value) -> tuple[str | None, str]:
    """(repaired code or None, status) of one cell (see ``repair_codes``; ``base.codes.normalise_code``)."""
    code, padded = normalise_code(value)
    if code is None:
        return None, "empty_code"
    if not COMMUNE_CODE.fullmatch(code):
        return None, "invalid_code"
    return code, "leading_zero_repaired" if padded else "ok"


def _per_value(values: pd.Series, function) -> list:
    """``[function(v) for v in values]``, each distinct text computed once (codes repeat)."""
    done: dict = {}
    out = []
    for value in values.tolist():
        if isinstance(value, str):
            result = done.get(value, done)
            if result is done:
                result = done[value] = function(value)
        else:
            result = function(value)
        out.append(result)
    return out


def repair_codes(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(repaired codes or None, status) of commune codes written as text or numbers.

    Four digits get their leading zero back (``1053`` -> ``01053``, status ``leading_zero_repaired``);
    ``37011.0`` loses its ``.0``; empty -> ``empty_code``; anything else not a code -> ``invalid_code``.
    """
    pairs = _per_value(values, _repaired)
    codes = pd.Series([code for code, _ in pairs], index=values.index, dtype=object)
    return codes, pd.Series([status for _, status in pairs], index=values.index, dtype=object)


def _siret(value) -> str | None:
    """One SIRET cell as 14-digit text (see ``siret_text``)."""
    if _missing(value):
        return None
    text = str(value).strip().replace(" ", "")
    whole = WHOLE_FLOAT.fullmatch(text)
    text = whole.group(1) if whole else text
    if not SIRET_DIGITS.fullmatch(text):
        return None
    padded = text.zfill(14)
    return padded if padded != "0" * 14 else None


def siret_text(values: pd.Series) -> pd.Series:
    """SIRET numbers as 14-digit text (``13002603200016.0`` -> ``13002603200016``); None when absent,
    zero or not a 14-digit number once a float's lost leading zero is put back."""
    return pd.Series(_per_value(values, _siret), index=values.index, dtype=object)


def _booleans(frame: pd.DataFrame, column: str, source: str) -> pd.Series:
    """true/false (oui/non) text -> bool; anything else raises naming line and field."""
    text = frame[column].fillna("").astype(str).str.strip().str.lower()
    bad = ~text.isin(TRUE_WORDS | FALSE_WORDS)
    if bad.any():
        index = bad.idxmax()
        raise DataFormatError(
            tr("{source}: line {line}, field {field}: {value!r} is not true/false (oui/non).").format(
                source=source, line=line_of(frame, index), field=column, value=frame.at[index, column]
            ),
            source=source,
            line=line_of(frame, index),
            field=column,
        )
    return text.isin(TRUE_WORDS)


def _counts(frame: pd.DataFrame, column: str, source: str) -> pd.Series:
    """Whole non-negative numbers (empty -> 0), errors naming line and field."""
    numbers = to_number(frame, column, source=source, minimum=0).fillna(0.0)
    fractional = numbers != numbers.round()
    if fractional.any():
        index = fractional.idxmax()
        raise DataFormatError(
            tr("{source}: line {line}, field {field}: {value!r} is not a whole number.").format(
                source=source, line=line_of(frame, index), field=column, value=frame.at[index, column]
            ),
            source=source,
            line=line_of(frame, index),
            field=column,
        )
    return numbers.round().astype("int64")


NEWLINES = re.compile(r"\s*[\r\n]+\s*")


def _folded(text: str) -> str:
    """One text with its newlines folded into ``", "``."""
    if "\n" in text or "\r" in text:
        text = NEWLINES.sub(", ", text)
    return text.strip(" ,")


def _one_line(values: pd.Series) -> pd.Series:
    """Text with its embedded newlines folded into ``", "`` (quoted multi-line addresses); empty
    cells stay as they are."""
    folded = [value if _missing(value) else _folded(str(value)) for value in values.tolist()]
    return pd.Series(folded, index=values.index, dtype=object)


def _table(raw: pd.DataFrame, programme: str, **columns) -> pd.DataFrame:
    """The structures table from the columns of one file."""
    frame = pd.DataFrame(
        {"programme": programme, "line": np.arange(2, len(raw) + 2, dtype="int64")}, index=raw.index
    )
    for name in COLUMNS[2:]:
        frame[name] = columns[name]
    return frame.reset_index(drop=True)


def read_cnfs(path: str | Path | bytes, source: str = "") -> pd.DataFrame:
    """Read the CNFS structures file (``;``, ANCT, 2023-04-05) -> the structures table."""
    source = _source(path, source)
    raw = read_table(path, source=source, required=CNFS_REQUIRED, min_rows=1)
    codes, status = repair_codes(raw["Code commune INSEE"])
    postal, _ = repair_codes(raw["Code postal"])  # lost zeros too (1000 = 01000)
    repaired = int((status == "leading_zero_repaired").sum())
    if repaired:
        log.info("%s: %d commune code(s) got their lost leading zero back", source, repaired)
    services = (
        _booleans(raw, "France services", source)
        if "France services" in raw
        else pd.Series(False, index=raw.index)
    )
    return _table(
        raw,
        CNFS,
        nom=_one_line(raw["Raison sociale"]),
        siret=siret_text(raw["SIRET"]),
        code_insee=codes,
        code_declared=raw["Code commune INSEE"],
        code_status=status,
        commune=raw["Commune INSEE"],
        code_postal=postal,
        adresse=_one_line(raw["Adresse"]),
        conseillers=_counts(raw, "Nombre de conseillers validés par le COSELEC", source),
        aidants=np.zeros(len(raw), dtype="int64"),
        active=True,
        france_services=services,
    )


def read_aidants_connect(path: str | Path | bytes, source: str = "") -> pd.DataFrame:
    """Read the Aidants Connect structures file (``,``, quoted, 2024-02-12) -> the structures table
    (inactive structures kept with ``active`` False: the diagnostic leaves them out and counts them)."""
    source = _source(path, source)
    raw = read_table(path, source=source, required=AC_REQUIRED, min_rows=1)
    codes, status = repair_codes(raw["City Insee Code"])
    postal, _ = repair_codes(raw["Zip Code"])
    services = (
        _booleans(raw, "France Services Label", source)
        if "France Services Label" in raw
        else pd.Series(False, index=raw.index)
    )
    return _table(
        raw,
        AIDANTS_CONNECT,
        nom=_one_line(raw["Name"]),
        siret=siret_text(raw["Siret"]),
        code_insee=codes,
        code_declared=raw["City Insee Code"],
        code_status=status,
        commune=_one_line(raw["City"]),
        code_postal=postal,
        adresse=_one_line(raw["Address"]),
        conseillers=np.zeros(len(raw), dtype="int64"),
        aidants=_counts(raw, "Nombre d'aidants", source),
        active=_booleans(raw, "Is Active", source),
        france_services=services,
    )


TOWN_HALL = re.compile(r"\b(?:mairie|commune|ville)\s+(?:de\s+|d\s+|du\s+|des\s+)?" r"(?P<name>.+)$")


def town_hall_name(normalised_name: str) -> str | None:
    """The commune a town hall's normalised name designates (``mairie de lerne`` -> ``lerne``)."""
    match = TOWN_HALL.search(normalised_name)
    return match.group("name").strip() if match else None
