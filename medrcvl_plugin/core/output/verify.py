"""Check that a freshly written output is complete before it replaces the previous one.

One check per kind of file, cheap enough to run on every output: GeoPackage/SQLite (header, page
count × page size = file size, no pending ``-wal``, a read-only open and its contents table), PDF
(header, ``startxref`` pointing at a cross-reference, ``%%EOF``, then a re-open by GDAL's Poppler/PDFium
driver when present), zip containers (XLSX, ``.qgz``:
central directory and the CRC of every member), text (it decodes). A failure raises
``OutputWriteError`` naming the final path.
"""

from __future__ import annotations

import os
import re
import sqlite3
import zipfile
from pathlib import Path

from ..base.errors import OutputWriteError
from ..base.i18n import tr

SQLITE_MAGIC = b"SQLite format 3\x00"
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_OBJECT = re.compile(rb"\s*\d+\s+\d+\s+obj")


def _fail(target: Path, reason: str) -> OutputWriteError:
    return OutputWriteError(
        tr("The new {p} is incomplete ({r}); the previous file was kept.").format(p=target, r=reason),
        path=str(target),
    )


def check_sqlite(path: Path, target: Path, geopackage: bool = True) -> None:
    """A closed, complete SQLite file (and a GeoPackage when ``geopackage``)."""
    with open(path, "rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise _fail(target, tr("not an SQLite file"))
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96]  # the in-header page count is valid
    size = path.stat().st_size
    if valid and pages and pages * page_size != size:
        raise _fail(target, tr("{s} bytes instead of {e}").format(s=size, e=pages * page_size))
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise _fail(target, tr("its write-ahead log was not merged"))
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            if geopackage:
                db.execute("SELECT count(*) FROM gpkg_contents").fetchone()
            else:
                db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            db.execute("PRAGMA schema_version").fetchone()
        finally:
            db.close()
    except sqlite3.Error as error:
        raise _fail(target, str(error)) from None


def check_pdf(path: Path, target: Path) -> None:
    """A PDF whose trailer points at its cross-reference table or stream."""
    size = path.stat().st_size
    with open(path, "rb") as handle:
        head = handle.read(8)
        handle.seek(max(0, size - 1024))
        tail = handle.read()
        if not head.startswith(b"%PDF-"):
            raise _fail(target, tr("no PDF header"))
        match = _STARTXREF.search(tail)
        if match is None:
            raise _fail(target, tr("no end-of-file marker"))
        offset = int(match.group(1))
        if offset >= size:
            raise _fail(target, tr("its cross-reference lies beyond the end of the file"))
        handle.seek(offset)
        start = handle.read(32)
    if not (start.lstrip().startswith(b"xref") or _OBJECT.match(start)):
        raise _fail(target, tr("its cross-reference cannot be found"))
    _reopen_pdf(path, target)


def _reopen_pdf(path: Path, target: Path) -> None:
    """Open the PDF with GDAL's PDF driver (Poppler/PDFium) when this GDAL has one, like ``pdfinfo``."""
    from osgeo import gdal

    driver = gdal.GetDriverByName("PDF")
    if driver is None or driver.GetMetadataItem("DCAP_OPEN") != "YES":
        return
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        dataset = gdal.OpenEx(str(path), gdal.OF_RASTER, allowed_drivers=["PDF"])
        message = gdal.GetLastErrorMsg()
    except RuntimeError as error:  # GDAL exceptions turned on elsewhere
        dataset, message = None, str(error)
    finally:
        gdal.PopErrorHandler()
    if dataset is None:
        raise _fail(
            target,
            tr("the PDF reader refuses it: {e}").format(e=message)
            if message
            else tr("the PDF reader cannot open it"),
        )
    dataset = None


def check_zip(path: Path, target: Path, member: str = "", suffix: str = "") -> None:
    """A zip whose members all pass their CRC; ``member`` (exact) or ``suffix`` must be present."""
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise _fail(target, tr("not a valid zip: {e}").format(e=error)) from None
    if bad is not None:
        raise _fail(target, tr("member {m} is damaged").format(m=bad))
    if member and member not in names:
        raise _fail(target, tr("{m} is missing").format(m=member))
    if suffix and not any(n.lower().endswith(suffix) for n in names):
        raise _fail(target, tr("no {m} inside").format(m=suffix))


def check_text(path: Path, target: Path, expected_size: int | None = None) -> None:
    """A text file of the expected size that decodes as UTF-8."""
    size = path.stat().st_size
    if expected_size is not None and size != expected_size:
        raise _fail(target, tr("{s} bytes instead of {e}").format(s=size, e=expected_size))
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _fail(target, str(error)) from None


def check_output(path: Path, target: Path, expected_size: int | None = None) -> None:
    """Check the temporary ``path`` about to become ``target``, by the kind of ``target``."""
    path, target = Path(path), Path(target)
    if not path.is_file():
        raise OutputWriteError(
            tr("Nothing was written for {p}; the previous file was kept.").format(p=target), path=str(target)
        )
    if path.stat().st_size == 0:
        raise _fail(target, tr("empty file"))
    suffix = target.suffix.lower()
    if suffix == ".gpkg":
        check_sqlite(path, target)
    elif suffix in (".sqlite", ".db"):
        check_sqlite(path, target, geopackage=False)
    elif suffix == ".pdf":
        check_pdf(path, target)
    elif suffix == ".xlsx":
        check_zip(path, target, member="[Content_Types].xml")
    elif suffix == ".qgz":
        check_zip(path, target, suffix=".qgs")
    elif suffix == ".zip":
        check_zip(path, target)
    elif suffix in (".csv", ".txt", ".json", ".qml", ".qgs", ".html", ".md"):
        check_text(path, target, expected_size)
    elif expected_size is not None and path.stat().st_size != expected_size:
        raise _fail(target, tr("{s} bytes instead of {e}").format(s=path.stat().st_size, e=expected_size))


def fsync_file(path: Path) -> None:
    """Flush ``path``'s data to the disk."""
    flags = os.O_RDWR if os.name == "nt" else os.O_RDONLY
    fd = os.open(str(path), flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (renames) to the disk; a no-op where folders cannot be opened."""
    if os.name == "nt":
        return
    try:
        fd = os.open(str(folder), os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
