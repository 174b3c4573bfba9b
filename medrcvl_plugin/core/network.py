"""The one HTTP client of MedRCVL: requests + QGIS proxy settings, retries, progress, cancel."""

from __future__ import annotations

import io
import logging
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, urlsplit

import requests
from qgis.core import QgsSettings

from .errors import CancelledError, NetworkError
from .fileio import atomic_path
from .i18n import tr
from .metadata import user_agent
from .settings import Settings

log = logging.getLogger(__name__)

CHUNK = 64 * 1024
BACKOFF_S = 1.0  # first pause between attempts; doubled each time (tests set it to 0)
BACKOFF_MAX_S = 30.0
ANSWER_CHARS = 300  # how much of the server's answer an error message quotes
RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
HTTP_PROXY_TYPES = ("HttpProxy", "HttpCachingProxy", "FtpCachingProxy")


class NotModified(Exception):
    """HTTP 304 to a conditional request: the cached copy is current (nothing is written)."""


@dataclass
class Response:
    """What a download returned: final URL, status and the headers useful for caching."""

    url: str
    status: int
    headers: dict = field(default_factory=dict)
    size: int = 0


# --------------------------------------------------------------------------- proxies
def _as_list(value) -> list[str]:
    """A QgsSettings value (list or ``|``/``,``-separated text) as a list of non-empty strings."""
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else re.split(r"[|,;\n]", str(value))
    return [str(v).strip() for v in items if str(v).strip()]


def _as_bool(value) -> bool:
    """A QgsSettings boolean (may be stored as text)."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def proxy_config() -> dict:
    """The proxy configured in QGIS Settings › Network (``enabled``, ``type``, host...)."""
    qs = QgsSettings()
    excluded = _as_list(qs.value("proxy/proxyExcludedUrls", "")) + _as_list(
        qs.value("proxy/noProxyUrls", ""))
    return {
        "enabled": _as_bool(qs.value("proxy/proxyEnabled", False)),
        "type": str(qs.value("proxy/proxyType", "DefaultProxy") or "DefaultProxy"),
        "host": str(qs.value("proxy/proxyHost", "") or "").strip(),
        "port": str(qs.value("proxy/proxyPort", "") or "").strip(),
        "user": str(qs.value("proxy/proxyUser", "") or ""),
        "password": str(qs.value("proxy/proxyPassword", "") or ""),
        "excluded": excluded,
    }


def proxies_from_qgis() -> dict:
    """requests ``proxies`` from the QGIS proxy settings; {} means "environment variables / none".

    A "default proxy" (or no proxy enabled) returns {} and requests then reads HTTP(S)_PROXY /
    NO_PROXY itself (``trust_env``). An HTTP proxy gives ``http://host:port``, SOCKS5 ``socks5h://``.
    The excluded URL prefixes are returned under the key ``"no_proxy"`` (comma-separated).
    """
    conf = proxy_config()
    if not conf["enabled"] or conf["type"] == "DefaultProxy":
        return {}
    if conf["type"] == "NoProxy" or not conf["host"]:
        return {"http": "", "https": "", "no_proxy": ""}
    scheme = "socks5h" if conf["type"].startswith("Socks5") else "http"
    auth = ""
    if conf["user"]:
        auth = quote(conf["user"], safe="")
        if conf["password"]:
            auth += ":" + quote(conf["password"], safe="")
        auth += "@"
    port = f":{conf['port']}" if conf["port"] and conf["port"] != "0" else ""
    url = f"{scheme}://{auth}{conf['host']}{port}"
    return {"http": url, "https": url, "no_proxy": ",".join(conf["excluded"])}


def redact(text: str) -> str:
    """``text`` (a URL or a message) with any ``user:password@`` password replaced by ``***``."""
    return re.sub(r"(://[^:/@\s]+):[^@\s]*@", r"\1:***@", str(text))


def _excluded(url: str, excluded: list[str]) -> bool:
    """True when ``url`` starts with one of the excluded prefixes or its host is listed."""
    host = (urlsplit(url).hostname or "").lower()
    for item in excluded:
        item_l = item.lower()
        if url.lower().startswith(item_l) or host == item_l or (
                item_l.startswith(".") and host.endswith(item_l)):
            return True
    return False


def _proxies_for(url: str) -> tuple[dict, bool]:
    """(proxies, trust_env) to use for ``url``."""
    proxies = proxies_from_qgis()
    if not proxies:
        return {}, True
    excluded = [p for p in proxies.pop("no_proxy", "").split(",") if p]
    if not proxies.get("http") or _excluded(url, excluded):
        return {}, False
    return proxies, False


# --------------------------------------------------------------------------- requests
def _settings(settings: Settings | None) -> Settings:
    return settings if settings is not None else Settings.load()


def full_url(url: str, params: dict | None = None) -> str:
    """``url`` with ``params`` encoded as requests would send it (used as the cache key)."""
    return requests.Request("GET", url, params=params).prepare().url or url


def _check_cancel(feedback) -> None:
    if feedback is not None and feedback.isCanceled():
        raise CancelledError(tr("Download cancelled."))


def _answer(resp: requests.Response) -> str:
    """The start of the server's answer, on one line."""
    try:
        head = next(resp.iter_content(4096), b"")
        text = head.decode(resp.encoding or "utf-8", errors="replace")
    except (requests.RequestException, LookupError):  # the answer is only informative
        return ""
    return re.sub(r"\s+", " ", text).strip()[:ANSWER_CHARS]


def _status_error(resp: requests.Response, url: str) -> NetworkError:
    answer = _answer(resp)
    return NetworkError(
        tr("Download of {url} failed: HTTP {status} {reason}. Server answer: {answer}").format(
            url=url, status=resp.status_code, reason=resp.reason or "", answer=answer or "(empty)"),
        url=url, status=resp.status_code, answer=answer)


def _stream(url: str, sink: BinaryIO, *, params: dict | None, settings: Settings | None,
            feedback, headers: dict | None) -> Response:
    """GET ``url`` into ``sink`` with retries; the sink is rewound before each attempt."""
    conf = _settings(settings)
    target = full_url(url, params)
    proxies, trust_env = _proxies_for(target)
    attempts = max(0, int(conf.retries)) + 1
    timeout = max(1, int(conf.timeout_s))
    all_headers = {"User-Agent": user_agent()}
    all_headers.update(headers or {})
    last: NetworkError | None = None
    for attempt in range(1, attempts + 1):
        _check_cancel(feedback)
        sink.seek(0)
        sink.truncate()
        log.info("GET %s (attempt %d/%d%s)", target, attempt, attempts,
                 f", proxy {redact(proxies['https'])}" if proxies else "")
        try:
            return _attempt(target, sink, proxies, trust_env, timeout, all_headers, feedback)
        except NetworkError as exc:
            last = exc
            if exc.status is not None and exc.status not in RETRY_STATUS:
                raise
            log.warning("%s", exc)
        if attempt < attempts:
            backoff = float(getattr(conf, "backoff_s", BACKOFF_S))
            pause = min(BACKOFF_MAX_S, backoff * 2 ** (attempt - 1))
            deadline = time.monotonic() + pause
            while time.monotonic() < deadline:
                _check_cancel(feedback)
                time.sleep(min(0.1, pause))
    assert last is not None
    raise last


def _attempt(url: str, sink: BinaryIO, proxies: dict, trust_env: bool, timeout: int,
             headers: dict, feedback) -> Response:
    """One GET; raises NetworkError (status set for HTTP errors, None for transport errors)."""
    with requests.Session() as session:
        session.trust_env = trust_env
        try:
            # TLS is always verified; a custom CA bundle from the environment is kept even when
            # the QGIS proxy replaces the environment's proxy variables (trust_env False).
            verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
            resp = session.get(url, headers=headers, proxies=proxies, timeout=(timeout, timeout),
                               stream=True, verify=verify)
        except requests.Timeout:
            raise NetworkError(tr("Download of {url} failed: no answer within {s} s.").format(
                url=url, s=timeout), url=url) from None
        except requests.RequestException as exc:
            raise NetworkError(tr("Download of {url} failed: {error}").format(
                url=url, error=redact(str(exc))), url=url) from None
        with resp:
            if resp.status_code >= 400:
                raise _status_error(resp, url)
            if resp.status_code == 304:
                log.info("GET %s: not modified", url)
                raise NotModified(url)
            total = resp.headers.get("Content-Length")
            expected = int(total) if total and total.isdigit() else None
            done = 0
            try:
                for chunk in resp.iter_content(CHUNK):
                    _check_cancel(feedback)
                    sink.write(chunk)
                    done += len(chunk)
                    if feedback is not None and expected:
                        feedback.setProgress(min(100.0, 100.0 * resp.raw.tell() / expected))
            except requests.RequestException as exc:
                raise NetworkError(tr("Download of {url} was interrupted after {n} bytes: {error}").format(
                    url=url, n=done, error=redact(str(exc))), url=url) from None
            received = resp.raw.tell() or done
            if expected is not None and received < expected:
                raise NetworkError(
                    tr("Download of {url} is incomplete: {got} bytes received, {expected} announced.").format(
                        url=url, got=received, expected=expected), url=url)
            if feedback is not None:
                feedback.setProgress(100.0)
            keep = ("ETag", "Last-Modified", "Content-Type", "Date")
            log.info("GET %s: HTTP %d, %d bytes", url, resp.status_code, done)
            return Response(resp.url, resp.status_code,
                            {k: resp.headers[k] for k in keep if k in resp.headers}, done)


def get(url: str, *, params: dict | None = None, settings: Settings | None = None, feedback=None,
        headers: dict | None = None) -> bytes:
    """Download ``url`` into memory and return its bytes (NetworkError, CancelledError)."""
    buffer = io.BytesIO()
    _stream(url, buffer, params=params, settings=settings, feedback=feedback, headers=headers)
    return buffer.getvalue()


def download_response(url: str, dest: Path, *, params: dict | None = None,
                      settings: Settings | None = None, feedback=None, headers: dict | None = None,
                      overwrite: bool = True) -> Response:
    """Download ``url`` to ``dest`` atomically and return the response details."""
    dest = Path(dest)
    with atomic_path(dest, overwrite=overwrite) as tmp:
        with open(tmp, "w+b") as handle:
            resp = _stream(url, handle, params=params, settings=settings, feedback=feedback,
                           headers=headers)
            handle.flush()
            os.fsync(handle.fileno())
    return resp


def download(url: str, dest: Path, *, params: dict | None = None, settings: Settings | None = None,
             feedback=None, headers: dict | None = None, overwrite: bool = True) -> Path:
    """Download ``url`` to ``dest``; a failed or cancelled download leaves ``dest`` as it was."""
    download_response(url, dest, params=params, settings=settings, feedback=feedback, headers=headers,
                      overwrite=overwrite)
    return Path(dest)

