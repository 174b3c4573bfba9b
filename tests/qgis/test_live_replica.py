"""Online without a mirror: every live source at its live URL, against a loopback replica of the live
hosts serving the real files (``MEDRCVL_LIVE_BASE``), through the real command line."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import REFERENCE_COMMUNES, REFERENCE_EPCI, ROOT
from live_replica import AIDANTS_CONNECT, COG, EPCI, FRANCE_SERVICES, PLACES, POPULATION, Replica
from qgis.core import QgsVectorLayer

pytestmark = pytest.mark.realdata


def _diagnose(tmp_path, out, *args, base=None, home="home"):
    env = {
        **os.environ,
        "HOME": str(tmp_path / home),
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_DATA_HOME": str(tmp_path / home / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / home / "config"),
        "XDG_CACHE_HOME": str(tmp_path / home / "cache"),
    }
    env.pop("MEDRCVL_LIVE_BASE", None)
    env.pop("QGIS_CUSTOM_CONFIG_PATH", None)  # pytest-qgis's profile: each run here has its own
    if base:
        env["MEDRCVL_LIVE_BASE"] = base
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "medrcvl_plugin",
            "diagnose",
            "--epci",
            REFERENCE_EPCI,
            "--out",
            str(out),
            *args,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _table(gpkg, layer):
    features = QgsVectorLayer(f"{gpkg}|layername={layer}", layer, "ogr").getFeatures()
    return [
        {k: v for k, v in f.attributes().items()}
        if hasattr(f.attributes(), "items")
        else dict(zip(f.fields().names(), f.attributes()))
        for f in features
    ]


def _by_code(gpkg):
    return {row["code_insee"]: row for row in _table(gpkg, "communes")}


def test_live_run_without_mirror_equals_the_mirror_run_and_then_uses_the_cache(shared_data, tmp_path):
    ifn = str(shared_data / "ifn" / "ifn-city-all-variation.csv")
    ifn_epci = str(shared_data / "ifn" / "ifn-epci-all-variation.csv")
    mirror = _diagnose(
        tmp_path,
        tmp_path / "mirror",
        "--mirror",
        str(shared_data),
        "--ifn",
        ifn,
        "--ifn-epci",
        ifn_epci,
        home="home-mirror",
    )
    assert mirror.returncode == 0, mirror.stderr[-3000:]
    with Replica(shared_data) as replica:
        live = _diagnose(tmp_path, tmp_path / "live", "--ifn", ifn, "--ifn-epci", ifn_epci, base=replica.base)
        assert live.returncode == 0, live.stderr[-3000:]
        asked = list(replica.log)
        # every live source was asked at its real path
        for path in (
            COG + "v_commune_2026.csv",
            COG + "v_mvt_commune_2026.csv",
            POPULATION,
            EPCI,
            FRANCE_SERVICES,
            AIDANTS_CONNECT,
        ):
            assert any(p.split("?")[0] == path for p in asked), (path, asked)
        places = [p for p in asked if p.startswith(PLACES)]
        assert places and "territoires=36%2C37%2C41%2C49%2C72%2C86" in places[0].replace(",", "%2C")
        assert any(p.startswith("/geo.api.gouv.fr/departements/37/communes") for p in asked)
        assert any(p.startswith("/data.arcep.fr/") for p in asked)

        rows_live, rows_mirror = (
            _by_code(tmp_path / "live" / "diagnostic.gpkg"),
            _by_code(tmp_path / "mirror" / "diagnostic.gpkg"),
        )
        assert sorted(rows_live) == sorted(REFERENCE_COMMUNES)
        for code in REFERENCE_COMMUNES:
            for field in (
                "population",
                "ifn_score",
                "code_epci",
                "lieux_count",
                "n_france_services",
                "dist_lieu_km",
                "dist_france_services_km",
                "rank_epci",
                "flag_priority",
                "ref_epci_ifn",
                "ftth_share",
                "aidants_connect_structures",
                "aidants_connect_aidants",
            ):
                assert rows_live[code][field] == rows_mirror[code][field], (code, field)
        assert rows_live["37072"]["population"] > 7000 and rows_live["37072"]["ifn_score"] is not None

        provenance = {r["source_id"]: r for r in _table(tmp_path / "live" / "diagnostic.gpkg", "provenance")}
        assert provenance["cog_communes"]["location"] == (
            "https://www.insee.fr/fr/statistiques/fichier/8740222/v_commune_2026.csv"
        )
        assert provenance["cog_communes"]["vintage"] == "COG 2026"
        assert provenance["population"]["location"].endswith("ensemble.zip!donnees_communes.csv")
        assert provenance["epci_composition"]["vintage"] == "2025"  # what the file says, not the URL
        assert "2024-08-01" in provenance["france_services"]["vintage"]  # its Last-Modified date
        assert "replica" in provenance["cog_communes"]["notes"]
        import datetime as dt

        today = dt.date.today().isoformat()  # geo.api sends no Last-Modified: the date of the fetch
        contours = provenance["communes_geo"]["vintage"]
        assert contours != "COG 2018" and today in contours
        assert today in provenance["lieux_standard"]["vintage"]

        # a second run: the cache answers, the hosts are not asked
        before = len(replica.log)
        again = _diagnose(
            tmp_path,
            tmp_path / "live",
            "--ifn",
            ifn,
            "--ifn-epci",
            ifn_epci,
            "--overwrite",
            base=replica.base,
        )
        assert again.returncode == 0, again.stderr[-3000:]
        assert replica.log[before:] == [] or all(p.startswith("/geo.api") for p in replica.log[before:])


def test_a_corrupted_live_answer_is_not_cached(shared_data, tmp_path):
    ifn = str(shared_data / "ifn" / "ifn-city-all-variation.csv")
    with Replica(shared_data) as replica:
        replica.broken.add(POPULATION)
        first = _diagnose(tmp_path, tmp_path / "a", "--ifn", ifn, base=replica.base)
        assert first.returncode == 0, first.stderr[-3000:]
        assert "Populations" in first.stdout + first.stderr, replica.log  # said missing, fields empty
        populations = [p for p in _table(tmp_path / "a" / "diagnostic.gpkg", "communes") if p["population"]]
        assert populations == []
        replica.broken.clear()
        second = _diagnose(tmp_path, tmp_path / "b", "--ifn", ifn, base=replica.base)
        assert second.returncode == 0, second.stderr[-3000:]
        assert sum(1 for p in replica.log if p == POPULATION) == 2  # asked again: the page was not kept
        assert all(r["population"] for r in _table(tmp_path / "b" / "diagnostic.gpkg", "communes"))


def test_an_unknown_epci_says_which_code_geo_api_does_not_know(shared_data, tmp_path):
    with Replica(shared_data) as replica:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "medrcvl_plugin",
                "diagnose",
                "--epci",
                "123456789",
                "--out",
                str(tmp_path / "x"),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={
                **{k: v for k, v in os.environ.items() if k != "QGIS_CUSTOM_CONFIG_PATH"},
                "HOME": str(tmp_path / "h"),
                "XDG_DATA_HOME": str(tmp_path / "h"),
                "XDG_CONFIG_HOME": str(tmp_path / "h"),
                "MEDRCVL_LIVE_BASE": replica.base,
            },
            timeout=300,
        )
    assert done.returncode != 0
    assert "123456789" in done.stdout + done.stderr


def test_without_an_ifn_file_the_live_run_reads_the_site_tiles(shared_data, tmp_path):
    import csv

    from test_ifn_tiles import make_tiles

    with open(shared_data / "ifn" / "ifn-city-all-variation.csv", encoding="utf-8") as handle:
        totals = {
            r["code"]: float(r["total"]) for r in csv.DictReader(handle) if r["code"] in REFERENCE_COMMUNES
        }
    (tmp_path / "mvt").mkdir()
    tiles = make_tiles(shared_data, totals, tmp_path / "mvt", with_code=False)  # "score" only, as published
    with Replica(shared_data, tiles=tiles) as replica:
        done = _diagnose(tmp_path, tmp_path / "out", base=replica.base)
        assert done.returncode == 0, done.stderr[-3000:]
        assert any(p.startswith("/fragilite-numerique.fr/api/tiles/city/12/") for p in replica.log)
    rows = _by_code(tmp_path / "out" / "diagnostic.gpkg")
    for code, total in totals.items():
        assert rows[code]["ifn_score"] == pytest.approx(total), code
        assert rows[code]["ifn_method"].startswith("tiles:")
        assert rows[code]["ifn_poverty"] is None or str(rows[code]["ifn_poverty"]) == "NULL"
    provenance = {r["source_id"]: r for r in _table(tmp_path / "out" / "diagnostic.gpkg", "provenance")}
    assert provenance["ifn_tiles"]["mode"] == "tiles" and provenance["ifn_communes"]["mode"] == "unavailable"
    assert "vector tiles" in done.stdout + done.stderr


def test_credentials_of_a_chosen_url_appear_in_no_output(shared_data, tmp_path):
    import zipfile

    with Replica(shared_data) as replica:
        secret_url = (
            replica.base.replace("http://", "http://agent:s3cret@") + "/files/ifn/ifn-city-all-variation.csv"
        )
        done = _diagnose(
            tmp_path, tmp_path / "out", "--ifn", secret_url, "--export", "csv,xlsx", base=replica.base
        )
        assert done.returncode == 0, done.stderr[-3000:]
    assert "s3cret" not in done.stdout + done.stderr
    rows = _by_code(tmp_path / "out" / "diagnostic.gpkg")
    assert rows["37072"]["ifn_score"] is not None  # the file was read through the credentials
    for path in [*(tmp_path / "out").rglob("*"), *(tmp_path / "home").rglob("*")]:
        if not path.is_file():
            continue
        data = path.read_bytes()
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                data = b"".join(archive.read(name) for name in archive.namelist())
        assert b"s3cret" not in data, path


def test_ctrl_c_during_a_slow_download_stops_at_once(shared_data, tmp_path):
    import signal
    import time

    with Replica(shared_data) as replica:
        replica.slow[POPULATION] = 60.0
        env = {
            **os.environ,
            "HOME": str(tmp_path / "h"),
            "XDG_DATA_HOME": str(tmp_path / "h"),
            "XDG_CONFIG_HOME": str(tmp_path / "h"),
            "MEDRCVL_LIVE_BASE": replica.base,
        }
        env.pop("QGIS_CUSTOM_CONFIG_PATH", None)
        command = [
            sys.executable,
            "-m",
            "medrcvl_plugin",
            "diagnose",
            "--epci",
            REFERENCE_EPCI,
            "--ifn",
            str(shared_data / "ifn" / "ifn-city-all-variation.csv"),
            "--out",
            str(tmp_path / "out"),
        ]
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 120
        while POPULATION not in [p.split("?")[0] for p in replica.log] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert POPULATION in [p.split("?")[0] for p in replica.log], "the download never started"
        time.sleep(1.0)  # well inside the 60 s answer
        sent = time.monotonic()
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=30)
        stopped = time.monotonic() - sent
    assert process.returncode == 130, err[-2000:]
    assert stopped < 2.0, stopped  # not when the download would have ended
    leftovers = [p.name for p in (tmp_path / "out").glob("*")] if (tmp_path / "out").exists() else []
    assert "diagnostic.gpkg" not in leftovers and not [n for n in leftovers if "part" in n], leftovers
