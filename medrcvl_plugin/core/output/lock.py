"""A lock file in an output folder: one MedRCVL run writes there at a time.

``.medrcvl.lock`` holds the holder's PID, host and start time. A second run into the same folder
refuses at once (``OutputLockedError``); the lock of a process that no longer runs on this machine is
taken over. Within one process (dialog + Processing), a folder is held once.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from pathlib import Path

from ..base.errors import OutputLockedError, OutputWriteError, describe_os_error
from ..base.i18n import tr

LOCK_NAME = ".medrcvl.lock"
FRESH_SECONDS = 10.0  # an unreadable lock younger than this is being written by its holder

_HELD: set[str] = set()
_GUARD = threading.Lock()


def pid_alive(pid: int) -> bool:
    """True when process ``pid`` runs on this machine."""
    if pid <= 0:
        return False
    if os.name == "nt":  # os.kill would terminate it there
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _holder(path: Path) -> dict | None:
    """The lock's content, or None when it cannot be read (being written, or damaged)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) and isinstance(data.get("pid"), int) else None
    except (OSError, ValueError):
        return None


def _stale(path: Path, holder: dict | None) -> bool:
    """True when the lock's holder is gone (dead PID on this host, or an old unreadable lock)."""
    if holder is None:
        try:
            return time.time() - path.stat().st_mtime > FRESH_SECONDS
        except OSError:
            return True
    if holder.get("host") not in (None, socket.gethostname()):
        return False
    pid = holder["pid"]
    if pid == os.getpid():
        return str(path.parent.resolve()) not in _HELD  # left by an earlier process with our PID
    return not pid_alive(pid)


def _refusal(folder: Path, holder: dict | None) -> OutputLockedError:
    pid = holder.get("pid") if holder else None
    return OutputLockedError(
        tr(
            "Another MedRCVL run (process {pid} on {host}, started {when}) is writing into {f}; wait for "
            "it to end or choose another output folder. If no run is going on, delete {lock}."
        ).format(
            pid=pid if pid is not None else "?",
            host=(holder or {}).get("host") or "?",
            when=(holder or {}).get("started") or "?",
            f=folder,
            lock=folder / LOCK_NAME,
        ),
        pid=pid,
    )


def acquire(folder: Path) -> Path:
    """Take the lock of ``folder`` (which must exist); OutputLockedError when another run holds it."""
    folder = Path(folder)
    key = str(folder.resolve())
    path = folder / LOCK_NAME
    with _GUARD:
        if key in _HELD:
            raise _refusal(folder, _holder(path) or {"pid": os.getpid(), "host": socket.gethostname()})
        content = json.dumps(
            {"pid": os.getpid(), "host": socket.gethostname(), "started": time.strftime("%Y-%m-%d %H:%M:%S")}
        ).encode("utf-8")
        for _attempt in range(3):
            try:
                fd = os.open(str(path), os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = _holder(path)
                if not _stale(path, holder):
                    raise _refusal(folder, holder) from None
                _take_over(folder, path, holder)
                continue
            except OSError as error:
                raise OutputWriteError(describe_os_error(error, folder), path=str(folder)) from None
            try:
                os.write(fd, content)
                os.fsync(fd)
            except OSError as error:
                os.close(fd)
                path.unlink(missing_ok=True)
                raise OutputWriteError(describe_os_error(error, folder), path=str(folder)) from None
            os.close(fd)
            _HELD.add(key)
            return path
        raise _refusal(folder, _holder(path))


def _take_over(folder: Path, path: Path, seen: dict | None) -> None:
    """Remove the stale lock ``seen``; renamed aside first and put back if another run had meanwhile
    replaced it by a fresh one (two runs taking over the same stale lock)."""
    aside = path.with_name(f"{LOCK_NAME}.stale-{os.getpid()}-{threading.get_ident()}")
    try:
        os.replace(path, aside)
    except FileNotFoundError:
        return
    except OSError as error:
        raise OutputWriteError(describe_os_error(error, path), path=str(path)) from None
    moved = _holder(aside)
    if moved != seen and moved is not None and not _stale(aside, moved):
        try:
            os.link(aside, path)  # never over a lock taken meanwhile
        except OSError:
            pass
        aside.unlink(missing_ok=True)
        raise _refusal(folder, moved)
    aside.unlink(missing_ok=True)


def release(folder: Path) -> None:
    """Give the lock of ``folder`` back (only when this process holds it)."""
    folder = Path(folder)
    key = str(folder.resolve())
    path = folder / LOCK_NAME
    with _GUARD:
        if key not in _HELD:
            return
        _HELD.discard(key)
        holder = _holder(path)
        if holder is not None and holder.get("pid") == os.getpid():
            path.unlink(missing_ok=True)
