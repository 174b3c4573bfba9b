"""The one HTTP client of MedRCVL, on QGIS's own network stack (``QgsNetworkAccessManager``).

QGIS's network access manager applies what the user set in QGIS: the proxy (HTTP, SOCKS5 or the
system's), proxy credentials from the authentication database (``proxy/authcfg``), the certificate
authorities installed in QGIS, and a QGIS auth config given for a request (``authcfg``). Each attempt
runs in a daemon worker thread while the caller checks, every 0.05 s, the user's cancel and three
limits: the first answer (``timeout_s``, or the source's own patience), the silence between two
chunks (``timeout_s``) and the total deadline of the download, retries included (``deadline_s``).
A cancel or an expired limit aborts the request and answers at once.

Test seam: with ``MEDRCVL_LIVE_BASE=http://127.0.0.1:PORT`` every request for
``https://HOST/PATH?QUERY`` goes to ``http://127.0.0.1:PORT/HOST/PATH?QUERY`` (a loopback replica of
the live hosts); the provenance says so.
"""

from __future__ import annotations

import email.utils
import logging
import os
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from qgis.core import QgsApplication, QgsNetworkAccessManager
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QEventLoop, QTimer, QUrl
from qgis.PyQt.QtNetwork import QNetworkRequest

from ..base.errors import CancelledError, NetworkError
from ..base.fileio import atomic_path
from ..base.i18n import tr
from ..base.metadata import user_agent
from ..base.settings import Settings

log = logging.getLogger(__name__)

LIVE_BASE_ENV = "MEDRCVL_LIVE_BASE"
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})  # never routed: already on this machine
POLL_S = 0.05  # how often the caller checks cancel and the limits
BACKOFF_S = 1.0  # first pause between attempts; doubled each time (tests set it to 0)
BACKOFF_MAX_S = 30.0
RETRY_AFTER_MAX_S = 120.0
ANSWER_CHARS = 300  # how much of the server's answer an error message quotes
RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
KEPT_HEADERS = ("ETag", "Last-Modified", "Content-Type", "Date", "Content-Disposition", "Retry-After")


class NotModified(Exception):
    """HTTP 304 to a conditional request: the cached copy is current (nothing is written)."""


@dataclass
class Response:
    """What a download returned: the URL asked, the status, the headers useful for caching."""

    url: str
    status: int
    headers: dict = field(default_factory=dict)
    size: int = 0
    replica: str = ""  # the loopback replica that answered in place of the live host (tests)


# --------------------------------------------------------------------------- URLs
def full_url(url: str, params: dict | None = None) -> str:
    """``url`` with ``params`` appended, form-encoded (also the cache key)."""
    if not params:
        return url
    query = urlencode([(k, v) for k, v in params.items() if v is not None], doseq=True)
    return url + ("&" if "?" in url else "?") + query


def strip_credentials(text: str) -> str:
    """``text`` (a URL or a message) with every ``user[:password]@`` of a URL removed."""
    return re.sub(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/@\s:]+(?::[^@\s/]*)?@", r"\1", str(text))


def redact(text: str) -> str:
    """``text`` with any ``user:password@`` password replaced by ``***`` (for the log)."""
    return re.sub(r"(://[^:/@\s]+):[^@\s]*@", r"\1:***@", str(text))


def live_base() -> str:
    """The loopback replica that stands for the live hosts (``MEDRCVL_LIVE_BASE``), or ""."""
    return os.environ.get(LIVE_BASE_ENV, "").strip().rstrip("/")


def routed(url: str) -> str:
    """Where a request for ``url`` goes: itself, or the replica's ``BASE/HOST/PATH?QUERY``."""
    base = live_base()
    if not base or url.startswith(base + "/"):
        return url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.hostname in LOOPBACK:
        return url
    path = "/" + parts.hostname + (parts.path or "/")
    return base + urlunsplit(("", "", path, parts.query, ""))


# --------------------------------------------------------------------------- one attempt
_LIVE: set = set()  # the attempts whose worker thread still runs (abandoned ones included)
_LIVE_LOCK = threading.Lock()


def abort_all(wait_s: float = 3.0) -> int:
    """Abort every request still running and wait (at most ``wait_s``) for their threads: called before
    QGIS exits (a worker left alive would touch Qt after its application is gone). Returns how many
    were still running after the wait."""
    with _LIVE_LOCK:
        attempts = list(_LIVE)
    for attempt in attempts:
        attempt.abort.set()
    end = time.monotonic() + wait_s
    for attempt in attempts:
        attempt.done.wait(max(0.0, end - time.monotonic()))
    return sum(1 for a in attempts if not a.done.is_set())


class _Attempt:
    """One GET in a daemon thread on QGIS's network access manager; the caller polls ``done``.

    The worker connects no Python slot to Qt signals (a Python slot delivered in another thread can
    deadlock on the GIL): it runs its thread's event loop in short steps and reads the reply between
    them, aborting it itself when asked (``abort``).
    """

    def __init__(self, url: str, headers: dict, authcfg: str, patience_s: float = 0.0) -> None:
        self.url, self.headers, self.authcfg = url, headers, authcfg
        self.patience_ms = int(patience_s * 1000)
        self.abort = threading.Event()
        self.done = threading.Event()
        self.received = 0
        self.total = 0
        self.last_activity = time.monotonic()
        self.answered = False
        self.error_code = 0
        self.error_message = ""
        self.status: int | None = None
        self.reason = ""
        self.content = b""
        self.reply_headers: dict[str, str] = {}
        self.from_cache = False
        self.thread = threading.Thread(target=self._run, name="medrcvl-http", daemon=True)

    def start(self) -> _Attempt:
        with _LIVE_LOCK:
            _LIVE.add(self)
        self.thread.start()
        return self

    def _run(self) -> None:
        try:
            self._get()
        except Exception as exc:  # never let a worker die silently: the caller reports it
            self.error_code = -1
            self.error_message = str(exc)
        finally:
            self.done.set()
            with _LIVE_LOCK:
                _LIVE.discard(self)

    def _request(self) -> QNetworkRequest:
        request = QNetworkRequest(QUrl(self.url))
        request.setAttribute(
            QNetworkRequest.Attribute.RedirectPolicyAttribute,
            QNetworkRequest.RedirectPolicy.NoLessSafeRedirectPolicy,
        )
        request.setAttribute(
            QNetworkRequest.Attribute.CacheLoadControlAttribute,
            QNetworkRequest.CacheLoadControl.AlwaysNetwork,
        )
        request.setAttribute(QNetworkRequest.Attribute.CacheSaveControlAttribute, False)
        for name, value in self.headers.items():
            request.setRawHeader(name.encode("latin-1"), str(value).encode("latin-1"))
        return request

    def _get(self) -> None:
        """The request on this thread's QgsNetworkAccessManager, its event loop run in 50 ms steps."""
        loop = QEventLoop()  # first: the thread's event dispatcher, for QGIS's own timers
        ticker = QTimer()  # wakes the loop every step, so that an abort is seen at once
        ticker.start(int(POLL_S * 1000))
        request = self._request()
        auth = QgsApplication.authManager()
        if self.authcfg and not auth.updateNetworkRequest(request, self.authcfg):
            raise RuntimeError(
                tr("the QGIS authentication configuration {id} cannot be applied").format(id=self.authcfg)
            )
        reply = QgsNetworkAccessManager.instance().get(request)
        if self.authcfg:
            auth.updateNetworkReply(reply, self.authcfg)
        timer = reply.findChild(QTimer, "timeoutTimer")  # QGIS's inactivity timeout
        if timer is not None and self.patience_ms > timer.interval():
            timer.setInterval(self.patience_ms)  # a slow host may take longer to answer
        chunks: list[bytes] = []
        while True:
            finished = reply.isFinished()
            chunk = bytes(reply.readAll())
            if chunk:
                chunks.append(chunk)
                self.received += len(chunk)
                self.last_activity = time.monotonic()
            status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
            if not self.answered and status is not None:
                self.answered, self.last_activity = True, time.monotonic()
                length = reply.header(QNetworkRequest.KnownHeaders.ContentLengthHeader)
                self.total = int(length) if length is not None else 0
            if finished:
                break
            if self.abort.is_set():
                reply.abort()
                continue
            loop.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        ticker.stop()
        self.content = b"".join(chunks)
        self.error_code = int(reply.error())
        self.error_message = reply.errorString() if self.error_code else ""
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        self.status = int(status) if status is not None else None
        self.reason = str(reply.attribute(QNetworkRequest.Attribute.HttpReasonPhraseAttribute) or "")
        self.from_cache = bool(reply.attribute(QNetworkRequest.Attribute.SourceIsFromCacheAttribute))
        for name in KEPT_HEADERS:
            value = bytes(reply.rawHeader(name.encode())).decode("latin-1")
            if value:
                self.reply_headers[name] = value
        sip.delete(reply)  # here, in its own thread (with its timers), not at the thread's end


def _answer(content: bytes) -> str:
    """The start of the server's answer, on one line."""
    text = content[:4096].decode("utf-8", errors="replace")
    return re.sub(r"\s+", " ", text).strip()[:ANSWER_CHARS]


def _retry_after(value: str) -> float | None:
    """Seconds asked by a ``Retry-After`` header (delta seconds or an HTTP date), else None."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


@dataclass
class _Limits:
    """The time limits of one download."""

    answer_s: float
    silence_s: float
    total_s: float

    def __post_init__(self) -> None:
        self.deadline = time.monotonic() + self.total_s  # for every attempt and pause

    def remaining(self) -> float:
        return self.deadline - time.monotonic()


def _wait(attempt: _Attempt, shown: str, limits: _Limits, feedback) -> None:
    """Wait for ``attempt``; abort it on cancel or an expired limit (CancelledError, NetworkError)."""
    started = time.monotonic()
    while not attempt.done.wait(POLL_S):
        now = time.monotonic()
        if feedback is not None and feedback.isCanceled():
            attempt.abort.set()
            raise CancelledError(tr("Download cancelled."))
        if feedback is not None and attempt.total:
            feedback.setProgress(min(100.0, 100.0 * attempt.received / attempt.total))
        if now >= limits.deadline:
            attempt.abort.set()
            raise NetworkError(
                tr("Download of {url} was not complete within its deadline of {s} s.").format(
                    url=shown, s=int(limits.total_s)
                ),
                url=shown,
            )
        if not attempt.answered and now - started > limits.answer_s:
            attempt.abort.set()
            raise NetworkError(
                tr("Download of {url} failed: no answer within {s} s.").format(
                    url=shown, s=int(limits.answer_s)
                ),
                url=shown,
            )
        if attempt.answered and now - attempt.last_activity > limits.silence_s:
            attempt.abort.set()
            raise NetworkError(
                tr("Download of {url} stalled: nothing received for {s} s after {n} bytes.").format(
                    url=shown, s=int(limits.silence_s), n=attempt.received
                ),
                url=shown,
            )


def _result(attempt: _Attempt, shown: str) -> Response:
    """The response of a finished attempt; NetworkError for transport and HTTP errors."""
    status = attempt.status
    if status is not None and status >= 400:
        answer = _answer(attempt.content)
        raise NetworkError(
            tr("Download of {url} failed: HTTP {status} {reason}. Server answer: {answer}").format(
                url=shown, status=status, reason=attempt.reason, answer=answer or "(empty)"
            ),
            url=shown,
            status=status,
            answer=answer,
        )
    conditional = any(k.lower() in ("if-none-match", "if-modified-since") for k in attempt.headers)
    if status == 304 or (conditional and attempt.from_cache):  # Qt answers a 304 from QGIS's cache
        raise NotModified(shown)
    if attempt.error_code != 0 and status is not None:
        raise NetworkError(
            tr("Download of {url} was interrupted after {n} bytes: {error}").format(
                url=shown, n=len(attempt.content), error=strip_credentials(attempt.error_message)
            ),
            url=shown,
        )
    if attempt.error_code != 0 or status is None:
        detail = strip_credentials(attempt.error_message) or tr("no answer")
        raise NetworkError(tr("Download of {url} failed: {error}").format(url=shown, error=detail), url=shown)
    if attempt.total and len(attempt.content) < attempt.total:
        raise NetworkError(
            tr("Download of {url} is incomplete: {got} bytes received, {expected} announced.").format(
                url=shown, got=len(attempt.content), expected=attempt.total
            ),
            url=shown,
        )
    return Response(shown, status, dict(attempt.reply_headers), len(attempt.content))


# --------------------------------------------------------------------------- downloads
def _settings(settings: Settings | None) -> Settings:
    return settings if settings is not None else Settings.load()


def _check_cancel(feedback) -> None:
    if feedback is not None and feedback.isCanceled():
        raise CancelledError(tr("Download cancelled."))


def _pause(seconds: float, limits: _Limits, feedback) -> None:
    """Sleep ``seconds`` (cut to the deadline), checking cancel."""
    end = time.monotonic() + max(0.0, min(seconds, limits.remaining()))
    while time.monotonic() < end:
        _check_cancel(feedback)
        time.sleep(min(POLL_S, max(0.0, end - time.monotonic())))


def fetch_bytes(
    url: str,
    *,
    params: dict | None = None,
    settings: Settings | None = None,
    feedback=None,
    headers: dict | None = None,
    patience_s: float = 0.0,
    authcfg: str = "",
) -> tuple[bytes, Response]:
    """GET ``url`` (with ``params``) with retries -> (content, response).

    ``patience_s``: how long the host may take to answer (a slow export); the read and total limits
    come from ``settings`` (``timeout_s``, ``deadline_s``). Raises NetworkError, NotModified,
    CancelledError; messages name the URL without credentials.
    """
    conf = _settings(settings)
    target = full_url(url, params)
    shown = strip_credentials(target)
    request_url = routed(target)
    replica = live_base() if request_url != target else ""
    attempts = max(0, int(conf.retries)) + 1
    timeout = max(1.0, float(conf.timeout_s))
    limits = _Limits(max(timeout, float(patience_s)), timeout, max(float(conf.deadline_s), float(patience_s)))
    all_headers = {"User-Agent": user_agent(), **(headers or {})}
    last: NetworkError | None = None
    for number in range(1, attempts + 1):
        _check_cancel(feedback)
        log.info("GET %s (attempt %d/%d)%s", shown, number, attempts, f" via {replica}" if replica else "")
        attempt = _Attempt(request_url, all_headers, authcfg, limits.answer_s).start()
        retry_after = None
        try:
            _wait(attempt, shown, limits, feedback)
            response = _result(attempt, shown)
            response.replica = replica
            log.info("GET %s: HTTP %d, %d bytes", shown, response.status, response.size)
            if feedback is not None:
                feedback.setProgress(100.0)
            return attempt.content, response
        except NetworkError as exc:
            last = exc
            if exc.status is not None and exc.status not in RETRY_STATUS:
                raise
            if limits.remaining() <= 0:
                raise
            retry_after = _retry_after(attempt.reply_headers.get("Retry-After", ""))
            log.warning("%s", exc)
        if number < attempts:
            pause = (
                BACKOFF_S * 2 ** (number - 1) if retry_after is None else min(retry_after, RETRY_AFTER_MAX_S)
            )
            _pause(min(BACKOFF_MAX_S if retry_after is None else RETRY_AFTER_MAX_S, pause), limits, feedback)
    assert last is not None
    raise last


def get(
    url: str,
    *,
    params: dict | None = None,
    settings: Settings | None = None,
    feedback=None,
    headers: dict | None = None,
    patience_s: float = 0.0,
    authcfg: str = "",
) -> bytes:
    """Download ``url`` into memory and return its bytes (NetworkError, CancelledError)."""
    return fetch_bytes(
        url,
        params=params,
        settings=settings,
        feedback=feedback,
        headers=headers,
        patience_s=patience_s,
        authcfg=authcfg,
    )[0]


def download_response(
    url: str,
    dest: Path,
    *,
    params: dict | None = None,
    settings: Settings | None = None,
    feedback=None,
    headers: dict | None = None,
    overwrite: bool = True,
    patience_s: float = 0.0,
    authcfg: str = "",
) -> Response:
    """Download ``url`` to ``dest`` atomically and return the response details."""
    content, response = fetch_bytes(
        url,
        params=params,
        settings=settings,
        feedback=feedback,
        headers=headers,
        patience_s=patience_s,
        authcfg=authcfg,
    )
    dest = Path(dest)
    with atomic_path(dest, overwrite=overwrite) as tmp:
        with open(tmp, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
    return response


def download(
    url: str,
    dest: Path,
    *,
    params: dict | None = None,
    settings: Settings | None = None,
    feedback=None,
    headers: dict | None = None,
    overwrite: bool = True,
) -> Path:
    """Download ``url`` to ``dest``; a failed or cancelled download leaves ``dest`` as it was."""
    download_response(
        url, dest, params=params, settings=settings, feedback=feedback, headers=headers, overwrite=overwrite
    )
    return Path(dest)
