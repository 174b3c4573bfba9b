"""readers/epci.xlsx_to_table: the OGR XLSX driver read in bulk gives the table of OGR's CSV export."""

from __future__ import annotations

import uuid
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd
import pytest
from osgeo import ogr

from medrcvl_plugin.core.base.errors import DataFormatError
from medrcvl_plugin.core.base.i18n import tr
from medrcvl_plugin.core.readers import epci
from medrcvl_plugin.core.readers.csvtools import read_table

HEADER = ["dept", "siren", "raison_sociale", "insee", "nom_membre", "pmun_2025"]
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.'
    'openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" '
    'formatCode="dd/mm/yyyy"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="3"/>'
    '<xf numFmtId="164"/></cellXfs></styleSheet>'
)


def column(index: int) -> str:
    """Spreadsheet column letters of a 0-based index (0 -> A, 26 -> AA)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def excel_rows(rows: list[list], strings: list[str]) -> str:
    """Compact Excel-like sheetData rows: str -> shared string, int -> number, None -> no cell,
    ``("xml", text)`` -> the raw cell text, with ``{ref}`` replaced by the cell reference."""
    out = []
    for number, row in enumerate(rows, start=1):
        cells = []
        for index, value in enumerate(row):
            ref = f"{column(index)}{number}"
            if value is None:
                continue
            if isinstance(value, tuple):
                cells.append(value[1].replace("{ref}", ref))
            elif isinstance(value, str):
                if value not in strings:
                    strings.append(value)
                cells.append(f'<c r="{ref}" t="s"><v>{strings.index(value)}</v></c>')
            else:
                cells.append(f'<c r="{ref}" s="1"><v>{value}</v></c>')
        out.append(f'<row r="{number}" spans="1:{len(row)}">{"".join(cells)}</row>')
    return "".join(out)


def workbook(
    path,
    rows: list[list],
    *,
    sheet: str = "Epcicom2025",
    sheet_data: str | None = None,
    strings: list[str] | None = None,
    shared_xml: str | None = None,
) -> str:
    """Write a minimal one-sheet workbook as Excel does (no OGR); return its path."""
    strings = list(strings or [])
    data = sheet_data if sheet_data is not None else excel_rows(rows, strings)
    items = "".join(
        f"<si><t>{escape(s)}</t></si>"
        if s.strip() == s
        else f'<si><t xml:space="preserve">{escape(s)}</t></si>'
        for s in strings
    )
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main'
        '+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="'
        'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"'
        "/></Types>",
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" '
        f'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<workbook {ns} '
        f'xmlns:r="{rel}"><sheets><sheet name="{escape(sheet)}" sheetId="1" '
        f'r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="http://schemas.'
        f'openxmlformats.org/package/2006/relationships"><Relationship '
        f'Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId3" Type="{rel}/sharedStrings" '
        f'Target="sharedStrings.xml"/></Relationships>',
        "xl/styles.xml": STYLES,
        "xl/sharedStrings.xml": shared_xml
        if shared_xml is not None
        else (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<sst {ns} count="{len(strings)}" '
            f'uniqueCount="{len(strings)}">{items}</sst>'
        ),
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        f'<worksheet {ns}><dimension ref="A1"/><sheetData>{data}</sheetData>'
        f"</worksheet>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return str(path)


def _csv_round_trip(
    path: str | Path | bytes, *, source: str, required: Sequence[str], sheet: str | None = None
) -> pd.DataFrame:
    """The reference table: the OGR XLSX driver, a CSV copy in /vsimem and ``read_table`` (what the
    reader gave before it read the sheet in bulk)."""
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
    token = uuid.uuid4().hex
    workbook = f"/vsimem/medrcvl_{token}.xlsx" if data is not None else str(path)
    target = f"/vsimem/medrcvl_{token}.csv"
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
        layer_name = epci._pick_sheet(dataset, source, required, sheet)
        try:
            result = gdal.VectorTranslate(target, dataset, format="CSV", layers=[layer_name])
        except RuntimeError:
            result = None
        if result is None:
            raise DataFormatError(
                tr("{source}: cannot read the sheet {sheet}.").format(source=source, sheet=layer_name),
                source=source,
            )
        result = None  # flush and close
        dataset = None
        handle = gdal.VSIFOpenL(target, "rb")
        gdal.VSIFSeekL(handle, 0, 2)
        size = gdal.VSIFTellL(handle)
        gdal.VSIFSeekL(handle, 0, 0)
        text = bytes(gdal.VSIFReadL(1, size, handle))
        gdal.VSIFCloseL(handle)
    finally:
        gdal.PopErrorHandler()
        for temporary in (target, workbook) if data is not None else (target,):
            if gdal.VSIStatL(temporary) is not None:  # (Unlink raises when exceptions are on)
                gdal.Unlink(temporary)
    frame = read_table(text, source=f"{source} [{layer_name}]", required=required, sep=",", min_rows=1)
    empty = frame.isna().all(axis=1)
    return frame[~empty]  # blank trailing rows of the sheet; the index keeps the line numbers


def through_ogr(path) -> pd.DataFrame:
    """The reference: OGR's XLSX driver and CSV round trip, blank rows dropped."""
    return _csv_round_trip(path, source="s", required=("siren", "insee"), sheet="epcicom")


def assert_same_as_ogr(path) -> pd.DataFrame:
    """``xlsx_to_table`` equals the CSV round trip of OGR's sheet, cell for cell (or both refuse it alike)."""
    try:
        reference = through_ogr(path)
    except DataFormatError as exc:
        with pytest.raises(DataFormatError) as info:
            epci.xlsx_to_table(path, source="s", required=("siren", "insee"), sheet="epcicom")
        assert str(info.value) == str(exc)
        return pd.DataFrame()
    table = epci.xlsx_to_table(path, source="s", required=("siren", "insee"), sheet="epcicom")
    pd.testing.assert_frame_equal(table, reference, check_exact=True)
    types = [table.apply(lambda c: c.map(type)), reference.apply(lambda c: c.map(type))]
    assert types[0].equals(types[1]), "None stays None"
    return reference


ROWS = [
    HEADER,
    ["01", 200029999, "CC A & B", "01001", "L'Abergement-Clémenciat", 860],
    ["37", 200043081, "CC Chinon, Vienne et Loire", 37072, '"Chinon" <centre>', 8144],
    ["2A", 242010056, "CA du Pays Ajaccien", "2A004", "Ajaccio", 76320],
]


def test_plain_excel_sheet(tmp_path):
    frame = assert_same_as_ogr(workbook(tmp_path / "a.xlsx", ROWS))
    assert frame["insee"].tolist() == ["01001", "37072", "2A004"]
    assert frame["siren"].tolist() == ["200029999", "200043081", "242010056"]
    assert frame.loc[0, "raison_sociale"] == "CC A & B" and frame.loc[1, "nom_membre"] == '"Chinon" <centre>'


def test_blank_missing_and_styled_empty_cells_keep_line_numbers(tmp_path):
    rows = [
        HEADER,
        ROWS[1],
        [None, None, None, None, None, None],
        ["37", 200043081, None, "37072", "", None],
        [None] * 5 + [("xml", '<c r="{ref}" s="1"/>')],
        [None, None, "only a name", None, None, None],
        ROWS[3],
        [("xml", '<c r="{ref}" s="1"></c>')] + [None] * 5,
    ]
    frame = assert_same_as_ogr(workbook(tmp_path / "a.xlsx", rows))
    assert frame.index.tolist() == [0, 2, 4, 5], "blank rows dropped, the index keeps the lines"
    assert frame.loc[2, "raison_sociale"] is None and frame.loc[2, "nom_membre"] is None


def test_spaces_entities_and_wide_columns(tmp_path):
    header = [f"col{i}" for i in range(30)]
    header[1], header[28] = "siren", "insee"
    row = [None] * 30
    row[0], row[1], row[28], row[29] = "  lead and trail  ", 200043081, "37072", "a &amp; b; c > d"
    frame = assert_same_as_ogr(workbook(tmp_path / "a.xlsx", [header, row]))
    assert frame.loc[0, "col0"] == "  lead and trail  " and frame.loc[0, "col29"] == "a &amp; b; c > d"


def test_ogr_written_workbooks(tmp_path):
    path = tmp_path / "o.xlsx"
    source = ogr.GetDriverByName("XLSX").CreateDataSource(str(path))
    layer = source.CreateLayer("Epcicom2025", geom_type=ogr.wkbNone)
    for name, kind in (("siren", ogr.OFTInteger), ("insee", ogr.OFTString), ("nom", ogr.OFTString)):
        layer.CreateField(ogr.FieldDefn(name, kind))
    for values in ((200043081, "37072", "Chinon"), (None, "01001", None), (242010056, None, "Ajaccio")):
        feature = ogr.Feature(layer.GetLayerDefn())
        for index, value in enumerate(values):
            if value is not None:
                feature.SetField(index, value)
        layer.CreateFeature(feature)
    source = None
    frame = assert_same_as_ogr(str(path))
    assert frame["siren"].tolist() == ["200043081", None, "242010056"]


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="{ref}"><v>37072.5</v></c>',  # decimal: OGR reformats reals
        '<c r="{ref}"><v>3.7072E4</v></c>',
        '<c r="{ref}"><v>037072</v></c>',  # leading zero of a number cell
        '<c r="{ref}" s="2"><v>45000</v></c>',  # date style
        '<c r="{ref}" t="b"><v>1</v></c>',
        '<c r="{ref}" t="str"><f>A1</f><v>37072</v></c>',
        '<c r="{ref}" t="inlineStr"><is><t>37072</t></is></c>',
        '<c r="{ref}" t="e"><v>#N/A</v></c>',
        '<c r="{ref}" t="s" cm="1"><v>0</v></c>',
    ],
)
def test_unusual_cells_read_as_ogr_writes_them(tmp_path, cell):
    rows = [HEADER, ROWS[1], ["37", 200043081, "CC", ("xml", cell), "Chinon", 8144]]
    assert_same_as_ogr(workbook(tmp_path / "u.xlsx", rows))


def test_unusual_sheets_read_as_ogr_reads_them(tmp_path):
    gap = excel_rows([HEADER, ROWS[1]], strings := []).replace('<row r="2"', '<row r="4"')
    assert_same_as_ogr(workbook(tmp_path / "g.xlsx", [], sheet_data=gap, strings=strings))
    rich = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "".join(f"<si><t>{escape(s)}</t></si>" for s in HEADER)
        + "<si><r><t>CC </t></r><r><rPr><b/></rPr><t>bold</t></r></si></sst>"
    )
    rows = [list(range(6)), [("xml", '<c r="{ref}" t="s"><v>6</v></c>'), 200043081, None, 37072]]
    sheet_data = excel_rows(
        [[("xml", f'<c r="{{ref}}" t="s"><v>{i}</v></c>') for i in range(6)], rows[1]], []
    )
    assert_same_as_ogr(workbook(tmp_path / "r.xlsx", [], sheet_data=sheet_data, shared_xml=rich))
    strings = list(HEADER)
    data = excel_rows([HEADER, ["37", 200043081, "CC", "37072", "Ch&#226;teau", 1]], strings)
    shared = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "".join(f"<si><t>{s}</t></si>" for s in strings)
        + "</sst>"
    )  # a character reference
    assert_same_as_ogr(workbook(tmp_path / "e.xlsx", [], sheet_data=data, shared_xml=shared))
    extra = [HEADER, ROWS[1] + ["beyond the header"]]
    assert_same_as_ogr(workbook(tmp_path / "x.xlsx", extra))
    for first in ([None] * 6, ["", None, None, None, None, None]):  # a blank first data line
        assert_same_as_ogr(workbook(tmp_path / "b.xlsx", [HEADER, first, ROWS[1]]))
    twice = [["siren", "insee", "siren"], [200043081, "37072", 1]]
    assert_same_as_ogr(workbook(tmp_path / "d.xlsx", twice))


def test_missing_columns_worded_by_ogr(tmp_path):
    path = workbook(tmp_path / "m.xlsx", [["siren", "nom"], [200043081, "CC"]])
    with pytest.raises(epci.DataFormatError, match="missing column"):
        epci.xlsx_to_table(path, source="s", required=("siren", "insee"), sheet="epcicom")


def test_keep_selects_columns_like_the_ogr_path(tmp_path):
    path = workbook(tmp_path / "k.xlsx", ROWS)
    frame = epci.xlsx_to_table(
        path,
        source="s",
        required=("siren", "insee"),
        sheet="epcicom",
        keep=lambda name: name.startswith("pmun"),
    )
    assert list(frame.columns) == ["siren", "insee", "pmun_2025"]
    assert frame["pmun_2025"].tolist() == ["860", "8144", "76320"]


@pytest.mark.realdata
def test_the_real_workbooks_keep_their_lines(shared_data):
    for name, sheet, required in (
        ("epcicom.xlsx", "epcicom", epci.COMPOSITION),
        ("banatic_siren_insee.xlsx", "insee_siren", epci.BANATIC),
    ):
        path = shared_data / "epci" / name
        frame = epci.xlsx_to_table(path, source=name, required=required, sheet=sheet)
        assert frame.index.is_monotonic_increasing and frame.index[0] == 0
        assert frame["insee"].map(type).eq(str).all(), "codes are text"


@pytest.mark.realdata
def test_the_whole_real_composition_sheet_equals_ogrs_csv(shared_data):
    path = shared_data / "epci" / "epcicom.xlsx"
    reference = _csv_round_trip(path, source="s", required=epci.COMPOSITION, sheet="epcicom")
    table = epci.xlsx_to_table(path, source="s", required=epci.COMPOSITION, sheet="epcicom")
    assert len(reference.columns) == 14
    pd.testing.assert_frame_equal(table, reference, check_exact=True)


def test_without_arrow_the_table_is_the_same(tmp_path, monkeypatch):
    """GDAL bindings without Arrow streams (before 3.6) read every cell as OGR's text: the same table."""
    rows = [HEADER, ROWS[1], [None] * 6, ["37", 200043081, None, "37072", "", None], ROWS[3]]
    path = workbook(tmp_path / "a.xlsx", rows)
    with_arrow = epci.xlsx_to_table(path, source="s", required=("siren", "insee"), sheet="epcicom")
    monkeypatch.setattr(epci, "_arrow_text", lambda layer, names: None)
    without = epci.xlsx_to_table(path, source="s", required=("siren", "insee"), sheet="epcicom")
    pd.testing.assert_frame_equal(without, with_arrow, check_exact=True)
    assert without["siren"].tolist() == ["200029999", "200043081", "242010056"]
    assert without.index.tolist() == [0, 2, 3]
