"""On-disk download cache: one file per URL plus a JSON sidecar (URL, date, source, vintage...)."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import logging
import os
import re
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from ..base.fileio import atomic_write_text
from ..base.i18n import tr
from ..base.settings import Settings
from . import network

log = logging.getLogger(__name__)

SIDECAR = ".meta.json"
PENDING = ".pending"
PARSED_FOLDER = "parsed"  # parsed copies of source files (``cached_parse``)
MEMBERS_FOLDER = "members"  # data files extracted from zips (``fetch``)


def now_iso() -> str:
    """The current UTC date-time, ISO 8601 to the second."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


@dataclass
class CacheEntry:
    """One cached download."""

    path: Path
    url: str
    retrieved: str  # ISO date-time (UTC)
    source_id: str = ""
    vintage: str = ""
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""
    size: int = 0

    def age_days(self) -> float:
        """Age of the copy in days (infinite when the date is unreadable)."""
        try:
            then = dt.datetime.fromisoformat(self.retrieved)
        except ValueError:
            return float("inf")
        if then.tzinfo is None:
            then = then.replace(tzinfo=dt.timezone.utc)
        return (dt.datetime.now(dt.timezone.utc) - then).total_seconds() / 86400

    def sidecar(self) -> dict:
        """The JSON sidecar content."""
        data = asdict(self)
        data["path"] = self.path.name
        return data


def _file_size(path: Path) -> int:
    """The size of a file, 0 for a folder or a file gone meanwhile (another thread's temporary)."""
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0


class Cache:
    """The download cache folder (default ``Settings.effective_cache_dir()``)."""

    def __init__(
        self, folder: Path | str | None = None, max_mb: float | None = None, settings: Settings | None = None
    ) -> None:
        if folder is None or max_mb is None:  # what is not given comes from the settings
            conf = settings if settings is not None else Settings.load()
            folder = folder if folder is not None else conf.effective_cache_dir()
            max_mb = max_mb if max_mb is not None else conf.cache_max_mb
        self.folder = Path(folder)
        self.max_bytes = int(max_mb * 1024 * 1024)
        self.settings = settings

    # ------------------------------------------------------------------ layout
    def path_for(self, url: str) -> Path:
        """The cache file of ``url``: a hash plus the URL's file name (readable, unique)."""
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
        name = Path(urlsplit(url).path).name or "index"
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", name)[-60:]
        return self.folder / f"{digest}-{name}"

    @staticmethod
    def _sidecar_path(path: Path) -> Path:
        return path.with_name(path.name + SIDECAR)

    # ------------------------------------------------------------------ lookup
    def _read_entry(self, path: Path) -> CacheEntry | None:
        meta = self._sidecar_path(path)
        if not path.is_file() or not meta.is_file():
            return None
        try:
            data = json.loads(meta.read_text(encoding="utf-8"))
            data["path"] = path
            return CacheEntry(**data)
        except (OSError, ValueError, TypeError):
            log.warning("Unreadable cache sidecar %s ignored", meta)
            return None

    def lookup(self, url: str, params: dict | None = None) -> CacheEntry | None:
        """The cached copy of ``url`` (with ``params``), or None."""
        return self._read_entry(self.path_for(network.full_url(url, params)))

    def entries(self) -> list[CacheEntry]:
        """Every valid entry of the cache."""
        if not self.folder.is_dir():
            return []
        found = []
        for meta in self.folder.glob("*" + SIDECAR):
            entry = self._read_entry(meta.with_name(meta.name[: -len(SIDECAR)]))
            if entry is not None:
                found.append(entry)
        return found

    def size(self) -> int:
        """Total bytes used by the cache folder (data files and sidecars)."""
        if not self.folder.is_dir():
            return 0
        return sum(map(_file_size, self.folder.rglob("*")))

    # ------------------------------------------------------------------ changes
    def store_meta(
        self,
        path: Path,
        url: str,
        *,
        source_id: str = "",
        vintage: str = "",
        headers: dict | None = None,
        retrieved: str | None = None,
    ) -> CacheEntry:
        """Write the sidecar of an already downloaded ``path``."""
        headers = headers or {}
        url = network.strip_credentials(url)
        entry = CacheEntry(
            path,
            url,
            retrieved or now_iso(),
            source_id,
            vintage,
            headers.get("ETag", ""),
            headers.get("Last-Modified", ""),
            headers.get("Content-Type", ""),
            path.stat().st_size,
        )
        atomic_write_text(
            self._sidecar_path(path),
            json.dumps(entry.sidecar(), ensure_ascii=False, indent=1),
            overwrite=True,
        )
        return entry

    def download(
        self,
        url: str,
        *,
        params: dict | None = None,
        source_id: str = "",
        vintage: str = "",
        settings: Settings | None = None,
        feedback=None,
        pending: bool = False,
        patience_s: float = 0.0,
    ) -> CacheEntry:
        """Download ``url`` into the cache (the previous copy survives a failure) and trim.

        When a copy exists with an ETag or Last-Modified date, the request is conditional and an
        HTTP 304 answer only refreshes the retrieval date of the copy. ``pending``: the new file is
        kept beside the cached copy (``….pending``) until ``commit`` (it parsed) or ``discard``:
        only a download that parsed becomes the cached copy.
        """
        target = network.full_url(url, params)
        path = self.path_for(target)
        self.folder.mkdir(parents=True, exist_ok=True)
        previous = self._read_entry(path)
        headers = {}
        if previous is not None and previous.etag:
            headers["If-None-Match"] = previous.etag
        if previous is not None and previous.last_modified:
            headers["If-Modified-Since"] = previous.last_modified
        dest = path.with_name(path.name + PENDING) if pending else path
        try:
            resp = network.download_response(
                target,
                dest,
                settings=settings or self.settings,
                feedback=feedback,
                headers=headers,
                overwrite=True,
                patience_s=patience_s,
            )
        except network.NotModified:
            assert previous is not None
            return self.store_meta(
                path,
                target,
                source_id=source_id or previous.source_id,
                vintage=vintage or previous.vintage,
                headers={
                    "ETag": previous.etag,
                    "Last-Modified": previous.last_modified,
                    "Content-Type": previous.content_type,
                },
            )
        if pending:
            return CacheEntry(
                dest,
                network.strip_credentials(target),
                now_iso(),
                source_id,
                vintage,
                resp.headers.get("ETag", ""),
                resp.headers.get("Last-Modified", ""),
                resp.headers.get("Content-Type", ""),
                dest.stat().st_size,
            )
        entry = self.store_meta(path, target, source_id=source_id, vintage=vintage, headers=resp.headers)
        self.trim(keep=path)
        return entry

    def commit(self, entry: CacheEntry, url: str) -> CacheEntry:
        """Make a pending download of ``url`` the cached copy (it parsed)."""
        if not entry.path.name.endswith(PENDING):
            return entry
        final = entry.path.with_name(entry.path.name[: -len(PENDING)])
        os.replace(entry.path, final)
        committed = self.store_meta(
            final,
            url,
            source_id=entry.source_id,
            vintage=entry.vintage,
            headers={
                "ETag": entry.etag,
                "Last-Modified": entry.last_modified,
                "Content-Type": entry.content_type,
            },
            retrieved=entry.retrieved,
        )
        self.trim(keep=final)
        return committed

    @staticmethod
    def discard(entry: CacheEntry) -> None:
        """Delete a pending download that did not parse (the previous copy stays)."""
        if entry.path.name.endswith(PENDING):
            with contextlib.suppress(FileNotFoundError):
                entry.path.unlink()

    def remove(self, entry: CacheEntry) -> None:
        """Delete one entry (file and sidecar)."""
        for p in (entry.path, self._sidecar_path(entry.path)):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()

    def clear(self) -> int:
        """Delete every cached file; return the number of bytes freed."""
        if not self.folder.is_dir():
            return 0
        freed = 0
        for p in sorted(self.folder.rglob("*"), reverse=True):  # parsed copies and zip members too
            if p.is_file():
                freed += p.stat().st_size
                p.unlink()
            elif p.is_dir() and p.name in (PARSED_FOLDER, MEMBERS_FOLDER):
                with contextlib.suppress(OSError):
                    p.rmdir()
        log.info("Cache %s cleared (%d bytes)", self.folder, freed)
        return freed

    def trim(self, max_bytes: int | None = None, keep: Path | None = None) -> list[CacheEntry]:
        """Delete the oldest entries until the cache fits in ``max_bytes``; return those removed."""
        limit = self.max_bytes if max_bytes is None else max_bytes
        removed = []
        total = self.size()
        derived = [
            p
            for name in (PARSED_FOLDER, MEMBERS_FOLDER)
            if (self.folder / name).is_dir()
            for p in (self.folder / name).iterdir()
            if p.is_file()
        ]
        for path in sorted(derived, key=lambda p: p.stat().st_mtime_ns if p.exists() else 0):
            if total <= limit:  # parsed copies and zip members go first: made again when needed
                break
            total -= _file_size(path)
            with contextlib.suppress(OSError):
                path.unlink()
        for entry in sorted(self.entries(), key=lambda e: (e.retrieved, e.path.stat().st_mtime_ns)):
            if total <= limit:
                break
            if keep is not None and entry.path == keep:
                continue
            freed = _file_size(entry.path) + _file_size(self._sidecar_path(entry.path))
            self.remove(entry)
            total -= freed
            removed.append(entry)
            log.info("Cache trimmed: %s removed", entry.url)
        return removed


# ---------------------------------------------------------------------------- parsed copies
PARSED_FORMAT = 2  # bump when the layout of the parsed copies changes


def _code_stamp(reader: Callable) -> str:
    """Size and mtime of the module defining ``reader`` and of the readers package: an upgrade of the
    parsing code invalidates the parsed copies."""
    import inspect
    import sys

    module = sys.modules.get(getattr(reader, "__module__", "") or "")
    try:
        stat = Path(inspect.getfile(module)).stat() if module is not None else None
    except (TypeError, OSError):
        stat = None
    own = f"{stat.st_size}:{stat.st_mtime_ns}" if stat is not None else ""
    return f"{own}|{_readers_stamp()}"


#: the packages of ``core`` whose code shapes a parsed copy (the readers, the polygons of a layer)
PARSING_PACKAGES = ("readers", "geometry")


@functools.lru_cache(maxsize=1)
def _readers_stamp() -> str:
    """A digest of the names, sizes and mtimes of the modules of ``PARSING_PACKAGES`` (once per session)."""
    core = Path(__file__).resolve().parents[1]
    files = [path for package in PARSING_PACKAGES for path in (core / package).glob("*.py")]
    if not files:
        raise RuntimeError(f"no reader module under {core}")
    parts = sorted(f"{p.parent.name}/{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in files)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def parsed_path(folder: Path | str, path: Path | str, key: str) -> Path:
    """The file holding the parsed copy of ``path`` read by ``key`` in the cache ``folder``."""
    digest = hashlib.sha256(f"{key}|{Path(path).resolve()}".encode()).hexdigest()[:20]
    return Path(folder) / PARSED_FOLDER / f"{digest}.npz"


def content_digest(path: Path) -> str:
    """A digest of the file's bytes (BLAKE2b): what a parsed copy is keyed on."""
    digest = hashlib.blake2b(digest_size=20)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cached_parse(
    path: Path | str,
    reader: Callable[[Path], Any],
    *,
    key: str,
    folder: Path | str | None,
    warnings: list[str] | None = None,
) -> Any:
    """``reader(path)``, kept parsed on disk in ``folder/parsed`` for the next runs.

    The copy is keyed on the file's **content** (a digest of its bytes), ``key`` (what reads: source id
    + reader) and the reader's code: any change re-reads the file and replaces the copy (one copy per
    file and key, so the folder does not grow). Copies are plain arrays read without pickle
    (``parsed_store``): a cache folder on a shared drive cannot run code. A value the safe layout cannot
    hold is just parsed each time. ``folder`` None disables the cache; an unreadable copy is ignored; a
    failed write only logs. ``warnings`` receives the warnings the reader logged, kept with the copy so
    that a cached read reports them again (in the language of the run that parsed: part of the key).
    """
    from . import parsed_store
    from .reader_notes import collected

    source = Path(path)
    notes = warnings if warnings is not None else []
    if folder is None or not source.is_file():
        with collected() as found:
            value = reader(source)
        notes.extend(found)
        return value
    stamp = {
        "format": PARSED_FORMAT,
        "key": key,
        "content": content_digest(source),
        "code": _code_stamp(reader),
        "language": tr("English"),
    }
    target = parsed_path(folder, source, key)
    if target.is_file():
        try:
            value, extra = parsed_store.load(target)
            if extra.get("stamp") == stamp:
                log.debug("parsed copy of %s used (%s)", source, target)
                notes.extend(extra.get("warnings") or [])
                return value
        except Exception as exc:  # a damaged or foreign copy is only re-read
            log.warning("Unreadable parsed copy %s ignored: %s", target, exc)
    with collected() as found:
        value = reader(source)
    notes.extend(found)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".parsed-", suffix=".part", dir=str(target.parent))
        os.close(fd)
        try:
            parsed_store.dump(value, Path(tmp), {"stamp": stamp, "warnings": found})
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except parsed_store.NotStorable as exc:
        log.debug("Parsed copy of %s not kept: %s", source, exc)
    except (OSError, ValueError, TypeError) as exc:
        log.warning("Parsed copy of %s not kept: %s", source, exc)
    return value
