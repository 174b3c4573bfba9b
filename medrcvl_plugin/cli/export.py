"""Export a diagnostic: tables for partners, national standard, quality report, PostGIS."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from qgis.core import QgsProcessingFeedback

from ..core.base.errors import DataFormatError, MedrcvlError
from ..core.base.i18n import tr

FORMATS = ("csv", "xlsx", "standard", "quality", "postgis")
STANDARD_NAME = "lieux-standard.csv"
QUALITY_NAME = "qualite-lieux.csv"
QUALITY_HEADERS = {"lieu_id": "Identifiant du lieu", "nom": "Nom", "issue": "Problème", "detail": "Détail"}
ENV_CONNECTION = "MEDRCVL_PG_CONNECTION"
ENV_URI = "MEDRCVL_PG_URI"


def add_postgis_arguments(parser: argparse.ArgumentParser) -> None:
    """The PostGIS options (also usable by ``diagnose --export postgis``)."""
    parser.add_argument("--pg-connection", metavar="NAME",
                        help=tr("name of a saved PostgreSQL connection of QGIS "
                                "(or env MEDRCVL_PG_CONNECTION)"))
    parser.add_argument("--pg-uri", metavar="URI",
                        help=tr("PostgreSQL conninfo, e.g. \"service=partage\" or \"host=H dbname=D "
                                "authcfg=ID\" (or env MEDRCVL_PG_URI); avoid passwords: use a service, "
                                "an authcfg or PGPASSWORD"))
    parser.add_argument("--schema", default="medrcvl",
                        help=tr("schema prefix; data go to <schema>_<vintage>"))
    parser.add_argument("--vintage", help=tr("vintage published (default: the current year)"))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``export``."""
    parser.add_argument("--diagnostic", required=True, metavar="GPKG", help=tr("the diagnostic GeoPackage"))
    parser.add_argument("--out", metavar="DIR", help=tr("output folder (default: the GeoPackage's folder)"))
    parser.add_argument("--formats", default="csv,xlsx",
                        help=tr("comma-separated among csv, xlsx, standard, quality, postgis; "
                                "default: csv,xlsx"))
    add_postgis_arguments(parser)
    parser.add_argument("--overwrite", action="store_true",
                        help=tr("replace existing files (and an already published vintage)"))


def parse_formats(text: str | list[str] | None) -> list[str]:
    """The formats asked for, in a stable order; unknown ones raise DataFormatError."""
    items = text if isinstance(text, list) else (text or "").split(",")
    formats = [f.strip().lower() for f in items if f and f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise DataFormatError(tr("Unknown export format(s) {u}; choose among {k}.").format(
            u=", ".join(unknown), k=", ".join(FORMATS)), field="formats")
    return [f for f in FORMATS if f in formats]


def _places_layer(gpkg: Path, name: str = "lieux"):
    from ..core.output.exports.tables import open_layer

    return open_layer(gpkg, name)


def export_quality(gpkg: Path, out_dir: Path, overwrite: bool, feedback) -> Path:
    """The places' quality report as a French CSV (``;``, BOM) in ``out_dir``."""
    from ..core.indicators.quality import quality_report
    from ..core.output.exports.standard import frame_from_layer
    from ..core.output.exports.tables import Table, write_csv

    frame = frame_from_layer(_places_layer(gpkg))
    report = quality_report(frame, _places_layer(gpkg, "communes"), feedback=feedback)
    columns = list(report.columns)
    table = Table("qualite", [QUALITY_HEADERS.get(c, c) for c in columns], ["text"] * len(columns),
                  [[None if v is None or v != v else str(v) for v in row]
                   for row in report.itertuples(index=False)])
    return write_csv(table, out_dir / QUALITY_NAME, overwrite)


def planned_files(out_dir: Path, formats: list[str]) -> list[Path]:
    """The files the exports of ``formats`` write into ``out_dir`` (PostGIS writes none)."""
    from ..core.output.exports.tables import CSV_NAMES, XLSX_NAME

    out = Path(out_dir)
    files = [out / name for name in CSV_NAMES.values()] if "csv" in formats else []
    files += [out / XLSX_NAME] if "xlsx" in formats else []
    files += [out / STANDARD_NAME] if "standard" in formats else []
    files += [out / QUALITY_NAME] if "quality" in formats else []
    return files


def export_all(gpkg: Path, out_dir: Path, formats: list[str], args: argparse.Namespace,
               feedback: QgsProcessingFeedback | None) -> list[str]:
    """Run every export of ``formats``; return a line per output for the user.

    The files are checked before any work and swapped in together; PostGIS comes after them.
    """
    from ..core.output.sets import output_set

    overwrite = bool(getattr(args, "overwrite", False))
    files = [f for f in formats if f != "postgis"]
    if "postgis" in formats:
        postgis_target(args)  # before any work
    done: list[str] = []
    if files:
        with output_set(out_dir, overwrite, planned_files(out_dir, files)):
            done += _export_files(gpkg, Path(out_dir), files, overwrite, feedback)
    if "postgis" in formats:
        done.append(export_postgis(gpkg, args, feedback))
    return done


def _export_files(gpkg: Path, out_dir: Path, formats: list[str], overwrite: bool,
                  feedback: QgsProcessingFeedback | None) -> list[str]:
    """The file exports (csv, xlsx, standard, quality) of ``formats``."""
    done: list[str] = []
    tables = [f for f in formats if f in ("csv", "xlsx")]
    if tables:
        from ..core.output.exports.tables import export_tables

        done += [str(p) for p in export_tables(gpkg, out_dir, tables, overwrite=overwrite, feedback=feedback)]
    if "standard" in formats:
        from ..core.output.exports.standard import export_standard

        result = export_standard(_places_layer(gpkg), out_dir / STANDARD_NAME, overwrite=overwrite,
                                 feedback=feedback)
        done.append(tr("{p} ({n} places, {r} rejected)").format(p=result.path, n=result.rows,
                                                                r=len({p.line for p in result.rejected})))
    if "quality" in formats:
        done.append(str(export_quality(gpkg, out_dir, overwrite, feedback)))
    return done


def postgis_target(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """(saved connection, conninfo) of the PostGIS export; MedrcvlError when neither is given."""
    connection = getattr(args, "pg_connection", None) or os.environ.get(ENV_CONNECTION) or None
    uri = getattr(args, "pg_uri", None) or os.environ.get(ENV_URI) or None
    if not connection and not uri:
        raise MedrcvlError(tr("The postgis export needs --pg-connection NAME or --pg-uri URI "
                              "(or the environment variable MEDRCVL_PG_CONNECTION or MEDRCVL_PG_URI)."))
    return connection, uri


def export_postgis(gpkg: Path, args: argparse.Namespace, feedback: QgsProcessingFeedback | None) -> str:
    """Publish ``gpkg`` to PostGIS with the connection options of ``args``; the line to print."""
    from ..core.output.exports.postgis import publish

    overwrite = bool(getattr(args, "overwrite", False))
    connection, uri = postgis_target(args)
    schema = getattr(args, "schema", None) or "medrcvl"
    result = publish(gpkg, connection=connection, uri=uri, schema=schema,
                     vintage=getattr(args, "vintage", None), overwrite=overwrite, feedback=feedback)
    return tr("PostGIS schema {s} on {c}: {n} communes, {l} places").format(
        s=result.schema, c=result.connection, n=result.counts.get("communes", 0),
        l=result.counts.get("lieux", 0))


def run_for_diagnostic(gpkg: Path, out_dir: Path, args: argparse.Namespace,
                       feedback: QgsProcessingFeedback | None) -> int:
    """The exports of ``diagnose --export``: ``args.export_formats`` (or ``args.export``) into ``out_dir``."""
    formats = parse_formats(getattr(args, "export_formats", None) or getattr(args, "export", None)
                            or getattr(args, "formats", None))
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    for line in export_all(Path(gpkg), Path(out_dir), formats, args, feedback):
        print(tr("Exported: {x}").format(x=line), flush=True)
    return 0


def run(args: argparse.Namespace, feedback: QgsProcessingFeedback) -> int:
    """``python -m medrcvl_plugin export --diagnostic out/diagnostic.gpkg --formats csv,xlsx``."""
    from .app import check_outputs, diagnostic_paths

    gpkg, out_dir = diagnostic_paths(args)
    args.export_formats = parse_formats(args.formats)
    check_outputs(planned_files(out_dir, args.export_formats), bool(args.overwrite))
    return run_for_diagnostic(gpkg, out_dir, args, feedback)
