"""A real, throw-away PostgreSQL 15 + PostGIS server on loopback for the PostGIS tests.

``postgis_server`` (session fixture) runs ``initdb`` and ``pg_ctl`` as the ``postgres`` system user
(PostgreSQL refuses root) in a temporary folder, on a free port with password authentication over TCP,
creates the database ``medrcvl_test`` with the ``postgis`` extension and stops the server at the end.
A missing PostgreSQL skips the tests, and fails them under CI=true (``require``).
``python tests/qgis/pg_server.py`` starts one by hand (for trying ``export --formats postgis``) until Ctrl-C.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

try:
    from conftest import require
except ImportError:  # run as a script: ``python tests/qgis/pg_server.py``
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from conftest import require


def _pg_bin() -> Path:
    """The newest installed PostgreSQL's bin folder (15 on Debian 12, 17 on 13, 18 on sid)."""
    majors = sorted(
        (int(p.parent.name), p) for p in Path("/usr/lib/postgresql").glob("*/bin") if p.parent.name.isdigit()
    )
    return majors[-1][1] if majors else Path("/usr/lib/postgresql/15/bin")


PG_BIN = Path(os.environ.get("MEDRCVL_PG_BIN") or _pg_bin())
PG_MAJOR = PG_BIN.parent.name
USER = "postgres"
DATABASE = "medrcvl_test"


@dataclass
class PgServer:
    """Connection facts of the test server."""

    host: str
    port: int
    user: str
    password: str
    database: str
    socket_dir: Path

    def conninfo(self, *, with_password: bool = True, database: str = "") -> str:
        """A libpq/QgsDataSourceUri conninfo string."""
        text = f"host={self.host} port={self.port} dbname='{database or self.database}' user='{self.user}'"
        if with_password:
            text += f" password='{self.password}'"
        return text

    def psql(self, sql: str) -> str:
        """Run ``sql`` through psql on the unix socket (trusted) and return the unaligned output."""
        out = subprocess.run(
            [
                str(PG_BIN / "psql"),
                "-h",
                str(self.socket_dir),
                "-p",
                str(self.port),
                "-U",
                self.user,
                "-d",
                self.database,
                "-At",
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                sql,
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
        if out.returncode:
            raise AssertionError(f"psql failed: {out.stderr.strip()} (SQL: {sql})")
        return out.stdout.strip()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a command as the postgres user when we are root, else as ourselves."""
    if os.geteuid() == 0:
        args = ["runuser", "-u", USER, "--", *args]
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=60, **kwargs)


def _available() -> str:
    """Empty string when a server can be started, else the reason why not."""
    if not (PG_BIN / "initdb").exists():
        return f"PostgreSQL binaries not found in {PG_BIN} (bash scripts/setup.sh)"
    if not Path(f"/usr/share/postgresql/{PG_MAJOR}/extension/postgis.control").exists():
        return f"PostGIS extension not installed (apt install postgresql-{PG_MAJOR}-postgis-3)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(USER)
        except KeyError:
            return "no 'postgres' system user to run the server"
        if not shutil.which("runuser"):
            return "runuser not found"
    return ""


def start_server(base: Path) -> PgServer:
    """initdb + pg_ctl start in ``base``; returns the running server (caller stops it)."""
    data, sock = base / "data", base / "sock"
    data.mkdir()
    sock.mkdir()
    password = "pw-" + secrets.token_hex(8)
    pwfile = base / "pwfile"
    pwfile.write_text(password + "\n", encoding="utf-8")
    if os.geteuid() == 0:
        entry = pwd.getpwnam(USER)
        for path in (base, data, sock, pwfile):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    user = USER if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
    _as_postgres(
        [
            str(PG_BIN / "initdb"),
            "-D",
            str(data),
            "-U",
            user,
            "--pwfile",
            str(pwfile),
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ]
    )
    pwfile.unlink()
    port = _free_port()
    options = (
        f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB"
    )
    _as_postgres(
        [
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(data),
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
    server = PgServer("127.0.0.1", port, user, password, DATABASE, sock)
    subprocess.run(
        [str(PG_BIN / "createdb"), "-h", str(sock), "-p", str(port), "-U", user, DATABASE],
        check=True,
        capture_output=True,
        text=True,
        timeout=30,
    )
    server.psql("CREATE EXTENSION postgis")
    return server


def stop_server(base: Path) -> None:
    """pg_ctl stop (fast) of the server in ``base``."""
    try:
        _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(base / "data"), "-m", "fast", "-w", "stop"])
    except subprocess.CalledProcessError:
        pass


@pytest.fixture(scope="session")
def postgis_server():
    """A running PostgreSQL + PostGIS server (stopped and deleted at the end of the session)."""
    reason = _available()
    require(not reason, reason)
    base = Path(tempfile.mkdtemp(prefix="medrcvl-pg-"))
    os.chmod(base, 0o755)
    started = time.monotonic()
    try:
        server = start_server(base)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        log = base / "server.log"
        detail = getattr(error, "stderr", "") or (log.read_text() if log.exists() else "")
        stop_server(base)
        shutil.rmtree(base, ignore_errors=True)
        require(False, f"could not start PostgreSQL: {error} {detail}")
        return
    server.startup_seconds = time.monotonic() - started
    try:
        yield server
    finally:
        stop_server(base)
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    problem = _available()
    if problem:
        sys.exit(problem)
    folder = Path(tempfile.mkdtemp(prefix="medrcvl-pg-"))
    os.chmod(folder, 0o755)
    running = start_server(folder)
    print(
        f"PostgreSQL + PostGIS running; export PGPASSWORD='{running.password}' and use --pg-uri "
        f'"{running.conninfo(with_password=False)}". Ctrl-C stops it.',
        flush=True,
    )
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        stop_server(folder)
        shutil.rmtree(folder, ignore_errors=True)
