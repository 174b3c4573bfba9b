"""Output safety: every output checked before any work, system errors as sentences, the folder lock,
the completeness checks, the recovery of a killed commit, formula-inert spreadsheet cells."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from qgis.core import QgsProcessingContext, QgsProcessingFeedback

from medrcvl_plugin.core.base.errors import (
    OutputExistsError,
    OutputLockedError,
    OutputWriteError,
    describe_os_error,
    is_disk_error,
)
from medrcvl_plugin.core.output import lock as outlock
from medrcvl_plugin.core.output import sets as outputs
from medrcvl_plugin.core.output import verify
from medrcvl_plugin.core.output.exports.tables import Table, csv_text, neutralise

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "medrcvl_plugin", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.mark.realdata
def test_diagnose_refuses_at_once_listing_every_existing_output(shared_data, tmp_path):
    """12.3: ``diagnose --atlas --export`` into a folder holding atlas.pdf and lieux.csv writes nothing
    (the old code wrote diagnostic.gpkg first) and names both."""
    (tmp_path / "atlas.pdf").write_bytes(b"previous atlas")
    (tmp_path / "lieux.csv").write_bytes(b"previous places")
    before = listing(tmp_path)
    proc = cli(
        "diagnose",
        "--epci",
        "200043081",
        "--mirror",
        str(shared_data),
        "--out",
        str(tmp_path),
        "--atlas",
        "--export",
        "csv,xlsx",
    )
    assert proc.returncode == 3, proc.stderr
    assert str(tmp_path / "atlas.pdf") in proc.stderr and str(tmp_path / "lieux.csv") in proc.stderr
    assert "--overwrite" in proc.stderr and "Traceback" not in proc.stderr
    assert listing(tmp_path) == before  # no diagnostic.gpkg, no lock, no temporary


def test_export_refuses_with_the_list(qgis_app, tmp_path):
    from medrcvl_plugin.cli.app import EXIT_EXISTS, main

    gpkg = tmp_path / "diagnostic.gpkg"
    gpkg.write_bytes(b"not read: the refusal comes first")
    for name in ("sources.csv", "diagnostic.xlsx"):
        (tmp_path / name).write_bytes(b"previous")
    before = listing(tmp_path)
    assert main(["export", "--diagnostic", str(gpkg), "--formats", "csv,xlsx"]) == EXIT_EXISTS
    assert listing(tmp_path) == before


@pytest.mark.realdata
def test_processing_atlas_refuses_with_the_list(qgis_app, shared_data, tmp_path):
    from atlas_fixture import cached_diagnostic

    from medrcvl_plugin.processing.algorithms.export_atlas import ExportAtlasAlgorithm

    out = tmp_path / "out"
    out.mkdir()
    for name in ("atlas.pdf", "diagnostic.qgz"):
        (out / name).write_bytes(b"previous")
    before = listing(out)
    algorithm = ExportAtlasAlgorithm()
    algorithm.initAlgorithm()
    feedback = QgsProcessingFeedback()
    results, ok = algorithm.run(
        {"INPUT": str(cached_diagnostic(shared_data)), "OUTPUT_FOLDER": str(out), "DPI": 30},
        QgsProcessingContext(),
        feedback,
    )
    assert not ok
    assert listing(out) == before  # atlas_pages.gpkg was not written either


@pytest.mark.parametrize(
    ("number", "winerror", "words"),
    [
        (errno.EROFS, None, "read-only"),
        (errno.ENOSPC, None, "disk is full"),
        (errno.EACCES, None, "permission denied"),
        (errno.EACCES, 32, "open in another program"),
        (errno.ENAMETOOLONG, None, "too long"),
    ],
)
def test_system_errors_become_sentences(qgis_app, number, winerror, words):
    error = OSError(number, os.strerror(number), "/srv/partage/out/diagnostic.gpkg")
    if winerror:
        error.winerror = winerror
    text = describe_os_error(error)
    assert "/srv/partage/out/diagnostic.gpkg" in text and words in text and "What to do:" in text
    assert "Errno" not in text


def test_sqlite_and_gdal_disk_errors_are_recognised(qgis_app):
    full = sqlite3.OperationalError("database or disk is full")
    assert is_disk_error(full) and "disk is full" in describe_os_error(full, "x.gpkg")
    assert "read-only" in describe_os_error(sqlite3.OperationalError("attempt to write a readonly database"))
    assert is_disk_error(RuntimeError("No space left on device"))
    gdal_commit = RuntimeError("sqlite3_exec(COMMIT) failed: database or disk is full")  # OGR's GPKG driver
    assert is_disk_error(gdal_commit) and "disk is full" in describe_os_error(gdal_commit, "x.gpkg")
    assert not is_disk_error(RuntimeError("an unrelated bug"))


def test_check_outputs_lists_them_all(qgis_app, tmp_path):
    a, b, c = tmp_path / "a.pdf", tmp_path / "b.csv", tmp_path / "c.gpkg"
    a.write_bytes(b"1")
    b.write_bytes(b"2")
    with pytest.raises(OutputExistsError) as caught:
        outputs.check_outputs([a, b, c], overwrite=False)
    assert str(a) in str(caught.value) and str(b) in str(caught.value) and str(c) not in str(caught.value)
    outputs.check_outputs([a, b, c], overwrite=True)
    (tmp_path / "d.csv").mkdir()
    with pytest.raises(OutputWriteError):
        outputs.check_outputs([tmp_path / "d.csv"], overwrite=True)


def test_lock_held_by_a_live_process_then_taken_over_when_it_dies(qgis_app, tmp_path):
    code = (
        "import sys, time; sys.path.insert(0, sys.argv[1]); "
        "from medrcvl_plugin.core.output import lock as outlock; from pathlib import Path; "
        "outlock.acquire(Path(sys.argv[2])); print('held', flush=True); "
        "time.sleep(60)"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(ROOT), str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(OutputLockedError) as caught:
            outlock.acquire(tmp_path)
        assert caught.value.pid == holder.pid and str(holder.pid) in str(caught.value)
    finally:
        holder.kill()
        holder.wait(30)
    outlock.acquire(tmp_path)  # the dead PID's lock is taken over
    try:
        assert json.loads((tmp_path / outlock.LOCK_NAME).read_text())["pid"] == os.getpid()
        with pytest.raises(OutputLockedError):  # held once per process
            outlock.acquire(tmp_path)
    finally:
        outlock.release(tmp_path)
    assert not (tmp_path / outlock.LOCK_NAME).exists()


def test_unreadable_lock_is_fresh_then_stale(qgis_app, tmp_path):
    lock = tmp_path / outlock.LOCK_NAME
    lock.write_text("")
    with pytest.raises(OutputLockedError):
        outlock.acquire(tmp_path)  # being written by its holder
    old = time.time() - 3600
    os.utime(lock, (old, old))
    outlock.acquire(tmp_path)
    outlock.release(tmp_path)


def test_recover_completes_a_journal_and_removes_leftovers(qgis_app, tmp_path):
    (tmp_path / "a.csv").write_text("old a")
    (tmp_path / "b.csv").write_text("new b")  # already renamed before the kill
    (tmp_path / ".a-1234abcd-part.csv").write_text("new a")
    (tmp_path / ".a-99999999-old-part.csv").write_text("old a moved aside")
    (tmp_path / ".x-deadbeef-part.gpkg-journal").write_text("junk")
    (tmp_path / ".medrcvl-part-xyz").mkdir()
    (tmp_path / ".keep-me").write_text("not ours")
    journal = [
        [".a-1234abcd-part.csv", "a.csv", ".a-99999999-old-part.csv"],
        [".b-1234abcd-part.csv", "b.csv", ".b-0-old-part.csv"],
    ]
    (tmp_path / outputs.JOURNAL_NAME).write_text(json.dumps(journal))
    assert outputs.recover(tmp_path) == [str(tmp_path / "a.csv")]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".keep-me", "a.csv", "b.csv"]
    assert (tmp_path / "a.csv").read_text() == "new a"


def test_a_failing_writer_leaves_the_previous_file_byte_identical(qgis_app, tmp_path):
    target = tmp_path / "diagnostic.xlsx"
    target.write_bytes(b"previous workbook")
    with pytest.raises(OutputWriteError), outputs.staged_output(target, overwrite=True) as tmp:
        tmp.write_bytes(b"PK\x03\x04 truncated")  # not a complete zip
    assert target.read_bytes() == b"previous workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diagnostic.xlsx"]


@pytest.mark.invalid_gpkg  # it makes broken GeoPackages on purpose
def test_completeness_checks(qgis_app, tmp_path):
    good = tmp_path / "good.gpkg"
    db = sqlite3.connect(good)
    db.execute("CREATE TABLE gpkg_contents (table_name TEXT)")
    db.execute("CREATE TABLE t (x BLOB)")
    db.executemany("INSERT INTO t VALUES (?)", [(os.urandom(5000),) for _ in range(50)])
    db.commit()
    db.close()
    verify.check_output(good, good)
    cut = tmp_path / "cut.gpkg"
    cut.write_bytes(good.read_bytes()[:-4096])
    with pytest.raises(OutputWriteError, match="bytes instead of"):
        verify.check_output(cut, tmp_path / "diagnostic.gpkg")
    from qgis.PyQt.QtGui import QPainter, QPdfWriter

    pdf = tmp_path / "a.pdf"
    writer = QPdfWriter(str(pdf))
    painter = QPainter(writer)
    painter.drawText(100, 100, "Atlas")
    painter.end()
    del writer
    verify.check_output(pdf, pdf)  # structure and a re-open by GDAL's PDF driver
    data = pdf.read_bytes()
    no_pages = b"%PDF-1.4\nxref\n0 1\ntrailer\n<<>>\nstartxref\n9\n%%EOF\n"  # right structure, no document
    for broken in (data[:-20], data[: len(data) // 2], b"%PDF-1.4\nstartxref\n5\n%%EOF\n", no_pages):
        pdf.write_bytes(broken)
        with pytest.raises(OutputWriteError):
            verify.check_output(pdf, pdf)
    qgz = tmp_path / "p.qgz"
    with zipfile.ZipFile(qgz, "w") as archive:
        archive.writestr("p.qgs", "<qgis/>")
    verify.check_output(qgz, qgz)
    qgz.write_bytes(qgz.read_bytes()[:30])
    with pytest.raises(OutputWriteError):
        verify.check_output(qgz, qgz)


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+33 2 47", "'+33 2 47"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("Médiathèque = savoir", "Médiathèque = savoir"),
        ("", ""),
    ],
)
def test_spreadsheet_cells_are_formula_inert(text, cell):
    assert neutralise(text) == cell


def test_numbers_keep_their_sign_in_csv():
    table = Table("t", ["n", "s"], ["real", "text"], [[-1.5, "-1.5"]])
    assert csv_text(table).splitlines()[1] == "-1,5;'-1.5"


def test_another_thread_into_the_same_folder_is_refused_not_joined(qgis_app, tmp_path):
    """The dialog's task and a Processing algorithm in the same process: one set each, one lock."""
    import threading

    caught = []

    def other() -> None:
        try:
            outputs.write_text(tmp_path / "other.csv", "x")
        except OutputLockedError as error:
            caught.append(error)

    with outputs.output_set(tmp_path, overwrite=False, planned=[tmp_path / "mine.csv"]):
        outputs.write_text(tmp_path / "mine.csv", "mine")
        assert outputs.current(tmp_path / "mine.csv") != tmp_path / "mine.csv"  # staged
        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
        assert not (tmp_path / "mine.csv").exists()  # swapped in at the end only
    assert len(caught) == 1 and not (tmp_path / "other.csv").exists()
    assert (tmp_path / "mine.csv").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.csv"]
