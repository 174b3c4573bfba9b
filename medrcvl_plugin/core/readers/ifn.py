"""Reader of the Indice de fragilité numérique (IFN, La MedNum/ANSA) per commune or per EPCI."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pandas as pd

from ..base.errors import DataFormatError
from ..base.i18n import tr
from .csvtools import all_match, check_commune_codes, check_unique, line_of, read_table, stripped, to_number

log = logging.getLogger(__name__)

#: IFN CSV column -> output column (all scores from 1 to 10, 10 = most fragile)
SCORES = {
    "no_thd_coverage_rate": "ifn_no_thd",
    "no_4g_coverage_rate": "ifn_no_4g",
    "poverty_rate": "ifn_poverty",
    "older_65_rate": "ifn_65plus",
    "nscol15p_rate": "ifn_low_diploma",
    "total": "ifn_score",
}
OUTPUT = ("code", "name", "division", *SCORES.values())
DIVISIONS = ("city", "epci")
SIREN = re.compile(r"^\d{9}$")
NO_EPCI = "ZZZZZZZZZ"  # INSEE placeholder for communes outside any EPCI (islands), kept as a row


def _detect_division(raw: pd.DataFrame, source: str) -> str:
    """Guess ``city`` or ``epci`` from the ``division`` column, else from the shape of the codes."""
    if "division" in raw.columns and all_match(raw["division"], "city|epci"):
        return str(raw["division"].mode().iloc[0])  # the usual case: no spaces, no capitals
    if "division" in raw.columns:
        values = raw["division"].dropna().str.strip().str.lower()
        known = values[values.isin(DIVISIONS)]
        if len(known):
            return str(known.mode().iloc[0])
    codes = raw["code"].dropna().str.strip()
    if len(codes) and codes.map(lambda c: bool(SIREN.match(c)) or c == NO_EPCI).all():
        return "epci"
    return "city"


def _check_division_column(raw: pd.DataFrame, division: str, source: str) -> None:
    """Raise when a row's ``division`` differs from the expected one (commune and EPCI files mixed)."""
    if "division" not in raw.columns or all_match(raw["division"], re.escape(division)):
        return
    values = raw["division"].map(lambda v: None if v is None else str(v).strip().lower())
    bad = values.notna() & (values != division)
    if bad.any():
        index = bad[bad].index[0]
        raise DataFormatError(
            tr(
                "{source}: line {line}, field {field}: {value!r} found, expected {expected!r} "
                "(commune and EPCI rows cannot be mixed)."
            ).format(
                source=source,
                line=line_of(raw, index),
                field="division",
                value=raw.at[index, "division"],
                expected=division,
            ),
            source=source,
            line=line_of(raw, index),
            field="division",
        )


def _check_sirens(raw: pd.DataFrame, source: str) -> None:
    """Check EPCI codes are 9-digit SIREN numbers (or ``ZZZZZZZZZ``); name the first bad line."""
    if all_match(raw["code"], "[0-9]{9}|" + NO_EPCI):
        return
    for index, value in raw["code"].items():
        code = "" if value is None else str(value).strip()
        if not SIREN.match(code) and code != NO_EPCI:
            raise DataFormatError(
                tr("{source}: line {line}, field {field}: {code!r} is not a 9-digit EPCI SIREN.").format(
                    source=source, line=line_of(raw, index), field="code", code=code
                ),
                source=source,
                line=line_of(raw, index),
                field="code",
            )


def read_ifn(path: str | Path | bytes, source: str = "", division: str | None = None) -> pd.DataFrame:
    """Read an IFN CSV -> df[code, name, division, ifn_no_thd, ifn_no_4g, ifn_poverty, ifn_65plus,
    ifn_low_diploma, ifn_score].

    ``division`` is ``"city"`` (INSEE codes, incl. PLM arrondissements) or ``"epci"`` (SIREN);
    ``None`` detects it from the file. Scores are floats from 1 to 10; empty cells stay NaN;
    a score of exactly 0 (the file's "no data", e.g. communes without inhabitants) becomes NaN
    and is reported in a warning; scores outside [0, 10] (percentages?) raise DataFormatError.
    """
    if not source:
        source = "<bytes>" if isinstance(path, bytes) else str(path)
    raw = read_table(
        path, source=source, required=("code", *SCORES), min_rows=1, columns=("name", "division")
    )
    if division is not None and division not in DIVISIONS:
        raise ValueError(f"division must be one of {DIVISIONS}, not {division!r}")
    division = division or _detect_division(raw, source)
    _check_division_column(raw, division, source)
    if division == "city":
        check_commune_codes(raw, "code", source=source)
    else:
        _check_sirens(raw, source)
    check_unique(raw, "code", source=source)
    frame = pd.DataFrame(
        {
            "code": stripped(raw["code"]),
            "name": raw["name"] if "name" in raw.columns else None,
            "division": division,
        }
    )
    for column, output in SCORES.items():
        frame[output] = to_number(raw, column, source=source, minimum=0.0, maximum=10.0)
    scores = frame[list(SCORES.values())]
    zero = scores == 0
    if zero.any(axis=None):
        all_zero = zero.all(axis=1)
        codes = frame.loc[zero.any(axis=1), "code"].tolist()
        log.warning(
            tr("{source}: {n} row(s) with scores of 0 (no data) read as missing: {codes}").format(
                source=source, n=len(codes), codes=", ".join(codes[:20]) + ("…" if len(codes) > 20 else "")
            )
        )
        log.debug("%s: %d of them entirely 0", source, int(all_zero.sum()))
        frame[list(SCORES.values())] = scores.mask(zero)
    empty = frame["ifn_score"].isna().sum()
    log.debug("%s: %d IFN %s rows read, %d without score", source, len(frame), division, int(empty))
    return frame.reset_index(drop=True)
