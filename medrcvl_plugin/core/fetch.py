"""Obtain a catalogued dataset: user file/URL, then mirror, then live host (cached), with provenance."""

from __future__ import annotations

import datetime as dt
import logging
import re
import string
from dataclasses import dataclass
from pathlib import Path

from .cache import Cache, CacheEntry
from .catalogue import Source, source
from .errors import CancelledError, NetworkError, SourceUnavailable
from .i18n import tr
from .provenance import Provenance
from .settings import Settings

log = logging.getLogger(__name__)

CACHE_FRESH_DAYS = 7.0  # a cached live download younger than this is used without asking the host
HTML_START = re.compile(rb"^\s*(<!doctype html|<html)", re.IGNORECASE)


@dataclass
class Fetched:
    """A dataset file ready to read and where it came from."""

    path: Path
    provenance: Provenance


def is_url(text: str) -> bool:
    """True for http(s) URLs."""
    return bool(re.match(r"^https?://", text.strip(), re.IGNORECASE))


def mtime_iso(path: Path) -> str:
    """The modification date-time of ``path`` (UTC, ISO 8601)."""
    stamp = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc)
    return stamp.replace(microsecond=0).isoformat()


def _fields(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def format_template(template: str, params: dict | None, missing: str | None = None) -> str | None:
    """``template`` formatted with ``params``; missing placeholders become ``missing`` (None: fail)."""
    values = dict(params or {})
    for name in _fields(template):
        if name not in values:
            if missing is None:
                return None
            values[name] = missing
    return template.format(**values)


def _check_not_html(path: Path, src: Source, location: str) -> None:
    """Refuse a web page downloaded in place of a data file."""
    if src.format == "html":
        return
    with open(path, "rb") as handle:
        head = handle.read(512)
    if HTML_START.match(head):
        raise SourceUnavailable(
            tr("{url} is a web page, not the {fmt} file of {title}. {how}").format(
                url=location, fmt=src.format.upper(), title=src.title,
                how=src.how_to_get_text() or tr("Download the file from that page and give its path.")),
            source_id=src.id)


def from_url(url: str, source_id: str, *, params: dict | None = None, settings: Settings | None = None,
             feedback=None, mode: str = "live", cache: Cache | None = None) -> Fetched:
    """Download ``url`` through the cache; offline, fall back to a cached copy with a note."""
    src = source(source_id)
    conf = settings if settings is not None else Settings.load()
    cache = cache or Cache(settings=conf)
    entry = cache.lookup(url, params)
    notes: list[str] = []
    if entry is not None and mode == "live" and entry.age_days() < CACHE_FRESH_DAYS:
        notes.append(tr("cached copy of {date}").format(date=entry.retrieved[:10]))
        fetched_mode = "cache"
    else:
        try:
            entry = cache.download(url, params=params, source_id=src.id, vintage=src.vintage,
                                   settings=conf, feedback=feedback)
            fetched_mode = mode
        except CancelledError:
            raise
        except NetworkError as exc:
            if entry is None:
                raise SourceUnavailable(tr("{title}: {error}").format(title=src.title, error=exc),
                                        source_id=src.id) from exc
            log.warning("%s; using the cached copy of %s", exc, entry.retrieved)
            notes.append(tr("offline, cached copy of {date}").format(date=entry.retrieved[:10]))
            notes.append(str(exc))
            fetched_mode = "cache"
    _check_not_html(entry.path, src, entry.url)
    return Fetched(entry.path, _provenance(src, entry, fetched_mode, notes))


def _provenance(src: Source, entry: CacheEntry, mode: str, notes: list[str]) -> Provenance:
    prov = src.provenance(entry.url, mode, entry.retrieved)
    prov.notes.extend(notes)
    return prov


def _from_file(path: Path, src: Source, mode: str, notes: list[str]) -> Fetched:
    prov = src.provenance(str(path), mode, mtime_iso(path))
    prov.notes.extend(notes)
    log.info("%s read from %s (%s)", src.id, path, mode)
    return Fetched(path, prov)


def _sample_variant(relative: str) -> str | None:
    """``x.csv`` → ``x.sample.csv`` (the shared mirror holds ARCEP samples under that name)."""
    p = Path(relative)
    if p.suffix and not p.stem.endswith(".sample"):
        return str(p.with_name(f"{p.stem}.sample{p.suffix}")).replace("\\", "/")
    return None


def _sample_note() -> str:
    return tr("a sample file of the mirror was used (*.sample.*): only a few rows of the dataset")


def _from_mirror_folder(folder: Path, relative: str, src: Source) -> Fetched | None:
    for candidate in (relative, _sample_variant(relative)):
        if not candidate:
            continue
        matches = sorted(folder.glob(candidate)) if "*" in candidate else [folder / candidate]
        matches = [m for m in matches if m.is_file()]
        if matches:
            notes = [_sample_note()] if candidate != relative else []
            return _from_file(matches[0], src, "mirror", notes)
    return None


def _from_mirror_url(base: str, relative: str, src: Source, settings: Settings, feedback,
                     cache: Cache | None) -> Fetched | None:
    for candidate in (relative, _sample_variant(relative)):
        if not candidate:
            continue
        url = base.rstrip("/") + "/" + candidate
        try:
            fetched = from_url(url, src.id, settings=settings, feedback=feedback, mode="mirror",
                               cache=cache)
        except SourceUnavailable as exc:
            cause = exc.__cause__
            if isinstance(cause, NetworkError) and cause.status == 404:
                continue
            raise
        if candidate != relative:
            fetched.provenance.notes.append(_sample_note())
        return fetched
    return None


def obtain(source_id: str, *, location: str | None = None, mirror: str | None = None,
           params: dict | None = None, settings: Settings | None = None, feedback=None) -> Fetched:
    """Find ``source_id``: ``location`` (file or URL), else the mirror, else the live URL (cached)."""
    src = source(source_id)
    conf = settings if settings is not None else Settings.load()
    if location:
        location = str(location).strip()
        if is_url(location):
            return from_url(location, src.id, settings=conf, feedback=feedback, mode="live")
        path = Path(location).expanduser()
        if path.is_dir():
            raise SourceUnavailable(tr("{title}: {p} is a folder; give the path of the file.").format(
                title=src.title, p=path), source_id=src.id)
        if not path.is_file():
            raise SourceUnavailable(tr("{title}: the file {p} does not exist.").format(
                title=src.title, p=path), source_id=src.id)
        return _from_file(path, src, "file", [])

    notes: list[str] = []
    base = (mirror if mirror is not None else conf.mirror or "").strip()
    if base and src.mirror_path:
        relative = format_template(src.mirror_path, params, missing="*")
        if is_url(base):
            exact = format_template(src.mirror_path, params)
            found = None if exact is None else _from_mirror_url(base, exact, src, conf, feedback, None)
        else:
            found = _from_mirror_folder(Path(base).expanduser(), relative, src)
        if found is not None:
            return found
        missing = tr("{path} is not in the mirror {mirror}").format(path=relative, mirror=base)
        log.warning("%s: %s", src.id, missing)
        notes.append(missing)

    if src.url:
        url = format_template(src.url, params)
        if url is None:
            raise SourceUnavailable(tr("{title}: the address {url} needs the parameters {names}.").format(
                title=src.title, url=src.url, names=", ".join(_fields(src.url))), source_id=src.id)
        fetched = from_url(url, src.id, settings=conf, feedback=feedback, mode="live")
        fetched.provenance.notes[:0] = notes
        return fetched

    where = src.how_to_get_text() or tr("no public address is known for it")
    detail = " ".join(notes)
    raise SourceUnavailable(
        tr("{title} is not available: {detail} {where}").format(
            title=src.title, detail=detail, where=where).replace("  ", " "),
        source_id=src.id)
