"""core/sources/network.py and core/sources/cache.py against loopback HTTP servers (pytest-httpserver)."""

from __future__ import annotations

import json
import threading
import time

import pytest
from qgis.core import QgsFeedback
from werkzeug import Response

from medrcvl_plugin.core.base.errors import CancelledError, NetworkError
from medrcvl_plugin.core.base.metadata import plugin_version
from medrcvl_plugin.core.base.settings import Settings
from medrcvl_plugin.core.sources import network
from medrcvl_plugin.core.sources.cache import Cache


@pytest.fixture(autouse=True)
def _no_backoff(monkeypatch):
    monkeypatch.setattr(network, "BACKOFF_S", 0.0)


@pytest.fixture
def conf(tmp_path):
    return Settings(cache_dir=str(tmp_path / "cache"), timeout_s=2, retries=2, cache_max_mb=1)


def test_get_goes_through_qgis_network_stack_with_params(httpserver, conf):
    httpserver.expect_request("/data.csv", query_string="a=1&b=x+y").respond_with_data("code;v\n37072;1\n")
    data = network.get(httpserver.url_for("/data.csv"), params={"a": 1, "b": "x y"}, settings=conf)
    assert data == b"code;v\n37072;1\n"
    agent = httpserver.log[0][0].headers["User-Agent"]
    assert "QGIS/" in agent  # QgsNetworkAccessManager sent it (QGIS's proxy, auth and CAs apply)
    assert plugin_version()


@pytest.mark.parametrize("status", [404, 500])
def test_http_error_message_names_url_status_and_answer(httpserver, conf, status):
    httpserver.expect_request("/missing.csv").respond_with_data(
        "<html><body>No such   file here</body></html>", status=status
    )
    url = httpserver.url_for("/missing.csv")
    with pytest.raises(NetworkError) as info:
        network.get(url, settings=conf)
    message = str(info.value)
    assert url in message and str(status) in message and "No such file here" in message
    assert info.value.status == status and info.value.url == url


def test_retries_on_server_errors_then_succeeds(httpserver, conf):
    httpserver.expect_ordered_request("/flaky").respond_with_data("busy", status=503)
    httpserver.expect_ordered_request("/flaky").respond_with_data("busy", status=502)
    httpserver.expect_ordered_request("/flaky").respond_with_data("ok")
    assert network.get(httpserver.url_for("/flaky"), settings=conf) == b"ok"
    assert len(httpserver.log) == 3


def test_retries_are_bounded_and_404_not_retried(httpserver, conf):
    httpserver.expect_request("/down").respond_with_data("down", status=500)
    httpserver.expect_request("/gone").respond_with_data("gone", status=404)
    conf.retries = 1
    with pytest.raises(NetworkError):
        network.get(httpserver.url_for("/down"), settings=conf)
    assert len(httpserver.log) == 2  # 1 + 1 retry
    with pytest.raises(NetworkError):
        network.get(httpserver.url_for("/gone"), settings=conf)
    assert len(httpserver.log) == 3  # no retry on 404


def test_timeout(httpserver, conf):
    def slow(_request):
        time.sleep(1.6)
        return Response("late")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    conf.timeout_s, conf.retries = 1, 0
    url = httpserver.url_for("/slow")
    with pytest.raises(NetworkError, match="1 s") as info:
        network.get(url, settings=conf)
    assert url in str(info.value) and info.value.status is None


def test_connection_refused_names_url(conf):
    conf.retries = 0
    with pytest.raises(NetworkError, match="127.0.0.1:9/x.csv"):
        network.get("http://127.0.0.1:9/x.csv", settings=conf)


def test_truncated_download_is_an_error_and_leaves_no_file(httpserver, conf, tmp_path):
    def short(_request):
        resp = Response(b"12345")
        resp.headers["Content-Length"] = "100"
        resp.automatically_set_content_length = False
        return resp

    httpserver.expect_request("/short").respond_with_handler(short)
    conf.retries = 0
    dest = tmp_path / "out" / "short.csv"
    with pytest.raises(NetworkError, match="incomplete|interrupted"):
        network.download(httpserver.url_for("/short"), dest, settings=conf)
    assert not dest.exists()
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def _slow_body(chunks: int, pause: float, size: int = 64 * 1024):
    def handler(_request):
        def stream():
            for _ in range(chunks):
                time.sleep(pause)
                yield b"x" * size

        return Response(stream(), headers={"Content-Length": str(chunks * size)})

    return handler


def test_download_progress_and_cancel(httpserver, conf, tmp_path):
    body = b"x" * (12 * 64 * 1024)
    httpserver.expect_request("/big").respond_with_handler(_slow_body(12, 0.08))
    feedback = QgsFeedback()
    seen = []
    feedback.progressChanged.connect(seen.append)
    dest = tmp_path / "big.bin"
    assert network.download(httpserver.url_for("/big"), dest, settings=conf, feedback=feedback) == dest
    assert dest.stat().st_size == len(body)
    assert seen[-1] == 100.0 and len(seen) > 3 and seen == sorted(seen)

    dest.write_bytes(b"good")
    cancelling = QgsFeedback()
    cancelling.progressChanged.connect(lambda _p: cancelling.cancel())
    started = time.monotonic()
    with pytest.raises(CancelledError):
        network.download(httpserver.url_for("/big"), dest, settings=conf, feedback=cancelling)
    assert time.monotonic() - started < 0.8  # the whole body would take about 1 s
    assert dest.read_bytes() == b"good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.bin"]


def test_failed_download_keeps_good_file(httpserver, conf, tmp_path):
    httpserver.expect_request("/f").respond_with_data("oops", status=500)
    dest = tmp_path / "f.csv"
    dest.write_text("good")
    conf.retries = 0
    with pytest.raises(NetworkError):
        network.download(httpserver.url_for("/f"), dest, settings=conf)
    assert dest.read_text() == "good"


def test_cache_sidecar_lookup_size_trim_clear(httpserver, conf):
    httpserver.expect_request("/a.csv").respond_with_data(
        "a" * 1000, headers={"ETag": '"v1"', "Last-Modified": "Wed, 01 Jan 2025 00:00:00 GMT"}
    )
    httpserver.expect_request("/b.csv").respond_with_data("b" * 2000)
    cache = Cache(settings=conf)
    url = httpserver.url_for("/a.csv")
    entry = cache.download(url, params={"q": "1"}, source_id="arcep_techno", vintage="last", settings=conf)
    assert entry.path.parent == conf.effective_cache_dir() and entry.path.name.endswith("a.csv")
    meta = json.loads(entry.path.with_name(entry.path.name + ".meta.json").read_text())
    assert meta["url"] == url + "?q=1" and meta["etag"] == '"v1"' and meta["size"] == 1000
    assert meta["source_id"] == "arcep_techno" and meta["vintage"] == "last"
    assert meta["retrieved"][:4] >= "2025"
    assert cache.lookup(url, {"q": "1"}).path == entry.path
    assert cache.lookup(url) is None
    cache.download(httpserver.url_for("/b.csv"), settings=conf)
    assert 3000 < cache.size() < 5000
    removed = cache.trim(max_bytes=2800)
    assert [e.url for e in removed] == [url + "?q=1"]
    assert len(cache.entries()) == 1
    assert cache.clear() > 2000 and cache.size() == 0


def test_cache_keeps_good_copy_when_refresh_fails(httpserver, conf):
    cache = Cache(settings=conf)
    url = httpserver.url_for("/c.csv")
    httpserver.expect_ordered_request("/c.csv").respond_with_data("good copy")
    httpserver.expect_ordered_request("/c.csv").respond_with_data("broken", status=503)
    first = cache.download(url, settings=conf)
    conf.retries = 0
    with pytest.raises(NetworkError):
        cache.download(url, settings=conf)
    assert first.path.read_text() == "good copy"
    assert cache.lookup(url).retrieved == first.retrieved


def test_cache_revalidates_with_etag(httpserver, conf):
    cache = Cache(settings=conf)
    url = httpserver.url_for("/e.csv")
    httpserver.expect_ordered_request("/e.csv").respond_with_data("v1 body", headers={"ETag": '"e1"'})
    httpserver.expect_ordered_request("/e.csv", headers={"If-None-Match": '"e1"'}).respond_with_data(
        "", status=304
    )
    first = cache.download(url, source_id="population", vintage="2023", settings=conf)
    meta = first.path.with_name(first.path.name + ".meta.json")
    data = json.loads(meta.read_text())
    data["retrieved"] = "2020-01-01T00:00:00+00:00"
    meta.write_text(json.dumps(data))
    again = cache.download(url, settings=conf)
    assert again.path.read_text() == "v1 body" and again.etag == '"e1"'
    assert again.retrieved > "2025" and again.source_id == "population" and again.vintage == "2023"
    assert len(httpserver.log) == 2


@pytest.fixture
def hanging_server():
    """A threaded server that accepts and never answers in time (each request sleeps 4 s)."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Silent(BaseHTTPRequestHandler):
        def do_GET(self):
            time.sleep(4)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Silent)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hang"
    server.shutdown()
    server.server_close()


def test_a_silent_server_is_bounded_by_the_deadline_and_cancel_answers_at_once(hanging_server, conf):
    conf.timeout_s, conf.retries, conf.deadline_s = 30, 5, 1  # the total deadline wins over retries
    started = time.monotonic()
    with pytest.raises(NetworkError, match="deadline"):
        network.get(hanging_server, settings=conf)
    assert time.monotonic() - started < 2.0

    conf.deadline_s = 300
    feedback = QgsFeedback()
    timer = threading.Timer(0.5, feedback.cancel)
    timer.start()
    started = time.monotonic()
    with pytest.raises(CancelledError):
        network.get(hanging_server, settings=conf, feedback=feedback)
    assert time.monotonic() - started < 1.5  # cancel answers within a second of the click


def test_retry_after_of_a_429_is_honoured(httpserver, conf):
    httpserver.expect_ordered_request("/busy").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"}
    )
    httpserver.expect_ordered_request("/busy").respond_with_data("ok")
    started = time.monotonic()
    assert network.get(httpserver.url_for("/busy"), settings=conf) == b"ok"
    assert time.monotonic() - started >= 0.9  # waited what the server asked, not the (zero) backoff


def test_credentials_of_a_url_never_reach_messages_provenance_or_cache(httpserver, conf):
    from medrcvl_plugin.core.sources import fetch

    httpserver.expect_request("/private/ifn.csv").respond_with_data("oops", status=404)
    url = httpserver.url_for("/private/ifn.csv").replace("http://", "http://agent:s3cret@")
    with pytest.raises(Exception) as info:
        fetch.obtain("ifn_communes", location=url, settings=conf)
    assert "s3cret" not in str(info.value) and "agent" not in str(info.value)
    httpserver.expect_request("/private/ok.csv").respond_with_data("code_insee;x\n37072;1\n")
    url = httpserver.url_for("/private/ok.csv").replace("http://", "http://agent:s3cret@")
    got = fetch.obtain("arcep_techno", location=url, settings=conf)
    fetch.read_fetched(got, lambda p: p.read_text())
    assert "s3cret" not in got.provenance.to_json() and "agent:" not in got.provenance.location
    for path in conf.effective_cache_dir().rglob("*"):
        if path.is_file():
            assert b"s3cret" not in path.read_bytes(), path
    assert (
        network.strip_credentials("see https://u:p@h.fr/x and ftp://u@h") == "see https://h.fr/x and ftp://h"
    )
