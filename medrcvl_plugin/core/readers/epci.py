"""Readers of the EPCI composition (DGCL ``epcicomYYYY.xlsx``) and the BANATIC SIREN/INSEE table (XLSX)."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..base.errors import DataFormatError, TerritoryError
from ..base.i18n import tr
from .csvtools import all_match, check_commune_codes, check_header, check_unique, line_of
from .population import to_integer

log = logging.getLogger(__name__)

COMPOSITION = ("dept", "siren", "raison_sociale", "insee", "nom_membre")
BANATIC = ("siren", "insee")
SIREN = re.compile(r"^\d{9}$")
_CLEAN = {9: "[0-9]{9}", 5: "[0-9]{5}|2[AB][0-9]{3}"}


def _vintage_column(columns: Sequence[str], prefix: str) -> str | None:
    """The column ``prefix_YYYY`` of the latest year (``pmun_2025``), or ``prefix`` itself, or None."""
    lowered = {c.lower(): c for c in columns}
    dated = sorted((m.group(1), c) for c in columns if (m := re.fullmatch(prefix + r"_(\d{4})", c.lower())))
    if dated:
        return dated[-1][1]
    return lowered.get(prefix)


def xlsx_to_table(
    path: str | Path | bytes,
    *,
    source: str,
    required: Sequence[str],
    sheet: str | None = None,
    keep: Callable[[str], bool] | None = None,
) -> pd.DataFrame:
    """Read one sheet of an XLSX workbook with the OGR XLSX driver as a text table (None for empty cells).

    ``sheet`` is a case-insensitive name prefix; by default the first sheet holding ``required``.
    ``keep`` (None: every column) selects the columns kept besides ``required``. Text and integer
    columns come in bulk through Arrow, other types as OGR writes them (``GetFieldAsString``); blank
    rows are dropped and the index keeps the sheet lines (``line_of``).
    """
    from osgeo import gdal

    data = path if isinstance(path, bytes) else None
    if data is None:
        try:
            with open(path, "rb") as handle:
                head = handle.read(4)
        except OSError as exc:
            raise DataFormatError(
                tr("{source}: cannot read the file ({error}).").format(source=source, error=exc),
                source=source,
            ) from exc
    else:
        head = data[:4]
    if not head.startswith(b"PK"):
        raise DataFormatError(
            tr("{source}: not an XLSX workbook (an HTML page, an empty or a truncated download?).").format(
                source=source
            ),
            source=source,
        )
    workbook = f"/vsimem/medrcvl_{uuid.uuid4().hex}.xlsx" if data is not None else str(path)
    if data is not None:
        gdal.FileFromMemBuffer(workbook, data)
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        try:
            dataset = gdal.OpenEx(
                workbook,
                gdal.OF_VECTOR | gdal.OF_READONLY,
                allowed_drivers=["XLSX"],
                open_options=["HEADERS=FORCE"],
            )
        except RuntimeError:
            dataset = None
        if dataset is None:
            raise DataFormatError(
                tr("{source}: cannot open the XLSX workbook (damaged or truncated file).").format(
                    source=source
                ),
                source=source,
            )
        layer_name = _pick_sheet(dataset, source, required, sheet)
        frame = _sheet_table(dataset.GetLayerByName(layer_name), f"{source} [{layer_name}]", required, keep)
        dataset = None
    finally:
        gdal.PopErrorHandler()
        if data is not None and gdal.VSIStatL(workbook) is not None:  # (Unlink raises when exceptions are on)
            gdal.Unlink(workbook)
    empty = frame.isna().all(axis=1)
    return frame[~empty]  # blank trailing rows of the sheet; the index keeps the line numbers


def _sheet_table(
    layer, source: str, required: Sequence[str], keep: Callable[[str], bool] | None
) -> pd.DataFrame:
    """The text table of an OGR XLSX layer (required and kept columns), one row per sheet line."""
    from osgeo import ogr

    definition = layer.GetLayerDefn()
    fields = [definition.GetFieldDefn(i) for i in range(definition.GetFieldCount())]
    names = _unique([f.GetName().strip().strip("\ufeff") for f in fields])
    check_header(names, required, source)
    wanted = [i for i, n in enumerate(names) if n in required or keep is None or keep(n)]
    own = [f.GetName() for f in fields]
    bulk = [
        i
        for i in wanted
        if fields[i].GetType() in (ogr.OFTString, ogr.OFTInteger, ogr.OFTInteger64)
        and fields[i].GetSubType() == ogr.OFSTNone
        and own.count(own[i]) == 1
    ]
    layer.SetIgnoredFields([own[i] for i in range(len(fields)) if i not in wanted] + ["OGR_GEOMETRY"])
    found = _arrow_text(layer, [own[i] for i in bulk]) if bulk else {}
    columns = {i: found[own[i]] for i in bulk} if found is not None else {}
    others = [i for i in wanted if i not in columns]
    if others:  # dates, reals, booleans, repeated names, no Arrow...: the text OGR writes for them
        texts: dict[int, list] = {i: [] for i in others}
        layer.ResetReading()
        for feature in layer:
            for i in others:
                texts[i].append(feature.GetFieldAsString(i) if feature.IsFieldSetAndNotNull(i) else None)
        for i in others:
            columns[i] = np.array([t if t else None for t in texts[i]], dtype=object)
    count = len(next(iter(columns.values())))  # the features read (GetFeatureCount may count otherwise)
    frame = pd.DataFrame({names[i]: columns[i] for i in wanted}, index=pd.RangeIndex(count), copy=False)
    if not count:
        raise DataFormatError(
            tr("{source}: {found} data row(s), expected at least {expected} (truncated file?).").format(
                source=source, found=0, expected=1
            ),
            source=source,
        )
    return frame


def _unique(names: list[str]) -> list[str]:
    """Column names made unique as OGR's CSV export does (a repeated ``siren`` becomes ``siren2``)."""
    seen: set[str] = set()
    result = []
    for name in names:
        candidate, number = name, 1
        while candidate in seen:
            number += 1
            candidate = f"{name}{number}"
        seen.add(candidate)
        result.append(candidate)
    return result


def _arrow_text(layer, names: list[str]) -> dict[str, np.ndarray] | None:
    """Columns ``names`` of the layer as object arrays of str (None for NULL and empty), via Arrow;
    None when the GDAL bindings cannot stream Arrow arrays (before GDAL 3.6)."""
    if not hasattr(layer, "GetArrowStreamAsNumPy"):
        return None
    parts: dict[str, list] = {n: [] for n in names}
    try:
        batches = list(layer.GetArrowStreamAsNumPy(options=["INCLUDE_FID=NO"]))
    except (RuntimeError, ImportError, NotImplementedError):
        return None
    for batch in batches:
        for name in names:
            values = batch[name]
            mask = np.ma.getmaskarray(values) if np.ma.isMaskedArray(values) else None
            raw = np.ma.getdata(values)
            if raw.dtype.kind in "iu":
                text = raw.astype(str).astype(object)
            else:
                text = np.array(
                    [v.decode("utf-8") if isinstance(v, bytes) else v for v in raw.tolist()], dtype=object
                )
            if mask is not None:
                text[mask] = None
            parts[name].append(text)
    result = {}
    for name, chunks in parts.items():
        column = np.concatenate(chunks) if chunks else np.empty(0, dtype=object)
        column[column == ""] = None
        result[name] = column
    return result


def _pick_sheet(dataset, source: str, required: Sequence[str], sheet: str | None) -> str:
    """Name of the sheet starting with ``sheet`` (case-insensitive), else the first one with ``required``."""
    names = [dataset.GetLayer(i).GetName() for i in range(dataset.GetLayerCount())]
    if sheet:
        for name in names:
            if name.lower().startswith(sheet.lower()):
                return name
    for index, name in enumerate(names):
        definition = dataset.GetLayer(index).GetLayerDefn()
        fields = {definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())}
        if all(column in fields for column in required):
            return name
    raise DataFormatError(
        tr("{source}: no sheet holds the columns {expected} (sheets: {sheets}).").format(
            source=source, expected=", ".join(required), sheets=", ".join(names)
        ),
        source=source,
        field=required[0],
    )


def _normalise_code(value, width: int) -> str | None:
    """Undo spreadsheet damage to a code: ``1001.0`` -> ``01001``; keep ``2A004``."""
    if value is None:
        return None
    code = str(value).strip()
    if re.fullmatch(r"\d+\.0+", code):
        code = code.split(".")[0]
    if code.isdigit() and len(code) < width:
        code = code.zfill(width)
    return code or None


def _normalise_codes(values: pd.Series, width: int) -> pd.Series:
    """``_normalise_code`` of a whole column (vectorised: same results)."""
    present = values.notna()
    if not present.any():
        return pd.Series(np.full(len(values), None, dtype=object), index=values.index, dtype=object)
    text = values[present].astype(str).str.strip()
    floaty = text.str.fullmatch(r"\d+\.0+")
    if floaty.any():
        text = text.where(~floaty, text.str.split(".").str[0])
    short = text.str.isdigit() & (text.str.len() < width)
    if short.any():
        text = text.where(~short, text.str.zfill(width))
    result = np.full(len(values), None, dtype=object)
    result[present.to_numpy()] = [t if t else None for t in text.tolist()]
    return pd.Series(result, index=values.index, dtype=object)


def _fix_codes(raw: pd.DataFrame, column: str, width: int, source: str) -> bool:
    """Normalise a code column in place; warn when leading zeros were restored (numeric Excel cells).

    True when every code already was a clean SIREN (width 9) or INSEE code (width 5): nothing to check.
    """
    if all_match(raw[column], _CLEAN[width]):
        return True
    before = raw[column]
    after = _normalise_codes(before, width)
    fixed = int(((after != before) & before.notna()).sum())
    if fixed:
        log.warning(
            tr("{source}: {n} code(s) of {field} stored as numbers; leading zeros restored").format(
                source=source, n=fixed, field=column
            )
        )
    raw[column] = after
    return False


def _check_sirens(raw: pd.DataFrame, column: str, source: str) -> None:
    """Raise on the first value that is not a 9-digit SIREN, naming line and field."""
    values = raw[column]
    good = values.notna() & values.astype(str).str.match(SIREN.pattern).fillna(False).astype(bool)
    if good.all():
        return
    index = (~good).idxmax()
    value = values[index]
    raise DataFormatError(
        tr("{source}: line {line}, field {field}: {code!r} is not a 9-digit SIREN.").format(
            source=source, line=line_of(raw, index), field=column, code=value
        ),
        source=source,
        line=line_of(raw, index),
        field=column,
    )


def read_epci_composition(path: str | Path | bytes, source: str = "") -> pd.DataFrame:
    """Read the DGCL EPCI composition -> df[siren, raison_sociale, dept, insee, nom_membre, pmun].

    One row per member commune; codes are text (``01001``, ``2A004``); ``pmun`` (int) comes from the
    latest ``pmun_YYYY`` column, whose year is kept in ``frame.attrs["pmun_vintage"]``.
    """
    if not source:
        source = "<bytes>" if isinstance(path, bytes) else str(path)
    raw = xlsx_to_table(
        path,
        source=source,
        required=COMPOSITION,
        sheet=None,  # found by its columns
        keep=lambda name: re.fullmatch(r"pmun(_\d{4})?", name.lower()) is not None,
    )
    pmun = _vintage_column(list(raw.columns), "pmun")
    if pmun is None:
        raise DataFormatError(
            tr("{source}: missing column pmun_YYYY (municipal population).").format(source=source),
            source=source,
            line=1,
            field="pmun_YYYY",
        )
    _check_siren_insee(raw, source)
    if raw["insee"].duplicated().any():  # else no SIREN:INSEE pair can repeat (the usual case)
        check_unique(raw, "insee", source=source, key=raw["siren"] + ":" + raw["insee"])
        _check_one_epci(raw, source)
    frame = pd.DataFrame(
        {
            "siren": raw["siren"],
            "raison_sociale": raw["raison_sociale"],
            "dept": raw["dept"],
            "insee": raw["insee"],
            "nom_membre": raw["nom_membre"],
            "pmun": to_integer(raw, pmun, source=source),
        }
    )
    year = re.search(r"(\d{4})$", pmun)
    frame.attrs["pmun_vintage"] = year.group(1) if year else ""
    if year:
        frame.attrs["vintage"] = year.group(1)  # the vintage of what was read, for the provenance
    if log.isEnabledFor(logging.DEBUG):
        log.debug("%s: %d EPCI members read (%d EPCI)", source, len(frame), frame["siren"].nunique())
    return frame.reset_index(drop=True)


def _check_one_epci(raw: pd.DataFrame, source: str) -> None:
    """Raise when a commune is a member of two EPCI, naming both lines (a commune belongs to one EPCI à
    fiscalité propre: which one is meant cannot be guessed, and taking the first would be silent)."""
    twice = raw["insee"].duplicated(keep=False) & raw["insee"].notna()
    if not twice.any():
        return
    code = raw.loc[twice, "insee"].iloc[0]
    rows = raw.index[(raw["insee"] == code).to_numpy(dtype=bool)][:2]
    first, second = (line_of(raw, r) for r in rows)
    raise DataFormatError(
        tr(
            "{source}: field insee: commune {code} is listed under two EPCI, {a} (line {first}) and {b} "
            "(line {second}); a commune belongs to a single EPCI: remove one of the rows."
        ).format(
            source=source,
            code=code,
            a=raw.at[rows[0], "siren"],
            b=raw.at[rows[1], "siren"],
            first=first,
            second=second,
        ),
        source=source,
        line=second,
        field="insee",
    )


def _check_siren_insee(raw: pd.DataFrame, source: str) -> None:
    """Codes of the ``siren`` (9 digits) and ``insee`` (commune) columns restored as text and checked
    (the full checks only run when the quick pass found something to fix)."""
    if not _fix_codes(raw, "siren", 9, source):
        _check_sirens(raw, "siren", source)
    if not _fix_codes(raw, "insee", 5, source):
        check_commune_codes(raw, "insee", source=source)


def read_banatic(path: str | Path | bytes, source: str = "") -> pd.DataFrame:
    """Read the BANATIC SIREN/INSEE table -> df[siren, insee, nom, dep, reg, pmun, ptot].

    ``siren`` is the commune's own SIREN (not its EPCI's); ``pmun``/``ptot`` (nullable ints) come from the
    latest ``pmun_YYYY``/``ptot_YYYY`` columns (year in ``frame.attrs["vintage"]``).
    """
    if not source:
        source = "<bytes>" if isinstance(path, bytes) else str(path)
    raw = xlsx_to_table(path, source=source, required=BANATIC, sheet="insee_siren", keep=_banatic_column)
    _check_siren_insee(raw, source)
    columns = {c.lower(): c for c in raw.columns}
    frame = pd.DataFrame({"siren": raw["siren"], "insee": raw["insee"]})
    for output, candidates in (
        ("nom", ("nom_com", "nom")),
        ("dep", ("dep_com", "dep")),
        ("reg", ("reg_com", "reg")),
    ):
        found = next((columns[c] for c in candidates if c in columns), None)
        frame[output] = raw[found] if found else None
    vintage = ""
    for output in ("pmun", "ptot"):
        column = _vintage_column(list(raw.columns), output)
        frame[output] = to_integer(raw, column, source=source).astype("Int64") if column else pd.NA
        if column and re.search(r"\d{4}$", column):
            vintage = column[-4:]
    frame.attrs["vintage"] = vintage
    log.debug("%s: %d BANATIC rows read", source, len(frame))
    return frame.reset_index(drop=True)


def _banatic_column(name: str) -> bool:
    """The BANATIC columns read besides siren and insee (names, departement, region, populations)."""
    return (
        name.lower() in ("nom_com", "nom", "dep_com", "dep", "reg_com", "reg")
        or re.fullmatch(r"(pmun|ptot)(_\d{4})?", name.lower()) is not None
    )


def epci_members(frame: pd.DataFrame, siren: str) -> list[str]:
    """Sorted INSEE codes of the member communes of EPCI ``siren`` in a composition frame.

    Raises :class:`TerritoryError` when the SIREN is not in the table.
    """
    siren = str(siren).strip()
    codes = sorted(frame.loc[frame["siren"] == siren, "insee"].dropna().unique().tolist())
    if not codes:
        raise TerritoryError(tr("EPCI {siren} is not in the EPCI composition table.").format(siren=siren))
    return codes
