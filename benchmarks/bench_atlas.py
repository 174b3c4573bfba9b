"""Time the MedRCVL atlas against QGIS's own ``native:atlaslayouttopdf`` on the same layout.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_atlas.py [--dpi 150] [--skip-dept]``.
Builds two diagnostics from ../shared/data (the 19 communes of EPCI 200043081 and the 272 communes of
Indre-et-Loire), then for each times ``export_atlas`` (preparation, styles, pages, PDF and project
included) and the native algorithm on the layout that ``export_atlas`` prepared; prints the ratios
(target ≤ 1.15).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "tests" / "qgis"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _native(project, layout, pdf: Path, dpi: int) -> float:
    """Seconds taken by native:atlaslayouttopdf on ``layout``."""
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback

    algorithm = QgsApplication.processingRegistry().createAlgorithmById("native:atlaslayouttopdf")
    context = QgsProcessingContext()
    context.setProject(project)
    params = {"LAYOUT": layout.name(), "DPI": dpi, "TEXT_FORMAT": 1, "SIMPLIFY": True, "OUTPUT": str(pdf)}
    start = time.perf_counter()
    results, ok = algorithm.run(params, context, QgsProcessingFeedback())
    elapsed = time.perf_counter() - start
    if not ok or not pdf.exists():
        raise RuntimeError(f"native:atlaslayouttopdf failed: {results}")
    return elapsed


def bench(label: str, gpkg: Path, work: Path, dpi: int, rounds: int) -> tuple[float, float, int]:
    """(best MedRCVL seconds, best native seconds, pages) over ``rounds`` alternated runs."""
    from medrcvl_plugin.core.output.atlas import AtlasOptions, export_atlas
    from medrcvl_plugin.core.output.atlas.export import prepare_project

    ours, native, pages = [], [], 0
    for index in range(rounds):
        # Alternate who goes first: the second run profits from warm caches (fonts, SVG, GeoPackage pages).
        for turn in (0, 1) if index % 2 else (1, 0):
            if turn == 0:
                start = time.perf_counter()
                result = export_atlas(gpkg, work / f"{label}-ours-{index}", AtlasOptions(dpi=dpi))
                ours.append(time.perf_counter() - start)
                pages = result.pages
            else:
                project, layout, _count = prepare_project(
                    gpkg, work / f"{label}-prep-{index}", AtlasOptions(dpi=dpi)
                )
                native.append(_native(project, layout, work / f"{label}-native-{index}.pdf", dpi))
    return min(ours), min(native), pages


def main() -> int:
    """Build the diagnostics, run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--skip-dept", action="store_true", help="only the 19-page atlas")
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    args = parser.parse_args()
    from qgis.analysis import QgsNativeAlgorithms
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    QgsApplication.processingRegistry().addProvider(QgsNativeAlgorithms())
    from atlas_fixture import build_diagnostic_gpkg

    from tests.conftest import REFERENCE_COMMUNES

    data = Path(args.data)
    work = Path(tempfile.mkdtemp(prefix="bench-atlas-"))
    cases = [("epci-200043081", REFERENCE_COMMUNES)]
    if not args.skip_dept:
        cases.append(("dept-37", None))
    print(f"{'atlas':<16}{'pages':>6}{'MedRCVL s':>11}{'native s':>10}{'ratio':>7}")
    for label, codes in cases:
        folder = work / label
        folder.mkdir()
        gpkg = build_diagnostic_gpkg(data, folder / "diagnostic.gpkg", codes)
        rounds = args.rounds
        ours, native, pages = bench(label, gpkg, work, args.dpi, rounds)
        print(f"{label:<16}{pages:>6}{ours:>11.2f}{native:>10.2f}{ours / native:>7.2f}", flush=True)
    print(
        f"(dpi {args.dpi}; MedRCVL includes loading, styling, page texts/charts, PDF and project; "
        f"outputs in {work})"
    )
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
