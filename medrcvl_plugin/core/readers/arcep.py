"""Readers of the ARCEP "Ma connexion internet" commune statistics and the derived coverage shares."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd

from ..base.errors import DataFormatError
from ..base.i18n import tr
from .csvtools import check_commune_codes, line_of, read_table, to_number

log = logging.getLogger(__name__)

TEXT_COLUMNS = ("code_insee", "nom_com", "code_dep", "code_reg", "type", "date")
KEY = ("code_insee", "nbr")
#: file kind -> columns that identify it (checked in this order)
KINDS = (
    ("commune_debit_filaire", ("elig_bhd8", "elig_thd30")),
    ("commune_meilleure_techno_thd", ("nbr_elig_8", "elig_ftth")),
    ("commune_techno", ("elig_ftth", "elig_cu")),
)
OUTPUT = ("code_insee", "arcep_nbr_locaux", "ftth_share", "thd30_share", "below8_share", "arcep_date")


def detect_kind(columns) -> str | None:
    """Which ARCEP commune file a header belongs to (``commune_techno``, ...), or None."""
    names = set(columns)
    for kind, needed in KINDS:
        if all(column in names for column in needed):
            return kind
    return None


def read_arcep(path: str | Path | bytes, source: str = "", kind: str | None = None) -> pd.DataFrame:
    """Read one ARCEP commune CSV (``;``) -> raw columns, counts as floats, ``code_insee`` text.

    The file kind (detected from the header unless given) is kept in ``frame.attrs["arcep_file"]``.
    """
    if not source:
        source = "<bytes>" if isinstance(path, bytes) else str(path)
    raw = read_table(path, source=source, required=KEY, min_rows=1)
    detected = detect_kind(raw.columns)
    if detected is None or (kind is not None and detected != kind):
        expected = kind or " / ".join(k for k, _ in KINDS)
        raise DataFormatError(
            tr("{source}: not an ARCEP {expected} file (columns found: {found}).").format(
                source=source, expected=expected, found=", ".join(raw.columns[:20])
            ),
            source=source,
            line=1,
        )
    check_commune_codes(raw, "code_insee", source=source)
    key = raw["code_insee"] + ":" + (raw["type"].fillna("") if "type" in raw.columns else "")
    duplicated = key.duplicated(keep=False)
    if duplicated.any():
        rows = duplicated[duplicated].index[:2]
        raise DataFormatError(
            tr("{source}: field {field}: code {code} appears twice (lines {first} and {second}).").format(
                source=source,
                field="code_insee",
                code=raw.at[rows[0], "code_insee"],
                first=line_of(raw, rows[0]),
                second=line_of(raw, rows[1]),
            ),
            source=source,
            line=line_of(raw, rows[1]),
            field="code_insee",
        )
    frame = raw.copy()
    for column in frame.columns:
        if column not in TEXT_COLUMNS:
            frame[column] = to_number(raw, column, source=source, minimum=0)
    frame.attrs["arcep_file"] = detected
    log.debug("%s: %d ARCEP %s rows read", source, len(frame), detected)
    return frame.reset_index(drop=True)


def _prepare(table, kind: str) -> pd.DataFrame | None:
    """A read_arcep frame (or a path to read) restricted to ``type == 'all'`` rows, indexed by code."""
    if table is None:
        return None
    if not isinstance(table, pd.DataFrame):
        table = read_arcep(table, kind=kind)
    if "type" in table.columns:
        table = table[table["type"].fillna("").str.strip().str.lower() == "all"]
    return table.set_index("code_insee")


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator / denominator, NaN where the denominator is 0 or missing."""
    denominator = denominator.where(denominator > 0)
    return (numerator / denominator).astype(float)


def commune_shares(techno=None, debit=None, best=None) -> pd.DataFrame:
    """Coverage shares per commune -> df[code_insee, arcep_nbr_locaux, ftth_share, thd30_share, below8_share,
    arcep_date] (fractions 0–1 of the premises ``nbr``).

    Each argument is a :func:`read_arcep` frame or a path: ``techno`` = commune_techno,
    ``debit`` = commune_debit_filaire, ``best`` = commune_meilleure_techno_thd; only ``type == 'all'`` rows.

    - ``ftth_share = elig_ftth / nbr`` (commune_techno; for communes it lacks, or without it,
      commune_meilleure_techno_thd, where each premises counts once under its best technology and
      FTTH is always the best, so both give the same figure);
    - ``thd30_share = elig_thd30 / nbr`` (commune_debit_filaire; thresholds are cumulative,
      so ``elig_thd30`` = premises with >= 30 Mbit/s wired);
    - ``below8_share = (nbr - elig_bhd8) / nbr`` (commune_debit_filaire: premises below 8 Mbit/s wired);
    - ``arcep_nbr_locaux = nbr`` and ``arcep_date = date`` from the first file given (debit, techno, best).

    A share is NaN when its file is missing, the commune is absent from it, or ``nbr`` is 0.
    """
    frames = {
        "debit": _prepare(debit, "commune_debit_filaire"),
        "techno": _prepare(techno, "commune_techno"),
        "best": _prepare(best, "commune_meilleure_techno_thd"),
    }
    present = {name: frame for name, frame in frames.items() if frame is not None}
    if not present:
        return pd.DataFrame(
            {
                column: pd.Series(dtype=object if column in ("code_insee", "arcep_date") else float)
                for column in OUTPUT
            }
        )
    codes = sorted(set().union(*(frame.index for frame in present.values())))
    index = pd.Index(codes, name="code_insee")
    nan = pd.Series(np.nan, index=index, dtype=float)
    nbr, date = nan.copy(), pd.Series(None, index=index, dtype=object)
    for frame in present.values():
        nbr = nbr.fillna(frame["nbr"].reindex(index))
        if "date" in frame.columns:
            date = date.where(date.notna(), frame["date"].reindex(index))
    ftth = nan
    covered = np.zeros(len(index), dtype=bool)  # communes already given by commune_techno
    for name in ("techno", "best"):
        frame = frames[name]
        if frame is None or "elig_ftth" not in frame.columns:
            continue
        ratio = _ratio(frame["elig_ftth"].reindex(index), frame["nbr"].reindex(index))
        ftth = ftth.where(covered, ratio)
        covered = covered | index.isin(frame.index)
    thd30, below8 = nan, nan
    debit_frame = frames["debit"]
    if debit_frame is not None:
        total = debit_frame["nbr"].reindex(index)
        thd30 = _ratio(debit_frame["elig_thd30"].reindex(index), total)
        below8 = _ratio(total - debit_frame["elig_bhd8"].reindex(index), total)
    result = pd.DataFrame(
        {
            "code_insee": codes,
            "arcep_nbr_locaux": nbr.to_numpy(),
            "ftth_share": ftth.to_numpy(),
            "thd30_share": thd30.to_numpy(),
            "below8_share": below8.to_numpy(),
            "arcep_date": date.where(date.notna(), None).to_numpy(),
        }
    )
    result["code_insee"] = result["code_insee"].astype(object)
    return result
