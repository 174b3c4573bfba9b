"""Publish a diagnostic GeoPackage into a shared PostGIS database, one schema per vintage.

Layout: the layers and tables of vintage ``V`` go to schema ``<schema>_<V>`` (e.g. ``medrcvl_2026``):
``communes`` (MultiPolygon, EPSG:2154, primary key ``code_insee``), ``lieux`` (Point, EPSG:2154),
``provenance`` and the other attribute tables of the GeoPackage, with GiST spatial indexes; their QGIS
styles go to ``public.layer_styles`` (QGIS's own table, the default style of each table); the schema
``<schema>`` keeps the catalogue table ``publications`` (one row per vintage). Publishing a new vintage
leaves the previous ones untouched; re-publishing the same vintage needs ``overwrite=True``. Every
publication fills a staging schema ``<schema>_<V>__part<pid>`` first, then one transaction drops the old
vintage schema, renames the staging one, moves its styles and updates ``publications``: a failure or a
kill leaves the published vintage and its register as they were (the staging schema left by a kill is
removed by the next publication). Everything goes through QGIS's ``postgres`` provider, so saved
connections, services and authentication configurations (``authcfg``) work, and passwords are masked
in every message.
"""

from __future__ import annotations

import datetime
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from qgis.core import (
    Qgis,
    QgsAbstractDatabaseProviderConnection,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsDataSourceUri,
    QgsException,
    QgsFeedback,
    QgsProviderConnectionException,
    QgsProviderRegistry,
    QgsSettings,
    QgsVectorLayer,
    QgsVectorLayerExporter,
)
from qgis.PyQt.QtXml import QDomDocument

from .... import compat
from ...base.errors import CancelledError, DataFormatError, MedrcvlError, OutputExistsError
from ...base.i18n import tr

#: what a provider connection raises: QgsProviderConnectionException is no QgsException subclass in Python
_QGIS_ERRORS = (QgsException, QgsProviderConnectionException)

log = logging.getLogger(__name__)

SPATIAL = ("communes", "lieux")
TABLES = ("provenance", "references", "unmatched_codes", "lieux_unplaced")
KEYS = {"communes": "code_insee"}
GEOMETRY_COLUMN = "geom"
CRS = "EPSG:2154"
_PASSWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|[^\s'\"]+)", re.I)
_URL_PASSWORD = re.compile(r"(postgres(?:ql)?://[^:/@\s]+:)([^@\s]+)(@)", re.I)
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class PublishError(MedrcvlError):
    """The server refused an operation, or the connection could not be resolved or opened."""


@dataclass
class PublishResult:
    """What was published: schema, vintage, row counts per table, styles, masked connection."""

    schema: str
    vintage: str
    counts: dict[str, int] = field(default_factory=dict)
    styles: list[str] = field(default_factory=list)
    connection: str = ""  # masked
    messages: list[str] = field(default_factory=list)


def mask(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every password (conninfo ``password=``, URL ``user:pw@``, known secrets) masked."""
    text = _PASSWORD.sub(r"\1'********'", str(text))
    text = _URL_PASSWORD.sub(r"\1********\3", text)
    for secret in secrets:
        if secret and len(secret) >= 3:
            text = text.replace(secret, "********")
    return text


def saved_connection(name: str) -> QgsDataSourceUri:
    """The URI of the QGIS saved PostgreSQL connection ``name`` (Settings › PostgreSQL/connections)."""
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    try:
        return QgsDataSourceUri(metadata.findConnection(name).uri())
    except (*_QGIS_ERRORS, AttributeError):
        pass
    settings = QgsSettings()
    key = f"PostgreSQL/connections/{name}"
    if not settings.contains(f"{key}/database") and not settings.contains(f"{key}/service"):
        raise PublishError(
            tr("No saved PostgreSQL connection named {n} in the QGIS settings.").format(n=name)
        )
    uri = QgsDataSourceUri()
    value = lambda k: str(settings.value(f"{key}/{k}", "") or "")  # noqa: E731
    service = value("service")
    if service:
        uri.setConnection(
            service,
            value("database"),
            value("username"),
            value("password"),
            QgsDataSourceUri.SslMode.SslPrefer,
            value("authcfg"),
        )
    else:
        uri.setConnection(
            value("host"),
            value("port") or "5432",
            value("database"),
            value("username"),
            value("password"),
            QgsDataSourceUri.SslMode.SslPrefer,
            value("authcfg"),
        )
    return uri


def connection_names() -> list[str]:
    """Names of the saved PostgreSQL connections of the QGIS profile."""
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    try:
        return sorted(metadata.connections(False).keys())
    except (*_QGIS_ERRORS, AttributeError):
        settings = QgsSettings()
        settings.beginGroup("PostgreSQL/connections")
        names = settings.childGroups()
        settings.endGroup()
        return sorted(names)


def resolve_uri(connection: str | None = None, uri: str | None = None) -> QgsDataSourceUri:
    """The base URI from a saved connection name or a conninfo/service/authcfg string."""
    if connection:
        return saved_connection(connection)
    if uri:
        text = uri.strip()
        if text.startswith(("postgres://", "postgresql://")) or "=" not in text:
            raise DataFormatError(
                tr(
                    "Unsupported PostgreSQL connection string {u}: expected a conninfo such as "
                    '"service=NAME", "host=H port=P dbname=D authcfg=ID".'
                ).format(u=mask(text)),
                field="uri",
            )
        return QgsDataSourceUri(text)
    raise DataFormatError(
        tr("Give a saved PostgreSQL connection name or a connection string."), field="connection"
    )


def identifier(text: str, what: str) -> str:
    """A lower-case PostgreSQL identifier; DataFormatError when ``text`` cannot be one."""
    value = re.sub(r"[^0-9a-z_]+", "_", text.strip().lower()).strip("_")
    if not (_IDENTIFIER.match(value) or (what == "vintage" and re.match(r"^[0-9a-z_]{1,40}$", value))):
        raise DataFormatError(
            tr("Invalid {w} {t}: use letters, digits and underscores.").format(w=what, t=text), field=what
        )
    return value


class _Publisher:
    """One publication run: keeps the masked connection and the secrets to hide."""

    def __init__(self, base: QgsDataSourceUri, feedback: QgsFeedback | None) -> None:
        self.base = base
        self.feedback = feedback
        self.secrets = [base.password()]
        self.label = mask(base.uri(False), self.secrets)
        self.messages: list[str] = []
        metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
        reasons: list[str] = []  # QGIS logs libpq's reason; its exception only repeats the conninfo

        def record(message: str, tag: str = "", *_args) -> None:
            if tag == "PostGIS":
                reasons.append(str(message).strip())

        messages = QgsApplication.messageLog()
        messages.messageReceived.connect(record)
        try:
            self.conn: QgsAbstractDatabaseProviderConnection = metadata.createConnection(base.uri(False), {})
            self.conn.executeSql("SELECT 1")
        except _QGIS_ERRORS as error:
            reason = reasons[-1] if reasons else str(error)
            raise PublishError(
                tr("Cannot connect to the PostgreSQL database {c}: {e}").format(
                    c=self.label, e=self.mask(reason)
                )
            ) from None
        finally:
            messages.messageReceived.disconnect(record)

    def mask(self, text: str) -> str:
        return mask(text, self.secrets)

    def say(self, text: str) -> None:
        text = self.mask(text)
        self.messages.append(text)
        log.info(text)

    def check(self) -> None:
        if self.feedback is not None and self.feedback.isCanceled():
            raise CancelledError(tr("Publication cancelled by the user."))

    def sql(self, statement: str) -> list:
        try:
            return self.conn.executeSql(statement)
        except _QGIS_ERRORS as error:
            raise PublishError(
                tr("The database {c} refused the query: {e}").format(c=self.label, e=self.mask(str(error)))
            ) from None

    def call(self, method: str, *args):
        """``self.conn.<method>(*args)``; a refusal becomes a PublishError with the password masked."""
        try:
            return getattr(self.conn, method)(*args)
        except _QGIS_ERRORS as error:
            raise PublishError(
                tr("The database {c} refused {m}: {e}").format(
                    c=self.label, m=method, e=self.mask(str(error))
                )
            ) from None

    def table_uri(self, schema: str, table: str, geometry: str | None, key: str) -> QgsDataSourceUri:
        uri = QgsDataSourceUri(self.base.uri(False))
        uri.setDataSource(schema, table, geometry or "", "", key)
        return uri

    def export(self, source: QgsVectorLayer, schema: str, table: str, spatial: bool) -> int:
        """Copy ``source`` into ``schema.table``; return the row count on the server."""
        key = KEYS.get(table, "fid")
        uri = self.table_uri(schema, table, GEOMETRY_COLUMN if spatial else None, key)
        crs = QgsCoordinateReferenceSystem(CRS) if spatial else QgsCoordinateReferenceSystem()
        options = {"overwrite": False, "lowercaseFieldNames": True, "forceSinglePartGeometryType": False}
        result, error = QgsVectorLayerExporter.exportLayer(
            source, uri.uri(False), "postgres", crs, False, options, self.feedback
        )
        self.check()
        if result != Qgis.VectorExportResult.Success:
            raise PublishError(
                tr("Could not publish {t} into {s} on {c}: {e}").format(
                    t=table, s=schema, c=self.label, e=self.mask(error)
                )
            )
        if spatial:
            options = QgsAbstractDatabaseProviderConnection.SpatialIndexOptions()
            options.geometryColumn = GEOMETRY_COLUMN
            if not self.call("spatialIndexExists", schema, table, GEOMETRY_COLUMN):
                self.call("createSpatialIndex", schema, table, options)
        count = int(self.sql(f'SELECT count(*) FROM "{schema}"."{table}"')[0][0])
        self.say(tr("Published {t}: {n} rows into {s}.{t}").format(t=table, n=count, s=schema))
        return count

    def save_style(self, source: QgsVectorLayer, schema: str, table: str, vintage: str) -> str:
        """Copy the GeoPackage layer's style to the published table as its default style in layer_styles."""
        uri = self.table_uri(schema, table, GEOMETRY_COLUMN, KEYS.get(table, "fid"))
        layer = QgsVectorLayer(uri.uri(False), table, "postgres")
        if not layer.isValid():
            raise PublishError(
                tr("The published table {s}.{t} cannot be opened on {c}.").format(
                    s=schema, t=table, c=self.label
                )
            )
        _copy_style(source, layer)
        name = f"medrcvl {table} {vintage}"
        description = tr("MedRCVL diagnostic, vintage {v}").format(v=vintage)
        error = compat.save_style_to_database(layer, name, description)
        if error:
            raise PublishError(
                tr("Could not save the style of {t} into layer_styles: {e}").format(
                    t=table, e=self.mask(error)
                )
            )
        return name


def _copy_style(source: QgsVectorLayer, target: QgsVectorLayer) -> None:
    """Give ``target`` the symbology, labels and field aliases of ``source``."""
    document = QDomDocument("qgis")
    error = source.exportNamedStyle(document)
    if error:
        log.warning(tr("The style of {n} could not be read: {e}").format(n=source.name(), e=error))
        return
    ok, error = target.importNamedStyle(document)
    if not ok:
        log.warning(tr("The style of {n} could not be applied: {e}").format(n=source.name(), e=error))


def default_vintage() -> str:
    """The vintage used when none is given: the current year."""
    return str(datetime.date.today().year)


def _source_layer(gpkg: Path, name: str) -> QgsVectorLayer | None:
    from ..sets import current

    layer = QgsVectorLayer(f"{current(gpkg)}|layername={name}", name, "ogr")
    return layer if layer.isValid() else None


def publish(
    gpkg_path: Path,
    *,
    connection: str | None = None,
    uri: str | None = None,
    schema: str = "medrcvl",
    vintage: str | None = None,
    overwrite: bool = False,
    feedback: QgsFeedback | None = None,
) -> PublishResult:
    """Publish the diagnostic ``gpkg_path`` into schema ``<schema>_<vintage>`` of a PostGIS database."""
    gpkg = Path(gpkg_path)
    from ..sets import current, fault_point

    sources = {name: _source_layer(gpkg, name) for name in SPATIAL + TABLES} if current(gpkg).exists() else {}
    missing = [name for name in SPATIAL if sources.get(name) is None]
    if missing:
        raise DataFormatError(
            tr("The diagnostic GeoPackage {p} has no layer {n}.").format(p=gpkg, n=", ".join(missing)),
            source=str(gpkg),
            field=missing[0],
        )
    base_schema = identifier(schema, "schema")
    vintage = identifier(vintage or default_vintage(), "vintage")
    target = identifier(f"{base_schema}_{vintage}", "schema")
    run = _Publisher(resolve_uri(connection, uri), feedback)
    result = PublishResult(target, vintage, connection=run.label)
    schemas = run.call("schemas")
    if target in schemas and not overwrite:
        raise OutputExistsError(
            tr(
                "Vintage {v} is already published in schema {s} of {c}; allow " "overwriting to replace it."
            ).format(v=vintage, s=target, c=run.label)
        )
    prefix = staging_prefix(target)
    for leftover in (name for name in schemas if name.startswith(prefix)):
        run.say(tr("Removing schema {s}, left by an interrupted publication").format(s=leftover))
        _drop_staging(run, leftover)
    staging = identifier(f"{prefix}{os.getpid()}", "schema")
    run.call("createSchema", staging)
    try:
        steps = [name for name in SPATIAL + TABLES if sources.get(name) is not None]
        for number, name in enumerate(steps):
            run.check()
            result.counts[name] = run.export(sources[name], staging, name, name in SPATIAL)
            if feedback is not None:
                feedback.setProgress(100.0 * (number + 1) / (len(steps) + 1))
        for name in SPATIAL:
            result.styles.append(run.save_style(sources[name], staging, name, vintage))
        run.check()
        fault_point("postgis:staged")
        if target in schemas:
            run.say(tr("Replacing vintage {v} in schema {s}").format(v=vintage, s=target))
        _swap(run, staging, base_schema, target, vintage, gpkg, result.counts)
    except BaseException:
        _drop_staging(run, staging)
        raise
    run.say(tr("Vintage {v} published in schema {s} of {c}").format(v=vintage, s=target, c=run.label))
    result.messages = run.messages
    if feedback is not None:
        feedback.setProgress(100)
    return result


def staging_prefix(target: str) -> str:
    """The name prefix of the schemas a publication of ``target`` fills before swapping them in."""
    return f"{target[:45]}__part"


def _drop_staging(run: _Publisher, staging: str) -> None:
    """Remove a staging schema and its styles (errors only logged: the published data are intact)."""
    try:
        run.sql(f'DROP SCHEMA IF EXISTS "{staging}" CASCADE')
        if _table_exists(run, "public", "layer_styles"):
            run.sql(f"DELETE FROM public.layer_styles WHERE f_table_schema = {_quote(staging)}")
    except MedrcvlError as error:
        log.warning("%s", error)


def _table_exists(run: _Publisher, schema: str, table: str) -> bool:
    rows = run.sql(
        "SELECT count(*) FROM information_schema.tables "
        f"WHERE table_schema = '{schema}' AND table_name = '{table}'"
    )
    return int(rows[0][0]) > 0


def _quote(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _swap(
    run: _Publisher,
    staging: str,
    base_schema: str,
    target: str,
    vintage: str,
    gpkg: Path,
    counts: dict[str, int],
) -> None:
    """In one transaction: replace the vintage's schema by the staging one, move its styles and
    upsert the vintage into ``<schema>.publications`` (one multi-statement query is one transaction)."""
    styles = _table_exists(run, "public", "layer_styles")
    statements = [
        f'DROP SCHEMA IF EXISTS "{target}" CASCADE',
        f'ALTER SCHEMA "{staging}" RENAME TO "{target}"',
    ]
    if styles:
        statements += [
            f"DELETE FROM public.layer_styles WHERE f_table_schema = {_quote(target)}",
            f"UPDATE public.layer_styles SET f_table_schema = {_quote(target)} "
            f"WHERE f_table_schema = {_quote(staging)}",
        ]
    statements += [
        f'CREATE SCHEMA IF NOT EXISTS "{base_schema}"',
        f'CREATE TABLE IF NOT EXISTS "{base_schema}".publications (vintage text PRIMARY KEY, '
        "schema_name text NOT NULL, published_at timestamptz NOT NULL DEFAULT now(), "
        "source_file text, communes integer, lieux integer)",
        f'INSERT INTO "{base_schema}".publications (vintage, schema_name, source_file, communes, lieux) '
        f"VALUES ({_quote(vintage)}, {_quote(target)}, {_quote(gpkg.name)}, "
        f"{int(counts.get('communes', 0))}, {int(counts.get('lieux', 0))}) "
        "ON CONFLICT (vintage) DO UPDATE SET schema_name = EXCLUDED.schema_name, "
        "published_at = now(), source_file = EXCLUDED.source_file, communes = EXCLUDED.communes, "
        "lieux = EXCLUDED.lieux",
    ]
    run.sql(";\n".join(statements))
