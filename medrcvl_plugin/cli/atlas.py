"""Print the French PDF atlas of a diagnostic (cover + one page per commune)."""

from __future__ import annotations

import argparse
from pathlib import Path

from qgis.core import QgsProcessingFeedback

from ..core.base.errors import DataFormatError
from ..core.base.i18n import tr
from ..core.output.atlas.options import ORDERS, ORIENTATIONS, AtlasOptions


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``atlas``."""
    parser.add_argument("--diagnostic", required=True, metavar="GPKG", help=tr("the diagnostic GeoPackage"))
    parser.add_argument("--out", metavar="DIR", help=tr("output folder (default: the GeoPackage's folder)"))
    parser.add_argument(
        "--per-commune", action="store_true", help=tr("one PDF per commune instead of one atlas")
    )
    parser.add_argument(
        "--order",
        choices=ORDERS,
        default="name",
        help=tr("page order: commune name or fragility score (most fragile first)"),
    )
    parser.add_argument(
        "--filter",
        metavar="EXPR",
        default="",
        help=tr('QGIS expression selecting communes, e.g. "flag_priority" = 1'),
    )
    parser.add_argument("--dpi", type=int, default=150, help=tr("resolution of the maps (default 150)"))
    parser.add_argument("--orientation", choices=ORIENTATIONS, default="portrait", help=tr("A4 orientation"))
    parser.add_argument(
        "--template", metavar="QPT", help=tr("a layout template made from resources/atlas.qpt")
    )
    parser.add_argument("--overwrite", action="store_true", help=tr("replace existing files"))


def options_from_args(args: argparse.Namespace) -> AtlasOptions:
    """AtlasOptions from parsed arguments (``diagnose`` arguments lack most: defaults then)."""
    dpi = int(getattr(args, "dpi", None) or 150)
    if not 30 <= dpi <= 1200:
        raise DataFormatError(tr("--dpi must be between 30 and 1200, not {d}").format(d=dpi), field="dpi")
    template = getattr(args, "template", None)
    return AtlasOptions(
        per_commune=bool(getattr(args, "per_commune", False)),
        order=getattr(args, "order", None) or "name",
        filter_expression=getattr(args, "filter", None) or "",
        dpi=dpi,
        orientation=getattr(args, "orientation", None) or "portrait",
        template=Path(template).expanduser() if template else None,
        overwrite=bool(getattr(args, "overwrite", False)),
    )


def target_of(out_dir: Path, options: AtlasOptions) -> Path:
    """Where the atlas goes: ``out_dir`` (atlas.pdf) or ``out_dir/atlas`` (one PDF per commune)."""
    return Path(out_dir) / "atlas" if options.per_commune else Path(out_dir)


def planned_files(out_dir: Path, args: argparse.Namespace) -> list[Path]:
    """The files the atlas step writes into ``out_dir`` (for the checks made before any work)."""
    from ..core.output.atlas.export import planned_files as atlas_files

    options = options_from_args(args)
    return atlas_files(target_of(out_dir, options), options)


def atlas_step(
    gpkg: Path, out_dir: Path, args: argparse.Namespace, feedback: QgsProcessingFeedback | None
) -> list[str]:
    """Export the atlas of ``gpkg`` into ``out_dir``; return the lines to print once it is in place."""
    from ..core.output.atlas import export_atlas

    options = options_from_args(args)
    result = export_atlas(Path(gpkg), target_of(out_dir, options), options, feedback)
    return [
        tr("Atlas: {n} pages").format(n=result.pages),
        *(tr("Written: {p}").format(p=path) for path in result.files),
    ]


def run_for_diagnostic(
    gpkg: Path, out_dir: Path, args: argparse.Namespace, feedback: QgsProcessingFeedback | None
) -> int:
    """The atlas of ``diagnose --atlas`` (or of ``atlas``) written into ``out_dir``."""
    for line in atlas_step(gpkg, out_dir, args, feedback):
        print(line, flush=True)
    return 0


def run(args: argparse.Namespace, feedback: QgsProcessingFeedback) -> int:
    """``python -m medrcvl_plugin atlas --diagnostic out/diagnostic.gpkg --out out/``."""
    from .app import check_outputs, diagnostic_paths

    gpkg, out_dir = diagnostic_paths(args)
    check_outputs(planned_files(out_dir, args), bool(args.overwrite))
    return run_for_diagnostic(gpkg, out_dir, args, feedback)
