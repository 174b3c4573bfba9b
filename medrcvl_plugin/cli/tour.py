"""Plan an itinerant service: K stops serving the remote fragile communes of a diagnostic."""

from __future__ import annotations

import argparse
from pathlib import Path

from qgis.core import QgsProcessingFeedback

from ..core.base.errors import DataFormatError
from ..core.base.i18n import tr


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``tour``."""
    parser.add_argument("--diagnostic", required=True, metavar="GPKG", help=tr("the diagnostic GeoPackage"))
    parser.add_argument("--stops", required=True, type=int, metavar="K", help=tr("number of stops"))
    parser.add_argument(
        "--radius-km",
        type=float,
        default=10.0,
        metavar="R",
        help=tr("a commune is served within R km of a stop (default 10)"),
    )
    parser.add_argument(
        "--beyond-km",
        type=float,
        default=5.0,
        metavar="X",
        help=tr("demand: communes farther than X km from any fixed place (default 5)"),
    )
    parser.add_argument(
        "--candidates",
        metavar="FILE",
        help=tr(
            "candidate stops: a point file (GeoPackage, GeoJSON, CSV with lon/lat); " "default: every commune"
        ),
    )
    parser.add_argument(
        "--roads", metavar="FILE", help=tr("road lines for road distances (default: straight line)")
    )
    parser.add_argument("--no-atlas", action="store_true", help=tr("do not write the PDF page"))
    parser.add_argument("--out", metavar="DIR", help=tr("output folder (default: the GeoPackage's folder)"))
    parser.add_argument("--overwrite", action="store_true", help=tr("replace existing files"))


def load_layer(path: str, what: str):
    """A vector layer of a file (CSV: delimited text with lon/lat columns)."""
    from qgis.core import QgsVectorLayer

    file = Path(path).expanduser()
    if not file.exists():
        raise DataFormatError(
            tr("The {what} file {p} does not exist.").format(what=what, p=file), source=str(file)
        )
    if file.suffix.lower() == ".csv":
        header = file.read_text(encoding="utf-8-sig").splitlines()[0].lower()
        names = [n.strip().strip('"') for n in header.split(",")]
        x = next((n for n in names if n.endswith(("lon", "longitude", "_x")) or n in ("x", "lng")), None)
        y = next((n for n in names if n.endswith(("lat", "latitude", "_y")) or n == "y"), None)
        if not x or not y:
            raise DataFormatError(
                tr("{p}: line 1: no longitude/latitude columns (expected e.g. lon, lat).").format(p=file),
                source=str(file),
                line=1,
            )
        uri = f"{file.as_uri()}?delimiter=,&xField={x}&yField={y}&crs=EPSG:4326&detectTypes=no"
        layer = QgsVectorLayer(uri, file.stem, "delimitedtext")
    else:
        layer = QgsVectorLayer(str(file), file.stem, "ogr")
    if not layer.isValid():
        raise DataFormatError(
            tr("The {what} file {p} cannot be read as a vector layer.").format(what=what, p=file),
            source=str(file),
        )
    return layer


def run(args: argparse.Namespace, feedback: QgsProcessingFeedback) -> int:
    """``python -m medrcvl_plugin tour --diagnostic out/diagnostic.gpkg --stops K --out DIR``."""
    from ..core.tour.plan import TourParams
    from ..core.tour.run import method_text, run_tour
    from .app import diagnostic_paths

    gpkg, out_dir = diagnostic_paths(args)
    params = TourParams(
        gpkg,
        out_dir,
        args.stops,
        args.radius_km,
        args.beyond_km,
        candidates=load_layer(args.candidates, tr("candidate stops")) if args.candidates else None,
        roads=load_layer(args.roads, tr("roads")) if args.roads else None,
        overwrite=args.overwrite,
        atlas=not args.no_atlas,
    )
    result = run_tour(params, feedback)
    print(method_text(result, params), flush=True)
    for row in result.stops.itertuples(index=False):
        print(f"{row.rang}. {row.nom} ({row.code_insee}) : {row.poids_couvert:.0f}", flush=True)
    for path in result.files:
        print(tr("Written: {p}").format(p=path), flush=True)
    return 0
