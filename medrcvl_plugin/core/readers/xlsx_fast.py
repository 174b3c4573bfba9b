"""Fast reading of plain XLSX sheets (shared strings and whole numbers) without OGR.

:func:`read_sheet` gives exactly the table the OGR XLSX driver + CSV round trip of
``epci.xlsx_to_table`` gives, or ``None`` for anything unusual (dates, formulas, inline or rich
strings, decimals, gaps, odd cell tags...) so that the caller falls back on OGR.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

_WORKSHEET_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_SHEET = re.compile(rb"<sheet\b([^>]*)/?>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_REL = re.compile(rb"<Relationship\b([^>]*)/?>")
_XF = re.compile(rb"<xf\b([^>]*)")
_NUMFMT = re.compile(rb"<numFmt\b([^>]*)")
_SHEET_SPACE = re.compile(rb"(?<!<v)>\s+<")  # layout between tags (not inside <v>)
_ODD_ENTITY = re.compile("&(?!(?:amp|lt|gt|quot|apos);)")
_SST_SPACE = re.compile(rb"(<si>|</t>|</si>)\s+(?=<)")
#: numFmtId of formats OGR never reads as dates (General, numbers, percents, fractions, text)
_PLAIN_FORMATS = {*range(0, 14), *range(37, 45), 48, 49}


def _unescape(text: str) -> str | None:
    """Text with the five XML entities resolved; None for character references (left to expat)."""
    if "&" not in text:
        return text
    if _ODD_ENTITY.search(text):
        return None
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&")):
        text = text.replace(entity, char)
    return text


def _attrs(blob: bytes) -> dict[str, str]:
    """The attributes of a tag as a dict of text (an attribute with a character reference is left out)."""
    found = {k.decode(): _unescape(v.decode("utf-8")) for k, v in _ATTR.findall(blob)}
    return {k: v for k, v in found.items() if v is not None}


def _member(archive: zipfile.ZipFile, name: str) -> bytes | None:
    """A member of the archive, or None."""
    try:
        return archive.read(name)
    except KeyError:
        return None


def _utf8(xml: bytes) -> bool:
    """True when the XML part is UTF-8 (declared or by default)."""
    head = xml[:200].lower()
    return b"encoding=" not in head or b'encoding="utf-8"' in head


def _sheets(archive: zipfile.ZipFile) -> list[tuple[str, str]] | None:
    """(name, member path) of the worksheets, in workbook order."""
    workbook = _member(archive, "xl/workbook.xml")
    rels = _member(archive, "xl/_rels/workbook.xml.rels")
    if workbook is None or rels is None or not _utf8(workbook):
        return None
    targets = {}
    for blob in _REL.findall(rels):
        attrs = _attrs(blob)
        target = attrs.get("Target", "")
        targets[attrs.get("Id", "")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    sheets = []
    for blob in _SHEET.findall(workbook):
        attrs = _attrs(blob)
        name, target = attrs.get("name", ""), targets.get(attrs.get("r:id", ""), "")
        if not name or any(ch in name for ch in "\t\r\n") or "/worksheets/" not in target:
            return None
        sheets.append((name, target))
    return sheets


def _odd_styles(archive: zipfile.ZipFile) -> list[int] | None:
    """Indexes of the cell styles OGR could read as dates (None when styles.xml is unreadable)."""
    styles = _member(archive, "xl/styles.xml")
    if styles is None:
        return []
    custom = {}
    for blob in _NUMFMT.findall(styles):
        attrs = _attrs(blob)
        if attrs.get("numFmtId", "").isdigit():
            custom[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
    start, end = styles.find(b"<cellXfs"), styles.find(b"</cellXfs>")
    if start < 0 or end < 0:
        return [] if start < 0 else None
    odd = []
    for index, blob in enumerate(_XF.findall(styles[start:end])):
        fmt = int(_attrs(blob).get("numFmtId", "0"))
        plain = fmt in _PLAIN_FORMATS or (fmt in custom and not re.search("[dmyhsDMYHS]", custom[fmt]))
        if not plain:
            odd.append(index)
    return odd


def _strings(archive: zipfile.ZipFile) -> np.ndarray | None:
    """The shared strings (object array of str), or None when some are rich text or unusual."""
    sst = _member(archive, "xl/sharedStrings.xml")
    if sst is None:
        return np.array([], dtype=object)
    if not _utf8(sst):
        return None
    count = sst.count(b"<si>")
    if sst.count(b"<si") != count:
        return None  # <si/> or attributes
    if not count:
        return np.array([], dtype=object)
    body = sst.replace(b'<t xml:space="preserve">', b"<t>")
    if b">\n" in body or b">\r" in body:
        body = _SST_SPACE.sub(rb"\1", body)
    body = body[body.find(b"<si><t>") + 7:body.rfind(b"</t></si>")] + b"\x00" * 4
    body = _join_items(np.frombuffer(body, dtype=np.uint8), count)
    if body is None:
        return None  # rich text, phonetic runs, empty <t/>...
    text = body.decode("utf-8")
    if "\r" in text:
        return None  # XML end-of-line normalisation: leave it to expat
    values = text.split("\x00")
    if "&" in text:
        if _ODD_ENTITY.search(text):
            return None
        values = [_unescape(v) for v in values]
    return np.array(values, dtype=object)


def _join_items(a: np.ndarray, count: int) -> bytes | None:
    """The texts of ``t1</t></si><si><t>t2...`` (then 4 NUL) joined by NUL, or None if any item differs."""
    lt = np.flatnonzero(a == 60)
    if len(lt) != 4 * (count - 1):
        return None
    w = _window(a)
    first = lt[0::4]
    if not ((w[first] == _T_END) & (lt[1::4] == first + 4) & (w[first + 4] == _SI_END) & (a[first + 8] == 62)
            & (lt[2::4] == first + 9) & (w[first + 9] == _SI) & (lt[3::4] == first + 13)
            & ((w[first + 13] & 0xFFFFFF) == _T)).all():
        return None
    step = np.zeros(len(a) + 1, dtype=np.int8)
    step[first + 1] = 1  # drop the 15 bytes after each separator's first byte...
    step[first + 16] = -1
    kept = np.cumsum(step[:-1], dtype=np.int8) == 0
    kept[-4:] = False  # ...and the padding
    joined = a.copy()
    joined[first] = 0  # ...which becomes a NUL
    return joined[kept].tobytes()


def _has_empty(strings: np.ndarray) -> bool:
    """True when some shared string is empty."""
    return bool((strings == "").any())


def _gather(a: np.ndarray, start: np.ndarray, length: np.ndarray) -> np.ndarray:
    """The bytes a[start:start+length] of every span, each followed by the byte after it."""
    total = length + 1
    offsets = np.repeat(start - np.concatenate(([0], np.cumsum(total)[:-1])), total)
    return a[offsets + np.arange(int(total.sum()))]


def _digits(a: np.ndarray, start: np.ndarray, length: np.ndarray, *, canonical: bool = False
            ) -> np.ndarray | None:
    """The spans, each followed by '<', when all are 1 to 15 digits (no leading zero when
    ``canonical``), else None."""
    if not len(start):
        return np.zeros(0, dtype=np.uint8)
    if length.min() < 1 or length.max() > 15:
        return None
    if canonical and ((a[start] == 48) & (length > 1)).any():
        return None
    gathered = _gather(a, start, length)
    gathered[np.cumsum(length + 1) - 1] = 60  # '<' after each span
    if not ((gathered >= 48) & (gathered <= 57) | (gathered == 60)).all():
        return None
    return gathered


def _integers(a: np.ndarray, start: np.ndarray, length: np.ndarray) -> np.ndarray | None:
    """The non-negative integers written a[start:start+length], or None."""
    gathered = _digits(a, start, length)
    if gathered is None or not len(start):
        return None if gathered is None else np.zeros(0, dtype=np.int64)
    text = gathered.tobytes().replace(b"<", b" ")
    return np.array(text.split(), dtype=np.int64) if len(start) < 64 else \
        np.fromstring(text, dtype=np.int64, sep=" ")


def read_sheet(path: str | Path | bytes, sheet: str | None, required: Sequence[str],
               keep: Callable[[str], bool] | None = None
               ) -> tuple[str, pd.DataFrame, np.ndarray] | None:
    """(sheet name, text table, blank-row mask) of the sheet, or None to use OGR instead.

    The table holds the ``required`` columns and those whose name passes ``keep`` (all when
    None), as text or None, one row per sheet line after the header (blank ones included).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(path) if isinstance(path, bytes) else path) as archive:
            types = _member(archive, "[Content_Types].xml") or b""
            sheets = _sheets(archive) if _WORKSHEET_TYPE in types[:2047] else None  # OGR's own test
            if not sheets:
                return None
            chosen = None
            if sheet:
                chosen = next((s for s in sheets if s[0].lower().startswith(sheet.lower())), None)
            elif len(sheets) == 1:
                chosen = sheets[0]
            odd = _odd_styles(archive)
            if chosen is None or odd is None:
                return None
            xml = _member(archive, chosen[1])
            strings = _strings(archive)
    except (OSError, zipfile.BadZipFile, ValueError, RuntimeError, EOFError, NotImplementedError):
        return None
    if xml is None or strings is None or not _utf8(xml):
        return None
    table = _parse(xml, strings, odd, required, keep)
    return None if table is None else (chosen[0], *table)


_T_ATTR, _S_ATTR, _R_ATTR, _T_END, _SI_END, _SI, _T = (
    int.from_bytes(t, "little") for t in (b' t="', b' s="', b' r="', b"</t>", b"</si", b"<si>", b"<t>\x00"))
#: tag kinds by their 2nd and 3rd bytes: 1 <c , 2 <v>, 3 </v, 4 </c, 5 <ro(w), 6 </r(ow)
_KINDS = np.zeros(1 << 16, dtype=np.int8)
for _code, _pair in enumerate((b"c ", b"v>", b"/v", b"/c", b"ro", b"/r"), start=1):
    _KINDS[int.from_bytes(_pair, "little")] = _code
_POWERS = 10 ** np.arange(1, 19, dtype=np.int64)


def _window(a: np.ndarray) -> np.ndarray:
    """w[i] = the four bytes a[i:i+4] as one little-endian integer (an overlapping view, no copy)."""
    return np.ndarray((len(a) - 3,), dtype="<u4", buffer=a, strides=(1,))


def _cells(a: np.ndarray, odd: list[int]) -> dict | None:
    """Per cell of the sheetData bytes ``a``: column, row, value span and kind; None if unusual.

    Every tag must be a row, a cell ``<c r="A1"[ s="n"][ t="s"|t="n"]>`` (or ``/>``), ``<v>``
    (digits only) or a closing tag; anything else (formulas, inline strings...) gives None.
    """
    w = _window(a)
    lt = np.flatnonzero(a == 60)
    kind = _KINDS[np.ndarray((len(a) - 1,), dtype="<u2", buffer=a, strides=(1,))[lt + 1]]
    if not kind[1:-5].all():  # '<sheetData>' first; '</sheetData>' and 4 sentinels last
        return None
    ci = np.flatnonzero(kind == 1)
    if not len(ci):
        return None
    cells, nxt = lt[ci], lt[ci + 1]
    after = kind[ci + 1]
    closed = a[nxt - 2] == 47
    has_v = (after == 2) & ~closed
    if not ((a[cells + 3] == 114) & (a[nxt - 1] == 62)
            & (closed | (after == 4) | has_v & (kind[ci + 2] == 3) & (kind[ci + 3] == 4))).all():
        return None
    rows = lt[kind == 5]
    row = np.searchsorted(rows, cells, side="right") - 1
    if row[0] < 0:
        return None
    head = w[cells + 6]
    first = (head & 0xFF) - 65
    second = ((head >> 8) & 0xFF) - 65  # unsigned: wraps above 26 for non-letters
    two = second < 26
    if (first >= 26).any():
        return None
    if two.any():
        third = ((head >> 16) & 0xFF) - 65
        three = two & (third < 26)
        if (three & (((head >> 24) & 0xFF) - 65 < 26)).any():
            return None
        col = np.where(three, ((first + 1) * 26 + second + 1) * 26 + third,
                       np.where(two, (first + 1) * 26 + second, first)).astype(np.int64)
        width = 7 + two + three
    else:
        col, width = first.astype(np.int64), 7
    digits = np.searchsorted(_POWERS, np.arange(1, len(rows) + 1), side="right") + 1
    ref_end = cells + width + digits[row]  # the quote closing r="A1"
    attrs_end = nxt - 1 - closed  # the '>' or '/' closing the tag
    t_value = a[attrs_end - 2]
    typed = (w[attrs_end - 6] == _T_ATTR) & (a[attrs_end - 1] == 34)
    if not (~typed | (t_value == 115) | (t_value == 110)).all():
        return None
    styled_end = attrs_end - 6 * typed
    gap = styled_end - ref_end - 1
    styled = gap > 0
    if not ((a[ref_end] == 34) & (~styled | (w[ref_end + 1] == _S_ATTR) & (gap >= 6) & (gap <= 10)
                                  & (a[styled_end - 1] == 34))).all():
        return None
    if odd and styled.any():
        styles = _integers(a, ref_end[styled] + 5, gap[styled] - 5)
        if styles is None or np.isin(styles, odd).any():
            return None
    v_start = nxt + 3
    return {"col": col, "row": row, "rows": rows, "shared": has_v & typed & (t_value == 115),
            "v_start": v_start, "length": np.where(has_v, lt[ci + 2] - v_start, 0)}


def _numbered(a: np.ndarray, rows: np.ndarray) -> bool:
    """True when the row tags at ``rows`` read ``<row r="1"``, ``<row r="2"``... with no gap."""
    if not len(rows) or not (_window(a)[rows + 4] == _R_ATTR).all():
        return False
    numbers = np.arange(1, len(rows) + 1)
    size = np.searchsorted(_POWERS, numbers, side="right") + 1
    expected = ('"'.join(map(str, numbers.tolist())) + '"').encode()
    return _gather(a, rows + 8, size).tobytes() == expected  # each number and its closing quote


def _parse(xml: bytes, strings: np.ndarray, odd: list[int], required: Sequence[str],
           keep: Callable[[str], bool] | None) -> tuple[pd.DataFrame, np.ndarray] | None:
    """Parse the sheet XML (see :func:`read_sheet`)."""
    begin, end = xml.find(b"<sheetData>"), xml.rfind(b"</sheetData>")
    if begin < 0 or end < 0:
        return None
    data = memoryview(xml)[begin:end + 12]
    head = bytes(data[:4096])
    if b">\n" in head or b">\r" in head:  # laid out on lines (OGR, LibreOffice...)
        data = memoryview(_SHEET_SPACE.sub(b"><", data))
    buffer = bytearray(len(data) + 24)
    buffer[:len(data)] = data
    buffer[len(data):len(data) + 8] = b"\x00<\x00<\x00<\x00<"  # sentinel tags
    a = np.frombuffer(buffer, dtype=np.uint8)
    found = _cells(a, odd)
    if found is None or not _numbered(a, found["rows"]):
        return None  # rows without number or with gaps: OGR rules
    count = len(found["rows"]) - 1
    col, row, shared = found["col"], found["row"], found["shared"]
    v_start, length = found["v_start"], found["length"]
    if len(row) > 1 and ((np.diff(col) <= 0) & (np.diff(row) == 0)).any():
        return None  # columns out of order within a row
    header = row == 0
    width = int(col[header].max()) + 1 if header.any() else 0
    if not header.any() or count < 1 or int(col.max()) >= width:
        return None
    names = [""] * width
    for c, is_shared, start, size in zip(col[header], shared[header], v_start[header], length[header]):
        text = bytes(a[start:start + size])
        if is_shared:
            number = int(text) if text.isdigit() else -1
            names[c] = strings[number] if 0 <= number < len(strings) else ""
        else:
            names[c] = text.decode("latin-1")
    names = [n.strip().strip("\ufeff") for n in names]
    if (not all(names) or len(set(names)) != len(names)
            or any(ch in "".join(names) for ch in "\r\n\"")):
        return None
    if any(r not in names for r in required):
        return None  # let OGR word the error
    wanted = [i for i, n in enumerate(names) if n in required or keep is None or keep(n)]
    nonempty = length > 0
    if _has_empty(strings):
        picked = shared
    else:
        picked = shared & np.isin(col, wanted)
    index = np.full(len(col), -1, dtype=np.int64)
    parsed = _integers(a, v_start[picked], length[picked])
    if parsed is None or (len(parsed) and parsed.max() >= len(strings)):
        return None
    index[picked] = parsed
    if picked is shared and len(strings):
        nonempty[shared] = strings[index[shared]] != ""
    if not nonempty[row == 1].any():
        return None  # OGR (3.6) names the columns Field1... when the first data line is blank
    blank = np.ones(count, dtype=bool)
    blank[row[nonempty & ~header] - 1] = False
    columns = {}
    cells = np.flatnonzero(nonempty & ~header & np.isin(col, wanted))
    col, row, shared, v_start, length = col[cells], row[cells], shared[cells], v_start[cells], length[cells]
    index = index[cells]
    for position in wanted:
        values = np.full(count, None, dtype=object)
        here = col == position
        text = here & ~shared
        if text.any():
            gathered = _digits(a, v_start[text], length[text], canonical=True)
            if gathered is None:
                return None  # decimals, exponents...: OGR reformats them
            values[row[text] - 1] = gathered.tobytes().decode("ascii").split("<")[:-1]
        strs = here & shared
        values[row[strs] - 1] = strings[index[strs]]
        columns[names[position]] = values
    return pd.DataFrame(columns, index=pd.RangeIndex(count), copy=False), blank
