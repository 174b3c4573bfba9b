"""The outputs of a run as one set: checked before any work, staged, verified, swapped together.

``output_set(folder, overwrite, planned)`` refuses at once, with the list, when planned outputs exist
(and ``overwrite`` is False), takes the folder's lock, finishes or cleans what a killed run left
behind, and yields an :class:`OutputSet`. Writers call :func:`staged_output` (``with
staged_output(target, overwrite) as tmp: write(tmp)``): inside a set the temporary (``.name-XXXX-part.ext``
next to the target) is checked and synced but only renamed when the whole set commits; outside a set
it is a set of one file. Commit writes a journal listing the renames before doing them, so that a
kill during the renames is completed by the next run; a kill before leaves the previous outputs as
they were and the next run removes the temporaries. :func:`current` gives the path to read an output
of the running set from (its temporary until the commit).
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Iterable, Iterator, Optional

from ..base.errors import OutputExistsError, OutputWriteError, describe_os_error, is_disk_error
from ..base.i18n import tr
from . import lock as outlock
from . import verify

log = logging.getLogger(__name__)

JOURNAL_NAME = ".medrcvl-commit.json"
FAULT_ENV = "MEDRCVL_FAULT_POINT"  # fault-injection hook of the test suite (tests/faults)
PART_DIR_PREFIX = ".medrcvl-part-"
_PART = re.compile(r"^\..+-part(\.[A-Za-z0-9]+)?(-journal|-wal|-shm)?$")
_ACTIVE: list[OutputSet] = []
_GUARD = threading.Lock()


def fault_point(name: str) -> None:
    """Stop here for a while when ``MEDRCVL_FAULT_POINT`` is ``name`` (so that a test can kill the process
    at a known moment); a no-op otherwise."""
    if os.environ.get(FAULT_ENV) == name:
        print(f"medrcvl-fault-point {name}", file=sys.stderr, flush=True)
        time.sleep(300)


def is_leftover(name: str) -> bool:
    """True for the name of a temporary left by a killed run (``.x-part.gpkg``, ``.medrcvl-part-…``)."""
    return bool(_PART.match(name)) or name.startswith(PART_DIR_PREFIX) or name.startswith(".atlas-")


def existing(paths: Iterable[Path]) -> list[Path]:
    """The paths of ``paths`` that exist (files or folders)."""
    return [Path(p) for p in paths if Path(p).exists()]


def check_outputs(paths: Iterable[Path], overwrite: bool) -> None:
    """Refuse at once, naming every one, when outputs exist and ``overwrite`` is False, or are folders."""
    paths = list(dict.fromkeys(Path(p) for p in paths))
    folders = [p for p in paths if p.is_dir()]
    if folders:
        raise OutputWriteError(
            tr("These outputs are folders, not files: {l}. Choose other names.").format(
                l=", ".join(map(str, folders))
            ),
            path=str(folders[0]),
        )
    found = existing(paths)
    if len(found) == 1 and not overwrite:
        raise OutputExistsError(
            tr("The file {p} already exists; choose another name or allow overwriting.").format(p=found[0])
        )
    if found and not overwrite:
        raise OutputExistsError(
            tr(
                "These outputs already exist: {l}. Nothing was written; allow "
                "overwriting (--overwrite, or tick “Overwrite”) or choose another "
                "folder."
            ).format(l=", ".join(map(str, found)))
        )


def _active_for(folder: Path) -> Optional[OutputSet]:
    """The set run by this thread whose folder is ``folder`` or one of its parents (another thread's
    run into the same folder is another set, refused by the lock)."""
    try:
        folder = folder.resolve()
    except OSError:
        return None
    thread = threading.get_ident()
    with _GUARD:
        for output_set in reversed(_ACTIVE):
            inside = folder == output_set.root or output_set.root in folder.parents
            if output_set.thread in (thread, None) and inside:
                return output_set
    return None


def current(path: Path | str) -> Path:
    """Where to read ``path`` now: its temporary while a running set has staged it, else ``path``."""
    path = Path(path)
    output_set = _active_for(path.parent)
    if output_set is not None:
        staged = output_set.staged.get(path.resolve())
        if staged is not None and staged.exists():
            return staged
    return path


def temporaries() -> dict[str, str]:
    """Temporary → final path of every output staged by the running sets (for saved projects)."""
    thread = threading.get_ident()
    with _GUARD:
        return {
            str(tmp): str(target)
            for s in _ACTIVE
            if s.thread in (thread, None)
            for target, tmp in s.staged.items()
        }


def recover(folder: Path) -> list[str]:
    """Finish the renames of a journal left by a killed commit, then remove leftover temporaries."""
    done: list[str] = []
    journal = folder / JOURNAL_NAME
    if journal.exists():
        try:
            pairs = json.loads(journal.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pairs = []
        for tmp_name, target_name, *_backup in pairs:
            tmp, target = folder / tmp_name, folder / target_name
            if tmp.exists():
                os.replace(tmp, target)
                done.append(str(target))
        verify.fsync_dir(folder)
        journal.unlink(missing_ok=True)
        if done:
            log.warning(
                tr("A previous run was stopped while putting its outputs in place; completed: " "{l}").format(
                    l=", ".join(done)
                )
            )
    for entry in folder.iterdir():
        if is_leftover(entry.name):
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            log.info(tr("Removed {p}, left by an interrupted run.").format(p=entry))
    return done


class OutputSet:
    """The files one run writes under ``root``: temporaries until :meth:`commit`."""

    def __init__(self, root: Path, overwrite: bool) -> None:
        self.root = root.resolve()
        self.overwrite = overwrite
        self.thread: Optional[int] = threading.get_ident()  # None: shared by every thread
        self.created: list[Path] = []
        self.staged: dict[Path, Path] = {}  # final (resolved) → temporary
        self.sizes: dict[Path, Optional[int]] = {}

    def reserve(self, target: Path) -> Path:
        """A fresh temporary path next to ``target`` (no file is created: some writers refuse one)."""
        target = Path(target)
        if target.exists() and not self.overwrite:
            check_outputs([target], False)
        stem = target.stem.replace(".", "_")  # GDAL's zip writers cut a name at an inner extension
        name = f".{stem}-{os.urandom(4).hex()}-part{target.suffix}"
        return target.parent.resolve() / name

    def temp_dir(self, near: Path) -> Path:
        """A temporary folder under ``near`` (removed by the next run if this one is killed)."""
        near.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=PART_DIR_PREFIX, dir=str(near)))

    def add(self, target: Path, tmp: Path, expected_size: Optional[int] = None) -> None:
        """Check and sync the written temporary ``tmp``, to replace ``target`` at commit."""
        target = Path(target)
        try:
            verify.check_output(tmp, target, expected_size)
        except OutputWriteError as error:
            if _nearly_full(tmp.parent):  # writers (Qt's PDF, GDAL's zip) may not report a full disk
                full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                raise OutputWriteError(
                    f"{describe_os_error(full, target)} ({error})", path=str(target)
                ) from None
            raise
        verify.fsync_file(tmp)
        previous = self.staged.get(target.resolve())
        if previous is not None and previous != tmp:
            previous.unlink(missing_ok=True)
        self.staged[target.resolve()] = tmp

    def commit(self) -> list[Path]:
        """Put every staged output in place; return the final paths.

        The journal (temporary, final, backup of each) is synced first; the previous outputs are then
        moved aside (a file held open by another program stops everything here, nothing replaced),
        the new ones renamed in and the old ones removed. A kill after the journal is completed by
        :func:`recover`.
        """
        if not self.staged:
            return []
        if not self.overwrite:
            check_outputs(list(self.staged), False)  # one appeared meanwhile
        journal = self.root / JOURNAL_NAME
        moves = [
            (
                target,
                tmp,
                target.with_name(
                    f".{target.stem.replace('.', '_')}-{os.urandom(4).hex()}" f"-old-part{target.suffix}"
                ),
            )
            for target, tmp in self.staged.items()
        ]
        rel = lambda p: os.path.relpath(p, self.root)  # noqa: E731
        with _disk_errors(journal):
            with open(journal, "wb") as handle:
                handle.write(json.dumps([[rel(t), rel(n), rel(b)] for n, t, b in moves]).encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
            verify.fsync_dir(self.root)
        fault_point("journal")
        aside: list[tuple[Path, Path]] = []
        try:
            for target, _tmp, backup in moves:
                if target.exists():
                    with _disk_errors(target):
                        os.replace(target, backup)
                    aside.append((target, backup))
                    fault_point("aside")
        except BaseException:
            for target, backup in reversed(aside):
                with contextlib.suppress(OSError):
                    os.replace(backup, target)
            journal.unlink(missing_ok=True)
            raise
        for target, tmp, _backup in moves:
            with _disk_errors(target):
                os.replace(tmp, target)
            fault_point("renamed")
        for folder in {t.parent for t, _, _ in moves}:
            verify.fsync_dir(folder)
        journal.unlink(missing_ok=True)
        verify.fsync_dir(self.root)
        for _target, backup in aside:
            with contextlib.suppress(OSError):
                backup.unlink()
        self.staged.clear()
        return [t for t, _, _ in moves]

    def abort(self) -> None:
        """Remove every temporary (the previous outputs are untouched)."""
        for tmp in self.staged.values():
            for path in (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
                with contextlib.suppress(OSError):
                    path.unlink()
        self.staged.clear()


def _nearly_full(folder: Path) -> bool:
    """True when the file system of ``folder`` has less than 1 MiB free."""
    try:
        return shutil.disk_usage(folder).free < 1024 * 1024
    except OSError:
        return False


@contextlib.contextmanager
def _disk_errors(path: Path) -> Iterator[None]:
    """Turn OS/SQLite I/O errors into an OutputWriteError with a French sentence naming ``path``."""
    try:
        yield
    except OutputWriteError:
        raise
    except (OSError, sqlite3.Error, RuntimeError) as error:
        if not is_disk_error(error):
            raise
        raise OutputWriteError(describe_os_error(error, path), path=str(path)) from error


def begin(
    folder: Path | str, overwrite: bool = False, planned: Iterable[Path] = (), shared: bool = False
) -> OutputSet:
    """Start a set under ``folder``: refuse existing ``planned`` outputs, take the lock, recover.

    ``shared``: every thread's writes under ``folder`` join it (the dialog's task, atlas and exports);
    else only this thread's. End it with :func:`finish`.
    """
    folder = Path(folder).expanduser()
    check_outputs(planned, overwrite)
    created = [p for p in (folder, *folder.parents) if not p.exists()]
    with _disk_errors(folder):
        folder.mkdir(parents=True, exist_ok=True)
    try:
        outlock.acquire(folder)
    except BaseException:
        _remove_empty(created)
        raise
    output_set_ = OutputSet(folder, overwrite)
    output_set_.created = created
    if shared:
        output_set_.thread = None
    with _GUARD:
        _ACTIVE.append(output_set_)
    try:
        with _disk_errors(folder):
            recover(folder)
        check_outputs(planned, overwrite)  # as recovered
    except BaseException:
        finish(output_set_, False)
        raise
    return output_set_


def finish(output_set_: OutputSet, ok: bool) -> list[Path]:
    """Commit (``ok``) or abort the set, release the folder; return the files put in place."""
    try:
        if not ok:
            output_set_.abort()
            return []
        try:
            return output_set_.commit()
        except BaseException:
            output_set_.abort()
            raise
    finally:
        with _GUARD:
            if output_set_ in _ACTIVE:
                _ACTIVE.remove(output_set_)
        outlock.release(output_set_.root)
        _remove_empty(output_set_.created)


def _remove_empty(created: list[Path]) -> None:
    """Remove the folders made for outputs that never came."""
    for path in created:
        with contextlib.suppress(OSError):
            path.rmdir()


@contextlib.contextmanager
def output_set(
    folder: Path | str, overwrite: bool = False, planned: Iterable[Path] = ()
) -> Iterator[OutputSet]:
    """Run a block whose outputs under ``folder`` are swapped in together at its end.

    Inside an already running set covering ``folder``, the block joins it (the outer set commits).
    """
    folder = Path(folder).expanduser()
    outer = _active_for(folder)
    if outer is not None:
        check_outputs(planned, outer.overwrite and overwrite)
        yield outer
        return
    output_set_ = begin(folder, overwrite, planned)
    ok = False
    try:
        yield output_set_
        ok = True
    finally:
        finish(output_set_, ok)


@contextlib.contextmanager
def staged_output(
    target: Path | str, overwrite: bool = False, expected_size: Optional[int] = None
) -> Iterator[Path]:
    """Yield a temporary path for ``target``; when the block ends it is checked, synced and swapped in
    (at the end of the running set, or at once outside one). OutputWriteError for disk errors."""
    target = Path(target).expanduser()
    with output_set(target.parent, overwrite) as output_set_:
        tmp = output_set_.reserve(target)
        try:
            with _disk_errors(target):
                yield tmp
                fault_point(f"staged:{target.name}")
                output_set_.add(target, tmp, expected_size)
        except BaseException:
            for path in (tmp, *(Path(f"{tmp}-{part}") for part in ("journal", "wal", "shm"))):
                with contextlib.suppress(OSError):
                    path.unlink()
            raise


def write_bytes(target: Path | str, data: bytes, overwrite: bool = False) -> Path:
    """Write ``data`` as the output ``target`` (staged, checked, synced)."""
    with staged_output(target, overwrite, expected_size=len(data)) as tmp:
        with open(tmp, "wb") as handle:
            handle.write(data)
    return Path(target)


def write_text(target: Path | str, text: str, overwrite: bool = False, encoding: str = "utf-8") -> Path:
    """Write ``text`` as the output ``target`` (staged, checked, synced)."""
    return write_bytes(target, text.encode(encoding), overwrite)
