"""Publishing a diagnostic into a REAL PostgreSQL 15 + PostGIS server started for the session."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import pytest
from conftest import FIXTURES
from pg_server import postgis_server  # noqa: F401 (session fixture)
from qgis.core import QgsApplication, QgsDataSourceUri, QgsProviderRegistry, QgsSettings, QgsVectorLayer
from test_export_tables import load_builder

from medrcvl_plugin.core.base.errors import DataFormatError, OutputExistsError
from medrcvl_plugin.core.output.exports import postgis

pytestmark = [pytest.mark.postgis, pytest.mark.realdata]


@pytest.fixture(scope="module")
def diagnostic_gpkg(qgis_app, shared_data, tmp_path_factory):
    return load_builder().build(tmp_path_factory.mktemp("pgdiag") / "diagnostic.gpkg", shared_data)


@pytest.fixture(scope="module")
def published(postgis_server, diagnostic_gpkg):  # noqa: F811
    """Vintage 2025 published once for the module."""
    return postgis.publish(diagnostic_gpkg, uri=postgis_server.conninfo(), vintage="2025")


def pg_layer(server, schema: str, table: str, geometry: str | None = "geom", key: str = "fid"):
    uri = QgsDataSourceUri(server.conninfo())
    uri.setDataSource(schema, table, geometry or "", "", key)
    layer = QgsVectorLayer(uri.uri(False), table, "postgres")
    assert layer.isValid(), f"{schema}.{table}"
    return layer


def test_server_starts_fast(postgis_server):  # noqa: F811
    assert postgis_server.startup_seconds < 10
    assert postgis_server.psql("SELECT extname FROM pg_extension WHERE extname = 'postgis'") == "postgis"


def test_publish_and_read_back(postgis_server, published):  # noqa: F811
    assert published.schema == "medrcvl_2025" and published.vintage == "2025"
    assert published.counts["communes"] == 5 and published.counts["lieux"] == 5
    assert published.counts["provenance"] == 4
    communes = pg_layer(postgis_server, "medrcvl_2025", "communes", key="code_insee")
    assert communes.featureCount() == 5 and communes.crs().authid() == "EPSG:2154"
    values = {f["code_insee"]: f for f in communes.getFeatures()}
    assert set(values) == {"01001", "37011", "37072", "37210", "2A004"}
    assert values["37072"]["ifn_score"] == pytest.approx(6.8)
    assert values["37210"]["nom"] == "Saint-Benoît-la-Forêt"
    assert values["37072"].geometry().area() > 30e6  # Chinon: ~39 km² in Lambert-93 square metres
    lieux = pg_layer(postgis_server, "medrcvl_2025", "lieux")
    assert lieux.featureCount() == 5
    assert {f["code_insee"] for f in lieux.getFeatures()} == {"37072", "37011", "2A004"}
    provenance = pg_layer(postgis_server, "medrcvl_2025", "provenance", None)
    assert {f["producer"] for f in provenance.getFeatures()} >= {"La MedNum/ANSA", "INSEE"}


def test_primary_key_and_spatial_indexes(postgis_server, published):  # noqa: F811
    key = postgis_server.psql(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
        "AND a.attnum = ANY(i.indkey) WHERE i.indisprimary "
        "AND i.indrelid = 'medrcvl_2025.communes'::regclass"
    )
    assert key == "code_insee"
    gist = postgis_server.psql(
        "SELECT tablename FROM pg_indexes WHERE schemaname = 'medrcvl_2025' "
        "AND indexdef ILIKE '%USING gist%' ORDER BY tablename"
    )
    assert gist.split() == ["communes", "lieux"]


def test_styles_in_layer_styles(postgis_server, published):  # noqa: F811
    rows = postgis_server.psql(
        "SELECT f_table_name || '|' || useasdefault || '|' || (styleqml::text LIKE '%<renderer-v2%') "
        "FROM public.layer_styles WHERE f_table_schema = 'medrcvl_2025' ORDER BY f_table_name"
    )
    assert rows.splitlines() == ["communes|true|true", "lieux|true|true"]
    assert published.styles == ["medrcvl communes 2025", "medrcvl lieux 2025"]
    layer = pg_layer(postgis_server, "medrcvl_2025", "lieux")
    assert "medrcvl lieux 2025" in layer.listStylesInDatabase()[2]


def test_second_vintage_keeps_first(postgis_server, published, diagnostic_gpkg):  # noqa: F811
    second = postgis.publish(diagnostic_gpkg, uri=postgis_server.conninfo(), schema="medrcvl", vintage="2026")
    assert second.schema == "medrcvl_2026"
    assert pg_layer(postgis_server, "medrcvl_2025", "communes", key="code_insee").featureCount() == 5
    assert pg_layer(postgis_server, "medrcvl_2026", "communes", key="code_insee").featureCount() == 5
    rows = postgis_server.psql(
        "SELECT vintage || ':' || schema_name || ':' || communes "
        "FROM medrcvl.publications ORDER BY vintage"
    )
    assert rows.splitlines()[:2] == ["2025:medrcvl_2025:5", "2026:medrcvl_2026:5"]


def test_same_vintage_needs_overwrite(postgis_server, published, diagnostic_gpkg):  # noqa: F811
    postgis_server.psql("INSERT INTO medrcvl_2025.provenance (fid, source_id) VALUES (999, 'marker')")
    with pytest.raises(OutputExistsError, match="medrcvl_2025"):
        postgis.publish(diagnostic_gpkg, uri=postgis_server.conninfo(), vintage="2025")
    assert postgis_server.psql("SELECT count(*) FROM medrcvl_2025.provenance") == "5"  # untouched
    again = postgis.publish(diagnostic_gpkg, uri=postgis_server.conninfo(), vintage="2025", overwrite=True)
    assert again.counts["provenance"] == 4
    assert (
        postgis_server.psql(
            "SELECT count(*) FROM public.layer_styles " "WHERE f_table_schema = 'medrcvl_2025'"
        )
        == "2"
    )


def test_password_never_shown(postgis_server, diagnostic_gpkg, caplog):  # noqa: F811
    seen: list[str] = []

    def record(message, *_):
        seen.append(str(message))

    QgsApplication.messageLog().messageReceived.connect(record)
    caplog.set_level(logging.DEBUG)
    secret = postgis_server.password
    result = postgis.publish(diagnostic_gpkg, uri=postgis_server.conninfo(), vintage="pw_test")
    assert result.counts["communes"] == 5
    wrong = postgis_server.conninfo(with_password=False) + " password='Wr0ng-s3cret'"
    with pytest.raises(postgis.PublishError) as refused:
        postgis.publish(diagnostic_gpkg, uri=wrong, vintage="pw_test2")
    QgsApplication.processEvents()
    QgsApplication.messageLog().messageReceived.disconnect(record)
    texts = [*result.messages, result.connection, str(refused.value), caplog.text, *seen]
    assert "password authentication failed" in str(refused.value)
    assert "********" in result.connection and postgis_server.user in result.connection
    for text in texts:
        assert secret not in text and "Wr0ng-s3cret" not in text


def test_saved_connection(postgis_server, diagnostic_gpkg):  # noqa: F811
    settings = QgsSettings()
    key = "PostgreSQL/connections/medrcvl_pytest"
    for name, value in {
        "host": postgis_server.host,
        "port": str(postgis_server.port),
        "database": postgis_server.database,
        "username": postgis_server.user,
        "password": postgis_server.password,
        "saveUsername": "true",
        "savePassword": "true",
        "service": "",
        "authcfg": "",
    }.items():
        settings.setValue(f"{key}/{name}", value)
    try:
        assert "medrcvl_pytest" in postgis.connection_names()
        result = postgis.publish(
            diagnostic_gpkg, connection="medrcvl_pytest", schema="partage", vintage="2024"
        )
        assert result.schema == "partage_2024" and result.counts["lieux"] == 5
        assert postgis_server.password not in result.connection
    finally:
        settings.remove(key)
        metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
        if "medrcvl_pytest" in metadata.connections(False):  # QGIS caches the saved connections
            metadata.deleteConnection("medrcvl_pytest")
    with pytest.raises(postgis.PublishError, match="medrcvl_pytest"):
        postgis.publish(diagnostic_gpkg, connection="medrcvl_pytest", vintage="2023")


def test_mask_and_bad_inputs(diagnostic_gpkg, tmp_path):
    assert postgis.mask("host=h password='a b' user=u") == "host=h password='********' user=u"
    assert postgis.mask("dbname=d password=abc123") == "dbname=d password='********'"
    assert postgis.mask("postgresql://me:topsecret@host/db") == "postgresql://me:********@host/db"
    assert postgis.mask("failed for x7secret!", ["x7secret"]) == "failed for ********!"
    with pytest.raises(DataFormatError, match="vintage"):
        postgis.publish(diagnostic_gpkg, uri="service=x", vintage="!!!")
    with pytest.raises(DataFormatError, match="nowhere.gpkg"):
        postgis.publish(tmp_path / "nowhere.gpkg", uri="service=x")
    with pytest.raises(DataFormatError, match=r"\*\*\*\*"):
        postgis.publish(diagnostic_gpkg, uri="postgresql://me:topsecret@h/db")


def test_processing_algorithm(qgis_processing, medrcvl_provider, postgis_server, diagnostic_gpkg):  # noqa: F811
    import processing
    from qgis.core import QgsProcessingFeedback

    registry = QgsApplication.processingRegistry()
    lines: list[str] = []

    class Recording(QgsProcessingFeedback):
        def pushInfo(self, info):
            lines.append(info)

    algorithm = registry.algorithmById("medrcvl:publishpostgis")
    assert algorithm.groupId() == "exports" and "layer_styles" in algorithm.shortHelpString()
    result = processing.run(
        "medrcvl:publishpostgis",
        {
            "INPUT": str(diagnostic_gpkg),
            "URI": postgis_server.conninfo(),
            "SCHEMA": "algo",
            "VINTAGE": "2026-v1",
            "OVERWRITE": False,
        },
        feedback=Recording(),
    )
    assert result["OUTPUT_SCHEMA"] == "algo_2026_v1" and result["COMMUNES"] == 5 and result["LIEUX"] == 5
    assert any("algo_2026_v1" in line for line in lines)
    assert not any(postgis_server.password in line for line in lines)


def test_cli_publish_with_pgpassword(
    qgis_app,
    postgis_server,  # noqa: F811
    diagnostic_gpkg,
    monkeypatch,
    capsys,
):
    from medrcvl_plugin.cli.app import EXIT_ERROR, EXIT_EXISTS, main

    monkeypatch.setenv("PGPASSWORD", postgis_server.password)  # libpq reads it: no password in argv
    argv = [
        "export",
        "--diagnostic",
        str(diagnostic_gpkg),
        "--formats",
        "postgis",
        "--pg-uri",
        postgis_server.conninfo(with_password=False),
        "--vintage",
        "cli",
    ]
    assert main(argv) == 0
    out = capsys.readouterr()
    assert "medrcvl_cli" in out.out and postgis_server.password not in out.out + out.err
    assert postgis_server.psql("SELECT count(*) FROM medrcvl_cli.lieux") == "5"
    assert main(argv) == EXIT_EXISTS
    assert main([*argv[:5], "--vintage", "cli2"]) == EXIT_ERROR  # no connection given
    assert "--pg-connection" in capsys.readouterr().err


def test_publish_with_authcfg(postgis_server, diagnostic_gpkg):  # noqa: F811
    script = FIXTURES / "exports" / "publish_authcfg.py"
    env = {**os.environ, "MEDRCVL_TEST_PGPASSWORD": postgis_server.password, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PGPASSWORD", None)
    done = subprocess.run(
        [
            sys.executable,
            str(script),
            str(diagnostic_gpkg),
            postgis_server.host,
            str(postgis_server.port),
            postgis_server.database,
            postgis_server.user,
            "authcfg",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["schema"] == "medrcvl_authcfg" and result["counts"]["communes"] == 5
    assert f"authcfg={result['authcfg']}" in result["connection"]
    assert postgis_server.password not in done.stdout + done.stderr
    styles = postgis_server.psql(
        "SELECT string_agg(styleqml::text || coalesce(stylesld::text, ''), '') " "FROM public.layer_styles"
    )
    assert styles and postgis_server.password not in styles


def test_publish_real_diagnostic(postgis_server, shared_data):  # noqa: F811
    """The real diagnostic of the reference EPCI (core/diagnostic.py), published and read back."""
    real = load_builder().real_diagnostic(shared_data)
    result = postgis.publish(real.gpkg, uri=postgis_server.conninfo(), schema="reel", vintage="2026")
    assert result.counts["communes"] == real.communes == 19 and result.counts["lieux"] == real.lieux
    assert {"provenance", "references", "unmatched_codes"} <= set(result.counts)
    communes = pg_layer(postgis_server, "reel_2026", "communes", key="code_insee")
    chinon = next(communes.getFeatures("code_insee = '37072'"))
    assert chinon["nom"] == "Chinon" and chinon["ifn_score"] == pytest.approx(6.8)
    assert chinon["population"] == 8144
    styles = postgis_server.psql(
        "SELECT count(*) FROM public.layer_styles " "WHERE f_table_schema = 'reel_2026'"
    )
    assert styles == "2"
