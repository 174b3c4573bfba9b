"""Export a diagnostic: tables for partners, national standard, quality report, PostGIS.

The options are read here; the exports themselves are ``core.exports.run``'s (shared with the dialog)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from qgis.core import QgsProcessingFeedback

from ..core.base.errors import MedrcvlError
from ..core.base.i18n import tr
from ..core.output.exports import run as core_exports
from ..core.output.exports.run import PostgisTarget, parse_formats, planned_files

ENV_CONNECTION = "MEDRCVL_PG_CONNECTION"
ENV_URI = "MEDRCVL_PG_URI"


def add_postgis_arguments(parser: argparse.ArgumentParser) -> None:
    """The PostGIS options (also usable by ``diagnose --export postgis``)."""
    parser.add_argument(
        "--pg-connection",
        metavar="NAME",
        help=tr("name of a saved PostgreSQL connection of QGIS " "(or env MEDRCVL_PG_CONNECTION)"),
    )
    parser.add_argument(
        "--pg-uri",
        metavar="URI",
        help=tr(
            'PostgreSQL conninfo, e.g. "service=partage" or "host=H dbname=D '
            'authcfg=ID" (or env MEDRCVL_PG_URI); avoid passwords: use a service, '
            "an authcfg or PGPASSWORD"
        ),
    )
    parser.add_argument(
        "--schema", default="medrcvl", help=tr("schema prefix; data go to <schema>_<vintage>")
    )
    parser.add_argument("--vintage", help=tr("vintage published (default: the current year)"))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``export``."""
    parser.add_argument("--diagnostic", required=True, metavar="GPKG", help=tr("the diagnostic GeoPackage"))
    parser.add_argument("--out", metavar="DIR", help=tr("output folder (default: the GeoPackage's folder)"))
    parser.add_argument(
        "--formats",
        default="csv,xlsx",
        help=tr("comma-separated among csv, xlsx, standard, quality, postgis; " "default: csv,xlsx"),
    )
    add_postgis_arguments(parser)
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help=tr("replace existing files (and an already published vintage)"),
    )


def postgis_target(args: argparse.Namespace) -> PostgisTarget:
    """The PostGIS target of ``args`` (or the environment); MedrcvlError when no connection is given."""
    connection = getattr(args, "pg_connection", None) or os.environ.get(ENV_CONNECTION) or None
    uri = getattr(args, "pg_uri", None) or os.environ.get(ENV_URI) or None
    if not connection and not uri:
        raise MedrcvlError(
            tr(
                "The postgis export needs --pg-connection NAME or --pg-uri URI "
                "(or the environment variable MEDRCVL_PG_CONNECTION or MEDRCVL_PG_URI)."
            )
        )
    return PostgisTarget(
        connection=connection,
        uri=uri,
        schema=getattr(args, "schema", None) or "medrcvl",
        vintage=getattr(args, "vintage", None),
    )


def export_all(
    gpkg: Path,
    out_dir: Path,
    formats: list[str],
    args: argparse.Namespace,
    feedback: QgsProcessingFeedback | None,
) -> list[str]:
    """``core.exports.run.export_all`` with the options of ``args``; a line per output."""
    target = postgis_target(args) if "postgis" in formats else None
    overwrite = bool(getattr(args, "overwrite", False))
    return core_exports.export_all(
        gpkg, out_dir, formats, overwrite=overwrite, postgis=target, feedback=feedback
    )


def export_postgis(gpkg: Path, args: argparse.Namespace, feedback: QgsProcessingFeedback | None) -> str:
    """Publish ``gpkg`` to PostGIS with the connection options of ``args``; the line to print."""
    overwrite = bool(getattr(args, "overwrite", False))
    return core_exports.export_postgis(gpkg, postgis_target(args), overwrite, feedback)


def run_for_diagnostic(
    gpkg: Path, out_dir: Path, args: argparse.Namespace, feedback: QgsProcessingFeedback | None
) -> int:
    """The exports of ``diagnose --export``: ``args.export_formats`` (or ``args.export``) into ``out_dir``."""
    formats = parse_formats(
        getattr(args, "export_formats", None)
        or getattr(args, "export", None)
        or getattr(args, "formats", None)
    )
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
