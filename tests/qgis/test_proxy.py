"""network.py honours the proxy of QGIS Settings › Network (a real forwarding proxy on loopback)."""

from __future__ import annotations

import base64
import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import urlsplit

import pytest
from qgis.core import QgsSettings

from medrcvl_plugin.core import network
from medrcvl_plugin.core.settings import Settings

KEYS = ("proxyEnabled", "proxyType", "proxyHost", "proxyPort", "proxyUser", "proxyPassword",
        "proxyExcludedUrls", "noProxyUrls")


class _Proxy(BaseHTTPRequestHandler):
    """A minimal HTTP forward proxy recording what it saw."""

    seen: ClassVar[list] = []  # (absolute URL, Proxy-Authorization header)

    def do_GET(self):
        self.seen.append((self.path, self.headers.get("Proxy-Authorization")))
        parts = urlsplit(self.path)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request("GET", path, headers={"User-Agent": self.headers.get("User-Agent", "")})
        upstream = conn.getresponse()
        body = upstream.read()
        self.send_response(upstream.status)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Via", "1.1 test-proxy")
        self.end_headers()
        self.wfile.write(body)
        conn.close()

    def log_message(self, *args):  # keep the test output quiet
        pass


@pytest.fixture
def proxy():
    _Proxy.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Proxy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def qgis_proxy_settings(monkeypatch):
    """Save and restore the QGIS proxy keys; clear proxy env variables."""
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    qs = QgsSettings()
    saved = {k: qs.value(f"proxy/{k}") for k in KEYS}
    for k in KEYS:
        qs.remove(f"proxy/{k}")
    yield qs
    for k, v in saved.items():
        if v is None:
            qs.remove(f"proxy/{k}")
        else:
            qs.setValue(f"proxy/{k}", v)


def _enable(qs, port, kind="HttpProxy", user="", password=""):
    qs.setValue("proxy/proxyEnabled", True)
    qs.setValue("proxy/proxyType", kind)
    qs.setValue("proxy/proxyHost", "127.0.0.1")
    qs.setValue("proxy/proxyPort", str(port))
    qs.setValue("proxy/proxyUser", user)
    qs.setValue("proxy/proxyPassword", password)


def test_download_goes_through_qgis_proxy(httpserver, proxy, qgis_proxy_settings, caplog):
    httpserver.expect_request("/via.csv").respond_with_data("code\n37072\n")
    _enable(qgis_proxy_settings, proxy.server_address[1], user="alice", password="s3cr et")
    url = httpserver.url_for("/via.csv")
    with caplog.at_level("INFO"):
        data = network.get(url, params={"x": "1"}, settings=Settings(retries=0, timeout_s=5))
    assert data == b"code\n37072\n"
    assert [s[0] for s in _Proxy.seen] == [url + "?x=1"]
    auth = base64.b64decode(_Proxy.seen[0][1].split()[1]).decode()
    assert auth == "alice:s3cr et"
    assert "s3cr" not in caplog.text and "***" in caplog.text


def test_proxy_disabled_or_excluded_is_bypassed(httpserver, proxy, qgis_proxy_settings):
    httpserver.expect_request("/direct.csv").respond_with_data("direct")
    url = httpserver.url_for("/direct.csv")
    conf = Settings(retries=0, timeout_s=5)
    _enable(qgis_proxy_settings, proxy.server_address[1])
    qgis_proxy_settings.setValue("proxy/proxyEnabled", False)
    assert network.get(url, settings=conf) == b"direct"
    assert _Proxy.seen == []

    qgis_proxy_settings.setValue("proxy/proxyEnabled", True)
    qgis_proxy_settings.setValue("proxy/proxyExcludedUrls", f"https://example.org|{httpserver.url_for('/')}")
    assert network.get(url, settings=conf) == b"direct"
    assert _Proxy.seen == []
    qgis_proxy_settings.setValue("proxy/proxyExcludedUrls", "https://example.org")
    assert network.get(url, settings=conf) == b"direct"
    assert len(_Proxy.seen) == 1


def test_default_proxy_uses_environment(httpserver, proxy, qgis_proxy_settings, monkeypatch):
    httpserver.expect_request("/env.csv").respond_with_data("env")
    qgis_proxy_settings.setValue("proxy/proxyEnabled", True)
    qgis_proxy_settings.setValue("proxy/proxyType", "DefaultProxy")
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.server_address[1]}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    assert network.proxies_from_qgis() == {}
    assert network.get(httpserver.url_for("/env.csv"), settings=Settings(retries=0)) == b"env"
    assert len(_Proxy.seen) == 1


def test_proxy_urls_by_type(qgis_proxy_settings):
    _enable(qgis_proxy_settings, 1080, kind="Socks5Proxy", user="bob", password="p@ss")
    proxies = network.proxies_from_qgis()
    assert proxies["https"] == "socks5h://bob:p%40ss@127.0.0.1:1080"
    assert network.redact(proxies["https"]) == "socks5h://bob:***@127.0.0.1:1080"
    qgis_proxy_settings.setValue("proxy/proxyType", "HttpCachingProxy")
    assert network.proxies_from_qgis()["http"].startswith("http://bob:")
