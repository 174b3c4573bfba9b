"""Real processes for the fault-injection tests: CLI runs, kills at known moments, tmpfs mounts."""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VALIDATE_GPKG = Path("/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py")
FULL_RUN = ["--atlas", "--export", "csv,xlsx,standard,quality"]


def env(**extra: str) -> dict:
    """The environment of a CLI run: offscreen, a private QGIS profile (HOME), English unless asked."""
    home = tempfile.mkdtemp(prefix="medrcvl-home-")
    base = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HOME=home,
        LC_ALL="C.UTF-8",
        LANG="C.UTF-8",
        XDG_RUNTIME_DIR=home,
    )
    base.pop("MEDRCVL_FAULT_POINT", None)
    base.update(extra)
    return base


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "medrcvl_plugin", "-q", *args]


def diagnose_args(data: Path, out: Path, *extra: str) -> list[str]:
    return ["diagnose", "--epci", "200043081", "--mirror", str(data), "--out", str(out), *extra]


def run(args: list[str], timeout: int = 300, **extra: str) -> subprocess.CompletedProcess:
    """Run the CLI to its end."""
    return subprocess.run(
        command(*args), cwd=ROOT, env=env(**extra), capture_output=True, text=True, timeout=timeout
    )


def start(args: list[str], **extra: str) -> subprocess.Popen:
    """Start the CLI in the background (stderr piped, line by line)."""
    return subprocess.Popen(
        command(*args),
        cwd=ROOT,
        env=env(**extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
    )


def kill_at(args: list[str], point: str, timeout: float = 240, **extra: str) -> str:
    """Run the CLI with ``MEDRCVL_FAULT_POINT=point``, ``kill -9`` it there; return what it printed.

    Raises AssertionError if the process ends without reaching the point.
    """
    proc = start(args, MEDRCVL_FAULT_POINT=point, **extra)
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    try:
        for line in proc.stderr:
            seen.append(line)
            if f"medrcvl-fault-point {point}" in line:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait(30)
                return "".join(seen)
            if time.monotonic() > deadline:
                break
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(30)
    raise AssertionError(f"the run ended (code {proc.returncode}) without reaching {point}: {''.join(seen)}")


def snapshot(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder`` (relative names), hidden files included."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def leftovers(folder: Path) -> list[str]:
    """Temporaries, journals and locks under ``folder``."""
    return sorted(
        str(p.relative_to(folder)) for p in folder.rglob("*") if p.name.startswith(".") or "-part" in p.name
    )


def gpkg_problems(path: Path) -> list[str]:
    """GDAL's validate_gpkg.py and SQLite's integrity check of ``path`` ([] when fine)."""
    problems = []
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = db.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            problems.append(f"integrity_check: {result}")
    finally:
        db.close()
    if VALIDATE_GPKG.exists():
        out = subprocess.run(
            ["/usr/bin/python3", str(VALIDATE_GPKG), str(path)], capture_output=True, text=True, timeout=120
        )
        if out.returncode != 0:
            problems.append(f"validate_gpkg: {out.stdout} {out.stderr}")
    return problems


def project_problems(qgz: Path) -> list[str]:
    """Layers of a saved project that are not where the project says (names of temporaries…)."""
    with zipfile.ZipFile(qgz) as archive:
        text = next(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".qgs"))
    problems = [f"temporary name in the project: {m}" for m in ("-part",) if m in text]
    for name in ("atlas_pages.gpkg", "diagnostic.gpkg"):
        if name not in text:
            problems.append(f"{name} not referenced")
        elif not (qgz.parent / name).exists():
            problems.append(f"{name} referenced but missing")
    return problems


@contextlib.contextmanager
def tmpfs(path: Path, size: str):
    """A tmpfs of ``size`` mounted on ``path`` (root only)."""
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        check=True,
        capture_output=True,
        timeout=30,
    )
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True, timeout=30)


def remount(path: Path, options: str) -> None:
    subprocess.run(
        ["mount", "-o", f"remount,{options}", str(path)], check=True, capture_output=True, timeout=30
    )


def can_mount() -> str:
    """'' when this process may mount a tmpfs, else why not."""
    if os.geteuid() != 0:
        return "mounting a tmpfs needs root"
    probe = Path(tempfile.mkdtemp(prefix="medrcvl-mnt-"))
    try:
        out = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        if out.returncode:
            return f"cannot mount a tmpfs: {out.stderr.strip()}"
        subprocess.run(["umount", str(probe)], capture_output=True, timeout=30)
        return ""
    finally:
        probe.rmdir()


def fill(folder: Path, keep_free: int) -> None:
    """Fill the file system of ``folder`` until about ``keep_free`` bytes are free."""
    stat = os.statvfs(folder)
    free = stat.f_bavail * stat.f_frsize
    with open(folder / "filler.bin", "wb") as handle:
        handle.write(b"\0" * max(0, free - keep_free))
