"""Downloads go through QGIS's network stack: the proxy of QGIS Settings › Network (credentials typed in
or from the authentication database), HTTPS through it, and the certificate authorities installed in QGIS.
A real forwarding proxy (GET and CONNECT, Basic authentication) and an HTTPS server run on loopback."""

from __future__ import annotations

import base64
import http.client
import select
import shutil
import socket
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import urlsplit

import pytest
from conftest import require
from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsNetworkAccessManager, QgsSettings
from qgis.PyQt.QtNetwork import QSslCertificate

from medrcvl_plugin.core.base.errors import NetworkError
from medrcvl_plugin.core.base.settings import Settings
from medrcvl_plugin.core.sources import network

KEYS = (
    "proxyEnabled",
    "proxyType",
    "proxyHost",
    "proxyPort",
    "proxyUser",
    "proxyPassword",
    "proxyExcludedUrls",
    "noProxyUrls",
    "authcfg",
)
CONF = Settings(retries=0, timeout_s=5)


class _Proxy(BaseHTTPRequestHandler):
    """A minimal forward proxy (GET and CONNECT) asking for Basic credentials when ``expected`` is set."""

    seen: ClassVar[list] = []  # (method, target, Proxy-Authorization)
    expected: ClassVar[str] = ""  # "user:password" or ""

    def _authorised(self) -> bool:
        header = self.headers.get("Proxy-Authorization")
        self.seen.append((self.command, self.path, header))
        if not self.expected:
            return True
        if header and base64.b64decode(header.split()[1]).decode() == self.expected:
            return True
        self.send_response(407)
        self.send_header("Proxy-Authenticate", 'Basic realm="medrcvl-test"')
        self.send_header("Content-Length", "0")
        self.end_headers()
        return False

    def do_GET(self):
        if not self._authorised():
            return
        parts = urlsplit(self.path)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
        conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        upstream = conn.getresponse()
        body = upstream.read()
        self.send_response(upstream.status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        conn.close()

    def do_CONNECT(self):
        if not self._authorised():
            return
        host, port = self.path.rsplit(":", 1)
        upstream = socket.create_connection((host, int(port)), timeout=5)
        self.send_response(200, "Connection established")
        self.end_headers()
        sockets = [self.connection, upstream]
        while True:
            ready, _, _ = select.select(sockets, [], [], 5)
            if not ready:
                break
            for sock in ready:
                data = sock.recv(65536)
                if not data:
                    upstream.close()
                    return
                (upstream if sock is self.connection else self.connection).sendall(data)

    def log_message(self, *args):  # keep the test output quiet
        pass


@pytest.fixture
def proxy():
    _Proxy.seen, _Proxy.expected = [], ""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Proxy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def qgis_proxy_settings(monkeypatch):
    """Save and restore the QGIS proxy keys; clear proxy env variables; re-apply to QGIS's network."""
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
    QgsNetworkAccessManager.instance().setupDefaultProxyAndCache()


def _enable(qs, port, kind="HttpProxy", user="", password="", authcfg=""):
    """What a user sets in QGIS › Options › Network, then QGIS applies it (as the dialog does)."""
    qs.setValue("proxy/proxyEnabled", True)
    qs.setValue("proxy/proxyType", kind)
    qs.setValue("proxy/proxyHost", "127.0.0.1")
    qs.setValue("proxy/proxyPort", str(port))
    qs.setValue("proxy/proxyUser", user)
    qs.setValue("proxy/proxyPassword", password)
    qs.setValue("proxy/authcfg", authcfg)
    QgsNetworkAccessManager.instance().setupDefaultProxyAndCache()


def test_download_goes_through_the_authenticating_qgis_proxy(httpserver, proxy, qgis_proxy_settings, caplog):
    httpserver.expect_request("/via.csv").respond_with_data("code\n37072\n")
    _Proxy.expected = "alice:s3cr et"
    _enable(qgis_proxy_settings, proxy.server_address[1], user="alice", password="s3cr et")
    url = httpserver.url_for("/via.csv")
    with caplog.at_level("INFO"):
        data = network.get(url, params={"x": "1"}, settings=CONF)
    assert data == b"code\n37072\n"
    assert [s[1] for s in _Proxy.seen if s[2]] == [url + "?x=1"]  # answered the 407 challenge
    assert "s3cr" not in caplog.text


def test_wrong_proxy_credentials_fail_with_the_url(httpserver, proxy, qgis_proxy_settings):
    httpserver.expect_request("/via.csv").respond_with_data("never")
    _Proxy.expected = "alice:right"
    _enable(qgis_proxy_settings, proxy.server_address[1], user="alice", password="wrong")
    with pytest.raises(NetworkError, match="via.csv"):
        network.get(httpserver.url_for("/via.csv"), settings=CONF)
    assert len(httpserver.log) == 0


def test_proxy_disabled_or_excluded_is_bypassed(httpserver, proxy, qgis_proxy_settings):
    httpserver.expect_request("/direct.csv").respond_with_data("direct")
    url = httpserver.url_for("/direct.csv")
    _enable(qgis_proxy_settings, proxy.server_address[1])
    qgis_proxy_settings.setValue("proxy/proxyEnabled", False)
    QgsNetworkAccessManager.instance().setupDefaultProxyAndCache()
    assert network.get(url, settings=CONF) == b"direct"
    assert _Proxy.seen == []
    qgis_proxy_settings.setValue("proxy/proxyEnabled", True)
    qgis_proxy_settings.setValue("proxy/proxyExcludedUrls", httpserver.url_for("/"))
    QgsNetworkAccessManager.instance().setupDefaultProxyAndCache()
    assert network.get(url, settings=CONF) == b"direct"
    assert _Proxy.seen == []
    qgis_proxy_settings.setValue("proxy/proxyExcludedUrls", "https://example.org")
    QgsNetworkAccessManager.instance().setupDefaultProxyAndCache()
    assert network.get(url, settings=CONF) == b"direct"
    assert len(_Proxy.seen) == 1


def _auth_manager():
    """QGIS's authentication database, opened with a master password (created on first use)."""
    manager = QgsApplication.authManager()
    require(not manager.isDisabled(), "the QGIS authentication system is disabled")
    if not manager.masterPasswordIsSet():
        manager.setMasterPassword("medrcvl-tests", True)
    return manager


def test_proxy_credentials_from_the_qgis_auth_database(httpserver, proxy, qgis_proxy_settings):
    httpserver.expect_request("/auth.csv").respond_with_data("ok")
    manager = _auth_manager()
    config = QgsAuthMethodConfig("Basic")
    config.setName("medrcvl test proxy")
    config.setConfig("username", "carol")
    config.setConfig("password", "from-authdb")
    assert manager.storeAuthenticationConfig(config)
    try:
        _Proxy.expected = "carol:from-authdb"
        _enable(qgis_proxy_settings, proxy.server_address[1], authcfg=config.id())
        assert network.get(httpserver.url_for("/auth.csv"), settings=CONF) == b"ok"
        assert any(s[2] for s in _Proxy.seen)
    finally:
        manager.removeAuthenticationConfig(config.id())


@pytest.fixture
def https_server(tmp_path):
    """An HTTPS server on loopback whose certificate is signed by a CA of its own (not the system's)."""
    require(shutil.which("openssl") is not None, "openssl is needed to make test certificates")

    def run(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=tmp_path)

    run(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=MedRCVL test CA",
    )
    run(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1",
    )
    (tmp_path / "san.ext").write_text("subjectAltName=IP:127.0.0.1\n")
    run(
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "san.ext",
    )

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"code_insee;x\n37072;1\n"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "server.pem", tmp_path / "server.key")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, tmp_path / "ca.pem"
    server.shutdown()
    server.server_close()


def test_https_through_the_authenticating_proxy_trusts_the_cas_installed_in_qgis(
    https_server, proxy, qgis_proxy_settings
):
    server, ca_pem = https_server
    url = f"https://127.0.0.1:{server.server_address[1]}/commune_techno.csv"
    _Proxy.expected = "alice:pw"
    _enable(qgis_proxy_settings, proxy.server_address[1], user="alice", password="pw")
    with pytest.raises(NetworkError):  # an inspecting proxy's CA unknown to QGIS: TLS refused
        network.get(url, settings=CONF)
    manager = _auth_manager()
    ca = QSslCertificate.fromPath(str(ca_pem))[0]
    assert manager.storeCertAuthority(ca)
    manager.rebuildCaCertsCache()
    manager.rebuildTrustedCaCertsCache()
    try:
        assert network.get(url, settings=CONF) == b"code_insee;x\n37072;1\n"
        assert any(s[0] == "CONNECT" and s[2] for s in _Proxy.seen)  # tunnelled, with credentials
    finally:
        manager.removeCertAuthority(ca)
        manager.rebuildCaCertsCache()
        manager.rebuildTrustedCaCertsCache()


class _Socks5(threading.Thread):
    """A minimal SOCKS5 proxy (no authentication, CONNECT by IPv4 or name) recording its targets."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.targets: list[tuple[str, int]] = []

    def run(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        with client:
            head = client.recv(2)
            client.recv(head[1])  # the offered methods
            client.sendall(b"\x05\x00")
            request = client.recv(4)
            if request[3] == 1:
                host = socket.inet_ntoa(client.recv(4))
            else:
                host = client.recv(client.recv(1)[0]).decode()
            port = int.from_bytes(client.recv(2), "big")
            self.targets.append((host, port))
            upstream = socket.create_connection((host, port), timeout=5)
            client.sendall(b"\x05\x00\x00\x01" + socket.inet_aton("127.0.0.1") + port.to_bytes(2, "big"))
            sockets = [client, upstream]
            with upstream:
                while True:
                    ready, _, _ = select.select(sockets, [], [], 5)
                    if not ready:
                        return
                    for sock in ready:
                        data = sock.recv(65536)
                        if not data:
                            return
                        (upstream if sock is client else client).sendall(data)

    def close(self) -> None:
        self.listener.close()


def test_download_through_a_socks5_proxy_set_in_qgis(httpserver, qgis_proxy_settings):
    """The case requests could not serve without PySocks ("Missing dependencies for SOCKS support")."""
    httpserver.expect_request("/socks.csv").respond_with_data("via socks")
    socks = _Socks5()
    socks.start()
    try:
        _enable(qgis_proxy_settings, socks.port, kind="Socks5Proxy")
        assert network.get(httpserver.url_for("/socks.csv"), settings=CONF) == b"via socks"
        assert socks.targets and socks.targets[0][1] == httpserver.port
    finally:
        socks.close()
