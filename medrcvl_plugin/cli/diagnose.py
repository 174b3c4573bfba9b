"""Build the digital-fragility diagnostic of a territory into a GeoPackage."""

from __future__ import annotations

import argparse
from pathlib import Path

from qgis.core import QgsProcessingFeedback

from ..core.base.errors import MedrcvlError
from ..core.base.i18n import tr
from ..core.output.exports.run import parse_formats
from ..core.output.exports.run import planned_files as export_files
from . import atlas, export

ALGORITHM = "medrcvl:diagnostic"
GPKG_NAME = "diagnostic.gpkg"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``diagnose``."""
    territory = parser.add_mutually_exclusive_group(required=True)
    territory.add_argument("--epci", metavar="SIREN", help=tr("EPCI SIREN code, e.g. 200043081"))
    territory.add_argument("--departement", metavar="CODE", help=tr("département code, e.g. 37"))
    territory.add_argument("--region", metavar="CODE", help=tr("region code, e.g. 24"))
    territory.add_argument("--communes", metavar="CODES", help=tr("comma-separated INSEE commune codes"))
    territory.add_argument(
        "--commune-layer", metavar="FILE", help=tr("your own commune layer (any OGR file)")
    )
    parser.add_argument("--code-field", metavar="FIELD", help=tr("INSEE code field of --commune-layer"))
    parser.add_argument(
        "--out",
        default="out",
        metavar="DIR_OR_GPKG",
        help=tr("output folder (writes diagnostic.gpkg) or .gpkg file; default: out"),
    )
    parser.add_argument("--mirror", metavar="DIR_OR_URL", help=tr("data mirror laid out like ../shared/data"))
    parser.add_argument("--ifn", metavar="FILE_OR_URL", help=tr("fragility-index CSV (communes)"))
    parser.add_argument("--ifn-epci", metavar="FILE_OR_URL", help=tr("fragility-index CSV (EPCI)"))
    parser.add_argument("--arcep", metavar="FILE_OR_URL", help=tr("ARCEP commune_techno CSV"))
    parser.add_argument("--arcep-debit", metavar="FILE_OR_URL", help=tr("ARCEP commune_debit_filaire CSV"))
    parser.add_argument(
        "--arcep-best", metavar="FILE_OR_URL", help=tr("ARCEP commune_meilleure_techno_thd CSV")
    )
    parser.add_argument(
        "--places",
        metavar="FILE_OR_URL",
        help=tr("digital-mediation places in the national standard CSV layout"),
    )
    parser.add_argument("--france-services", metavar="FILE_OR_URL", help=tr("France services list CSV"))
    parser.add_argument(
        "--cog", metavar="FILE_OR_URL", help=tr("INSEE COG communes CSV (v_commune_YYYY.csv) or the COG zip")
    )
    parser.add_argument(
        "--cog-movements",
        metavar="FILE_OR_URL",
        help=tr("INSEE COG commune events CSV (v_mvt_commune_YYYY.csv) or the COG zip"),
    )
    parser.add_argument(
        "--population",
        metavar="FILE_OR_URL",
        help=tr("INSEE legal populations (donnees_communes.csv or ensemble.zip)"),
    )
    parser.add_argument(
        "--epci-composition",
        metavar="FILE_OR_URL",
        help=tr("DGCL EPCI composition workbook (epcicomYYYY.xlsx)"),
    )
    parser.add_argument("--cnfs", metavar="FILE_OR_URL", help=tr("Conseillers numériques structures CSV"))
    parser.add_argument("--aidants-connect", metavar="FILE_OR_URL", help=tr("Aidants Connect structures CSV"))
    parser.add_argument(
        "--ifn-threshold",
        type=float,
        metavar="SCORE",
        help=tr("fragility score from which a commune can be a priority (default 6.5)"),
    )
    parser.add_argument(
        "--distance-km",
        type=float,
        metavar="KM",
        help=tr("priority when no mediation place lies within KM (default 5)"),
    )
    parser.add_argument(
        "--dissolve",
        action="store_true",
        help=tr("dissolve the communes of an old --commune-layer into current ones"),
    )
    parser.add_argument("--overwrite", action="store_true", help=tr("replace existing outputs"))
    parser.add_argument("--atlas", action="store_true", help=tr("also print the PDF atlas into the folder"))
    parser.add_argument(
        "--export",
        metavar="FORMATS",
        help=tr("also export: comma-separated among csv, xlsx, standard, quality, postgis"),
    )


def output_paths(out: str) -> tuple[Path, Path]:
    """(GeoPackage, output folder) for ``--out`` (a folder or a ``.gpkg`` file)."""
    target = Path(out).expanduser()
    if target.suffix.lower() == ".gpkg":
        return target, target.parent
    return target / GPKG_NAME, target


def territory_parameters(args: argparse.Namespace) -> dict:
    """TERRITORY_KIND / TERRITORY / COMMUNE_LAYER / CODE_FIELD of the diagnostic algorithm."""
    from ..processing.algorithms.diagnostic import TERRITORY_KINDS

    if args.commune_layer:
        if not args.code_field:
            raise MedrcvlError(tr("--commune-layer needs --code-field (the field holding INSEE codes)."))
        if not Path(args.commune_layer).exists():
            raise MedrcvlError(tr("The commune layer {p} does not exist.").format(p=args.commune_layer))
        return {
            "TERRITORY_KIND": TERRITORY_KINDS.index("layer"),
            "TERRITORY": "",
            "COMMUNE_LAYER": str(Path(args.commune_layer).resolve()),
            "CODE_FIELD": args.code_field,
        }
    for kind in ("epci", "departement", "region", "communes"):
        value = getattr(args, kind)
        if value:
            return {"TERRITORY_KIND": TERRITORY_KINDS.index(kind), "TERRITORY": value.strip()}
    raise MedrcvlError(
        tr("Choose a territory: --epci, --departement, --region, --communes or " "--commune-layer.")
    )


def planned_files(gpkg: Path, out_dir: Path, args: argparse.Namespace) -> list[Path]:
    """Every file of the run: the GeoPackage, then the atlas' and the exports' (checked before any work)."""
    files = [gpkg]
    if args.atlas:
        files += atlas.planned_files(out_dir, args)
    files += export_files(out_dir, args.export_formats)
    if "postgis" in args.export_formats:
        export.postgis_target(args)
    return files


def run(args: argparse.Namespace, feedback: QgsProcessingFeedback) -> int:
    """Run ``medrcvl:diagnostic`` then the optional atlas and exports; return the exit code.

    Every output is checked before any work (refused at once, with the list); the GeoPackage, the atlas
    files and the exported files are written as temporaries and swapped in together at the end, so
    that a failure or a kill leaves the previous outputs as they were. PostGIS comes last.
    """
    from qgis import processing

    from ..core.output.sets import output_set
    from .app import check_outputs

    gpkg, out_dir = output_paths(args.out)
    args.export_formats = parse_formats(args.export)
    planned = planned_files(gpkg, out_dir, args)
    check_outputs(planned, args.overwrite)
    parameters = territory_parameters(args)
    parameters.update(
        {
            "MIRROR": args.mirror or "",
            "IFN_LOCATION": args.ifn or "",
            "IFN_EPCI_LOCATION": args.ifn_epci or "",
            "ARCEP_TECHNO_LOCATION": args.arcep or "",
            "ARCEP_DEBIT_LOCATION": args.arcep_debit or "",
            "ARCEP_BEST_LOCATION": args.arcep_best or "",
            "PLACES_LOCATION": args.places or "",
            "FRANCE_SERVICES_LOCATION": args.france_services or "",
            "COG_LOCATION": args.cog or "",
            "COG_MOVEMENTS_LOCATION": args.cog_movements or "",
            "POPULATION_LOCATION": args.population or "",
            "EPCI_COMPOSITION_LOCATION": args.epci_composition or "",
            "CNFS_LOCATION": getattr(args, "cnfs", None) or "",
            "AIDANTS_CONNECT_LOCATION": getattr(args, "aidants_connect", None) or "",
            "LAYER_MODE": 1 if args.dissolve else 0,
            "OUTPUT": str(gpkg.resolve()),
            "OVERWRITE": args.overwrite,
        }
    )
    if args.ifn_threshold is not None:
        parameters["IFN_THRESHOLD"] = args.ifn_threshold
    if args.distance_km is not None:
        parameters["DISTANCE_KM"] = args.distance_km
    files = [f for f in args.export_formats if f != "postgis"]
    lines: list[str] = []
    with output_set(out_dir, args.overwrite, planned):
        results = processing.run(ALGORITHM, parameters, feedback=feedback)
        lines.append(
            tr("Diagnostic written to {p}: {c} communes, {l} places, {u} unmatched codes.").format(
                p=gpkg,
                c=int(results.get("COMMUNE_COUNT") or 0),
                l=int(results.get("LIEUX_COUNT") or 0),
                u=int(results.get("UNMATCHED_COUNT") or 0),
            )
        )
        missing = str(results.get("MISSING") or "")
        if missing:
            lines.append(tr("Datasets missing, their fields left empty: {m}").format(m=missing))
        if args.atlas:
            lines += atlas.atlas_step(gpkg, out_dir, args, feedback)
        if files:
            lines += [
                tr("Exported: {x}").format(x=x)
                for x in export.export_all(gpkg, out_dir, files, args, feedback)
            ]
    for line in lines:  # printed once everything is in place
        print(line, flush=True)
    if "postgis" in args.export_formats:
        print(tr("Exported: {x}").format(x=export.export_postgis(gpkg, args, feedback)), flush=True)
    return 0
