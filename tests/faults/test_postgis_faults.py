"""A re-publication killed with kill -9 against a REAL PostgreSQL leaves the published vintage whole."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "qgis"))
from pg_server import postgis_server  # noqa: F401 (session fixture)

from .helpers import diagnose_args, kill_at, run, start

pytestmark = [pytest.mark.realdata, pytest.mark.faults, pytest.mark.postgis]
VINTAGE = "2031"
SCHEMA = f"medrcvl_{VINTAGE}"


@pytest.fixture(scope="module")
def gpkg(shared_data, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pgfault")
    proc = run(diagnose_args(shared_data, out))
    assert proc.returncode == 0, proc.stderr
    return out / "diagnostic.gpkg"


def publish_args(server, gpkg: Path, *extra: str) -> list[str]:
    return [
        "export",
        "--diagnostic",
        str(gpkg),
        "--formats",
        "postgis",
        "--vintage",
        VINTAGE,
        "--pg-uri",
        server.conninfo(with_password=False),
        *extra,
    ]


def state(server) -> tuple:
    """(rows in the vintage's communes, the register's row for the vintage)."""
    rows = server.psql(f'SELECT count(*) FROM "{SCHEMA}".communes')
    register = server.psql(
        "SELECT communes, lieux, published_at FROM medrcvl.publications " f"WHERE vintage = '{VINTAGE}'"
    )
    return int(rows), register


def staging(server) -> list[str]:
    return server.psql(
        "SELECT nspname FROM pg_namespace WHERE nspname LIKE " f"'{SCHEMA}\\_\\_part%'"
    ).split()


@pytest.fixture
def published(postgis_server, gpkg):  # noqa: F811
    proc = run(publish_args(postgis_server, gpkg, "--overwrite"), PGPASSWORD=postgis_server.password)
    assert proc.returncode == 0, proc.stderr
    rows, register = state(postgis_server)
    assert rows == 19 and register.startswith("19|")
    return rows, register


def test_kill_during_republish_keeps_the_vintage_and_its_register(postgis_server, gpkg, published):  # noqa: F811
    kill_at(
        publish_args(postgis_server, gpkg, "--overwrite"),
        "postgis:staged",
        PGPASSWORD=postgis_server.password,
    )
    assert state(postgis_server) == published  # data and register unchanged
    assert staging(postgis_server)  # the killed run's staging schema, proof it died before the swap
    proc = run(publish_args(postgis_server, gpkg, "--overwrite"), PGPASSWORD=postgis_server.password)
    assert proc.returncode == 0, proc.stderr
    assert staging(postgis_server) == []  # removed by the next publication
    rows, register = state(postgis_server)
    assert rows == 19 and register.startswith("19|") and register != published[1]


def test_kill_when_the_database_starts_changing_never_leaves_an_empty_vintage(
    postgis_server,  # noqa: F811
    gpkg,
    published,
):
    """kill -9 at the first change seen on the server (a staging schema, or the vintage's table
    missing or partly filled): the vintage stays whole and agrees with its register."""
    proc = start(publish_args(postgis_server, gpkg, "--overwrite"), PGPASSWORD=postgis_server.password)
    probe = (
        f"SELECT (SELECT count(*) FROM pg_namespace WHERE nspname LIKE '{SCHEMA}\\_\\_part%') || ',' || "
        f"(SELECT count(*) FROM pg_tables WHERE schemaname = '{SCHEMA}' AND tablename = 'communes')"
    )
    seen = ""
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        seen = postgis_server.psql(probe)
        if seen != "0,1":
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(30)
    assert seen != "0,1", "the publication ended before any change was seen"
    rows, register = state(postgis_server)
    assert (rows, register) == published  # whole, unchanged, and the register agrees with the data


def test_a_failing_swap_changes_nothing(qgis_app, postgis_server, gpkg):  # noqa: F811
    """The swap (drop, rename, styles, register) is one transaction: a refused register update rolls the
    whole swap back and the published vintage stays as it was."""
    from medrcvl_plugin.core.output.exports import postgis
    from medrcvl_plugin.core.output.exports.postgis import PublishError

    uri = postgis_server.conninfo()
    postgis.publish(gpkg, uri=uri, schema="mfail", vintage=VINTAGE, overwrite=True)
    postgis_server.psql(
        f"UPDATE mfail_{VINTAGE}.communes SET nom = 'marqueur' WHERE code_insee = "
        f"(SELECT min(code_insee) FROM mfail_{VINTAGE}.communes)"
    )
    query = f"SELECT count(*), string_agg(nom, ',' ORDER BY code_insee) FROM mfail_{VINTAGE}.communes"
    published = postgis_server.psql(query)
    assert "marqueur" in published
    register = postgis_server.psql("SELECT published_at FROM mfail.publications")
    postgis_server.psql("ALTER TABLE mfail.publications ADD CONSTRAINT refuse CHECK (communes < 0) NOT VALID")
    try:
        with pytest.raises(PublishError):
            postgis.publish(gpkg, uri=uri, schema="mfail", vintage=VINTAGE, overwrite=True)
        assert postgis_server.psql(query) == published
        assert postgis_server.psql("SELECT published_at FROM mfail.publications") == register
        assert (
            postgis_server.psql("SELECT count(*) FROM pg_namespace " "WHERE nspname LIKE 'mfail\\_%part%'")
            == "0"
        )
    finally:
        postgis_server.psql("ALTER TABLE mfail.publications DROP CONSTRAINT refuse")


def test_server_killed_mid_publish_keeps_the_vintage(gpkg, tmp_path):
    """The PostgreSQL server itself dies (``pg_ctl -m immediate``) while the staging schema is filled:
    the publication fails with a message, and after a restart the vintage and its register are whole."""
    import tempfile

    from conftest import require
    from pg_server import PG_BIN, _as_postgres, _available, start_server, stop_server

    reason = _available()
    require(not reason, reason)
    base = Path(tempfile.mkdtemp(prefix="medrcvl-pgkill-"))
    os.chmod(base, 0o755)
    server = start_server(base)
    try:
        ok = run(publish_args(server, gpkg, "--overwrite"), PGPASSWORD=server.password)
        assert ok.returncode == 0, ok.stderr
        before = state(server)
        proc = start(publish_args(server, gpkg, "--overwrite"), PGPASSWORD=server.password)
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline and not staging(server):
            pass
        assert proc.poll() is None, "the publication ended before its staging schema was seen"
        _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(base / "data"), "-m", "immediate", "-w", "stop"])
        code, err = proc.wait(120), proc.stderr.read()
        assert code == 1 and "Traceback" not in err and "medrcvl: error:" in err, err
        options = f"-p {server.port} -k {server.socket_dir} -c listen_addresses=127.0.0.1"
        _as_postgres(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(base / "data"),
                "-l",
                str(base / "server.log"),
                "-w",
                "-t",
                "30",
                "-o",
                options,
                "start",
            ]
        )
        assert state(server) == before
        again = run(publish_args(server, gpkg, "--overwrite"), PGPASSWORD=server.password)
        assert again.returncode == 0, again.stderr
        assert staging(server) == [] and state(server)[0] == 19
    finally:
        stop_server(base)
        import shutil

        shutil.rmtree(base, ignore_errors=True)
