"""Atomic file writes: a temp file in the target folder, ``os.replace``d on success."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator, Union

from .errors import OutputExistsError
from .i18n import tr

PathLike = Union[str, "os.PathLike[str]"]


def check_writable(path: PathLike, overwrite: bool = False) -> Path:
    """Return ``path`` as a Path; raise OutputExistsError if it exists and overwrite is False."""
    target = Path(path)
    if target.exists() and not overwrite:
        raise OutputExistsError(
            tr("The file {p} already exists; choose another name or allow overwriting.").format(p=target)
        )
    return target


@contextlib.contextmanager
def atomic_path(path: PathLike, overwrite: bool = False) -> Iterator[Path]:
    """Yield a temp path next to ``path``; it replaces ``path`` on success and is removed on failure."""
    target = check_writable(path, overwrite)
    target.parent.mkdir(parents=True, exist_ok=True)
    # only the real extension may appear in the name: GDAL's XLSX/zip writers cut at the first one
    stem = target.stem.replace(".", "_")
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{stem}-", suffix="-part" + target.suffix, dir=str(target.parent)
    )
    os.close(fd)
    tmp = Path(tmp_name)
    # Some writers (GDAL drivers) refuse an existing file: start from no file at all.
    tmp.unlink()
    try:
        yield tmp
        if not tmp.exists():
            raise OSError(tr("Nothing was written to the temporary file {p}").format(p=tmp))
        if target.exists() and not overwrite:  # appeared meanwhile
            raise OutputExistsError(
                tr("The file {p} already exists; choose another name or allow overwriting.").format(p=target)
            )
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def atomic_write_bytes(path: PathLike, data: bytes, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically and return the path."""
    with atomic_path(path, overwrite=overwrite) as tmp:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    return Path(path)


def atomic_write_text(path: PathLike, text: str, overwrite: bool = False, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically and return the path."""
    return atomic_write_bytes(path, text.encode(encoding), overwrite=overwrite)
