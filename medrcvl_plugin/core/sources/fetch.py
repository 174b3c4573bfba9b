"""Obtain a catalogued dataset: user file/URL, then mirror, then live host (cached), with provenance."""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import logging
import re
import shutil
import string
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TypeVar, overload

from ..base.errors import CancelledError, DataFormatError, NetworkError, SourceUnavailable
from ..base.i18n import tr
from ..base.settings import Settings
from .cache import MEMBERS_FOLDER, Cache, CacheEntry
from .catalogue import Source, source
from .network import full_url, live_base, routed, strip_credentials
from .provenance import Provenance

log = logging.getLogger(__name__)
T = TypeVar("T")

CACHE_FRESH_DAYS = 7.0  # a cached live download younger than this is used without asking the host
HTML_START = re.compile(rb"^\s*(<!doctype html|<html)", re.IGNORECASE)


@dataclass
class Fetched:
    """A dataset file ready to read and where it came from.

    A fresh live download is *pending* until ``confirm`` (its reader parsed it): only then does it
    become the cached copy; ``reject`` deletes it (the previous cached copy stays).
    """

    path: Path
    provenance: Provenance
    on_confirm: Callable[[], Path | None] | None = field(default=None, repr=False)
    on_reject: Callable[[], None] | None = field(default=None, repr=False)

    @property
    def pending(self) -> bool:
        """True for a live download not yet confirmed (do not keep a parsed copy of it)."""
        return self.on_confirm is not None

    def confirm(self) -> None:
        """The file parsed: keep it in the cache (``path`` becomes the cached copy's)."""
        if self.on_confirm is not None:
            kept = self.on_confirm()
            if kept is not None and self.path.name.endswith(".pending"):
                self.path = kept
        self.on_confirm = self.on_reject = None

    def reject(self) -> None:
        """The file did not parse: drop it from the cache."""
        if self.on_reject is not None:
            self.on_reject()
        self.on_confirm = self.on_reject = None


def read_fetched(fetched: Fetched, reader: Callable[[Path], T]) -> T:
    """``reader(fetched.path)``, confirming the download when it parsed and rejecting it otherwise."""
    try:
        value = reader(fetched.path)
    except BaseException:
        fetched.reject()
        raise
    fetched.confirm()
    return value


def is_url(text: str) -> bool:
    """True for http(s) URLs."""
    return bool(re.match(r"^https?://", text.strip(), re.IGNORECASE))


def mtime_iso(path: Path) -> str:
    """The modification date-time of ``path`` (UTC, ISO 8601)."""
    stamp = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc)
    return stamp.replace(microsecond=0).isoformat()


def _fields(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


@overload
def format_template(template: str, params: dict | None, missing: str) -> str: ...
@overload
def format_template(template: str, params: dict | None, missing: None = None) -> str | None: ...
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
                url=location,
                fmt=src.format.upper(),
                title=src.title,
                how=src.how_to_get_text() or tr("Download the file from that page and give its path."),
            ),
            source_id=src.id,
        )


def from_url(
    url: str,
    source_id: str,
    *,
    params: dict | None = None,
    settings: Settings | None = None,
    feedback=None,
    mode: str = "live",
    cache: Cache | None = None,
) -> Fetched:
    """Download ``url`` through the cache; offline, fall back to a cached copy with a note.

    A cached copy younger than ``CACHE_FRESH_DAYS`` is used without asking the host; an older one is
    revalidated (ETag / Last-Modified). A new download is pending until its reader parsed it.
    """
    src = source(source_id)
    conf = settings if settings is not None else Settings.load()
    cache = cache or Cache(settings=conf)
    entry = cache.lookup(url, params)
    notes: list[str] = []
    target = full_url(url, params)
    on_confirm = on_reject = None
    if entry is not None and entry.age_days() < CACHE_FRESH_DAYS:
        notes.append(tr("cached copy of {date}").format(date=entry.retrieved[:10]))
        fetched_mode = "cache"
    else:
        try:
            entry = cache.download(
                url,
                params=params,
                source_id=src.id,
                vintage=src.vintage,
                settings=conf,
                feedback=feedback,
                pending=True,
                patience_s=src.patience_s,
            )
            fetched_mode = mode
        except CancelledError:
            raise
        except NetworkError as exc:
            if entry is None:
                raise SourceUnavailable(
                    tr("{title}: {error}").format(title=src.title, error=exc), source_id=src.id
                ) from exc
            log.warning("%s; using the cached copy of %s", exc, entry.retrieved)
            notes.append(tr("offline, cached copy of {date}").format(date=entry.retrieved[:10]))
            notes.append(str(exc))
            fetched_mode = "cache"
        else:
            if routed(target) != target:
                notes.append(tr("served by the replica {base} of the live host").format(base=live_base()))
            pending = entry
            on_confirm = lambda: cache.commit(pending, target).path  # noqa: E731
            on_reject = lambda: cache.discard(pending)  # noqa: E731
    prov = _provenance(src, entry, fetched_mode, notes, live=mode == "live")
    fetched = Fetched(entry.path, prov, on_confirm, on_reject)
    try:
        _check_not_html(entry.path, src, entry.url)
    except SourceUnavailable:
        fetched.reject()
        raise
    return fetched


def _http_date(value: str) -> str:
    """``Wed, 01 Jan 2025 00:00:00 GMT`` -> ``2025-01-01`` ("" when unreadable)."""
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat() if value else ""
    except (TypeError, ValueError):
        return ""


def live_vintage(src: Source, entry: CacheEntry) -> str:
    """The vintage of what was fetched live: fixed by the URL, else the file's date, else the fetch date."""
    if src.live_vintage:
        return src.live_vintage
    published = _http_date(entry.last_modified)
    if published:
        return tr("edition of {date}").format(date=published)
    return tr("fetched on {date}").format(date=entry.retrieved[:10])


def _provenance(src: Source, entry: CacheEntry, mode: str, notes: list[str], live: bool) -> Provenance:
    prov = src.provenance(strip_credentials(entry.url), mode, entry.retrieved)
    if live:
        prov.vintage = live_vintage(src, entry)
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


def _from_mirror_url(
    base: str, relative: str, src: Source, settings: Settings, feedback, cache: Cache | None
) -> Fetched | None:
    for candidate in (relative, _sample_variant(relative)):
        if not candidate:
            continue
        url = base.rstrip("/") + "/" + candidate
        try:
            fetched = from_url(url, src.id, settings=settings, feedback=feedback, mode="mirror", cache=cache)
        except SourceUnavailable as exc:
            cause = exc.__cause__
            if isinstance(cause, NetworkError) and cause.status == 404:
                continue
            raise
        if candidate != relative:
            fetched.provenance.notes.append(_sample_note())
        return fetched
    return None


def _zip_member(fetched: Fetched, src: Source, conf: Settings) -> Fetched:
    """A zip (live download or user file) replaced by its data file ``src.member``, extracted once into
    the cache folder; a zip without it is a DataFormatError naming the members found."""
    path = fetched.path
    if src.format in ("xlsx", "zip") or not zipfile.is_zipfile(path):  # a workbook is a zip too
        return fetched
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if not n.endswith("/")]
        wanted = [n for n in names if Path(n).name.lower() == src.member.lower()] if src.member else []
        if not wanted and not src.member and len(names) == 1:
            wanted = names
        if not wanted:
            fetched.reject()
            raise DataFormatError(
                tr("{zip}: the zip holds no {member} (members: {names}).").format(
                    zip=fetched.provenance.location,
                    member=src.member or tr("data file"),
                    names=", ".join(names[:20]) or tr("none"),
                ),
                source=fetched.provenance.location,
                field=src.member or None,
            )
        stat = path.stat()
        digest = hashlib.sha256(
            f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{wanted[0]}".encode()
        ).hexdigest()[:16]
        target = conf.effective_cache_dir() / MEMBERS_FOLDER / f"{digest}-{Path(wanted[0]).name}"
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            part = target.with_name(target.name + ".part")
            try:
                with archive.open(wanted[0]) as member, open(part, "wb") as out:
                    shutil.copyfileobj(member, out)
                part.replace(target)
            except (OSError, zipfile.BadZipFile) as exc:
                part.unlink(missing_ok=True)
                fetched.reject()
                raise DataFormatError(
                    tr("{zip}: cannot extract {member}: {error}").format(
                        zip=fetched.provenance.location, member=wanted[0], error=exc
                    ),
                    source=fetched.provenance.location,
                ) from exc
    fetched.provenance.location += f"!{wanted[0]}"
    on_confirm = fetched.on_confirm
    return Fetched(
        target, fetched.provenance, (lambda: on_confirm() and None) if on_confirm else None, fetched.on_reject
    )


def obtain(
    source_id: str,
    *,
    location: str | None = None,
    mirror: str | None = None,
    params: dict | None = None,
    settings: Settings | None = None,
    feedback=None,
) -> Fetched:
    """Find ``source_id``: ``location`` (file or URL), else the mirror, else the live URL (cached).

    With a mirror configured, a file it lacks is reported missing from it; the live host is asked
    only when ``settings.mirror_then_live`` says so. A zip is opened at the source's member.
    """
    src = source(source_id)
    conf = settings if settings is not None else Settings.load()
    return _zip_member(_obtain(src, location, mirror, params, conf, feedback), src, conf)


def _obtain(
    src: Source, location: str | None, mirror: str | None, params: dict | None, conf: Settings, feedback
) -> Fetched:
    """``obtain`` before a zip is opened."""
    if location:
        location = str(location).strip()
        if is_url(location):
            return from_url(location, src.id, settings=conf, feedback=feedback, mode="live")
        path = Path(location).expanduser()
        if path.is_dir():
            raise SourceUnavailable(
                tr("{title}: {p} is a folder; give the path of the file.").format(title=src.title, p=path),
                source_id=src.id,
            )
        if not path.is_file():
            raise SourceUnavailable(
                tr("{title}: the file {p} does not exist.").format(title=src.title, p=path), source_id=src.id
            )
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
        missing = tr("{path} is not in the mirror {mirror}").format(
            path=relative, mirror=strip_credentials(base)
        )
        log.warning("%s: %s", src.id, missing)
        if not conf.mirror_then_live or not src.url:
            how = (
                src.how_to_get_text()
                if not src.url
                else tr('the live host is asked only when "mirror, then live hosts" is chosen')
            )
            raise SourceUnavailable(
                tr("{title}: {missing} ({how}).").format(title=src.title, missing=missing, how=how),
                source_id=src.id,
            )
        notes.append(missing)
    elif base and not conf.mirror_then_live:
        raise SourceUnavailable(
            tr("{title} has no place in a mirror.").format(title=src.title), source_id=src.id
        )

    if src.url:
        url = format_template(src.url, params)
        if url is None:
            raise SourceUnavailable(
                tr("{title}: the address {url} needs the parameters {names}.").format(
                    title=src.title, url=src.url, names=", ".join(_fields(src.url))
                ),
                source_id=src.id,
            )
        fetched = from_url(url, src.id, settings=conf, feedback=feedback, mode="live")
        fetched.provenance.notes[:0] = notes
        return fetched

    where = src.how_to_get_text() or tr("no public address is known for it")
    detail = " ".join(notes)
    raise SourceUnavailable(
        tr("{title} is not available: {detail} {where}")
        .format(title=src.title, detail=detail, where=where)
        .replace("  ", " "),
        source_id=src.id,
    )
