"""Benchmark: the diagnostic of ALL of France vs QGIS's own ``native:joinattributestable`` (IFN only).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_france.py [--data ../shared/data]``.
The ~35,000 commune polygons of ``communes/france/*.geojson`` are first merged into one GeoPackage
layer (not timed); then, each in a fresh process, (1) the native join of the IFN CSV onto that layer
and (2) ``build_diagnostic`` on the same layer (kind "layer": all datasets read, reconciled, computed,
written). Prints both wall times, their ratio and each process's peak memory (ru_maxrss).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def merge_communes(data: Path, target: Path) -> int:
    """Merge every département file into one GeoPackage layer ``communes``; the feature count."""
    from osgeo import gdal, ogr

    gdal.UseExceptions()
    files = sorted((data / "communes" / "france").glob("*.geojson"))
    for index, path in enumerate(files):
        gdal.VectorTranslate(str(target), str(path), format="GPKG", layerName="communes",
                             accessMode=None if index == 0 else "append",
                             geometryType="PROMOTE_TO_MULTI")
    ds = ogr.Open(str(target))
    return ds.GetLayer(0).GetFeatureCount()


def _qgis():
    """Start a headless QGIS with Processing."""
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    sys.path.append("/usr/share/qgis/python/plugins")
    from processing.core.Processing import Processing

    Processing.initialize()
    return app


def run_join(data: Path, layer_path: Path, out: Path) -> dict:
    """Time ``native:joinattributestable`` of the IFN CSV onto the merged layer."""
    app = _qgis()  # noqa: F841 (kept alive)
    import processing
    from qgis.core import QgsVectorLayer

    start = time.perf_counter()
    csv_uri = (f"file://{data / 'ifn' / 'ifn-city-all-variation.csv'}?type=csv&delimiter=,"
               "&detectTypes=no&geomType=none")
    table = QgsVectorLayer(csv_uri, "ifn", "delimitedtext")
    processing.run("native:joinattributestable", {
        "INPUT": f"{layer_path}|layername=communes", "FIELD": "code", "INPUT_2": table, "FIELD_2": "code",
        "FIELDS_TO_COPY": [], "METHOD": 1, "DISCARD_NONMATCHING": False, "PREFIX": "", "OUTPUT": str(out)})
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_diagnostic(data: Path, layer_path: Path, out: Path) -> dict:
    """Time ``build_diagnostic`` for all of France on the merged layer."""
    app = _qgis()  # noqa: F841 (kept alive)
    sys.path.insert(0, str(ROOT))
    from qgis.core import QgsVectorLayer

    from medrcvl_plugin.core.diagnostic import DiagnosticParams, build_diagnostic
    from medrcvl_plugin.core.settings import Settings
    from medrcvl_plugin.core.territory import Territory

    start = time.perf_counter()
    layer = QgsVectorLayer(f"{layer_path}|layername=communes", "france", "ogr")
    params = DiagnosticParams(Territory("layer", layer=layer, code_field="code"), out, mirror=str(data),
                              layer_mode="keep", settings=Settings(cache_dir=str(out.parent / "cache")))
    result = build_diagnostic(params)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "communes": result.communes, "lieux": result.lieux, "unmatched": result.unmatched,
            "warnings": len(result.warnings)}


def main() -> int:
    """Merge, then run both measurements in child processes and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--part", choices=("join", "diagnostic"), help=argparse.SUPPRESS)
    parser.add_argument("--layer", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part:
        runner = run_join if args.part == "join" else run_diagnostic
        print(json.dumps(runner(args.data.resolve(), args.layer, args.out)))
        return 0
    with tempfile.TemporaryDirectory(prefix="medrcvl-bench-") as folder:
        work = Path(folder)
        layer = work / "france.gpkg"
        start = time.perf_counter()
        count = merge_communes(args.data.resolve(), layer)
        print(f"merged {count} communes in {time.perf_counter() - start:.1f} s (not timed below)")
        results = {}
        for part in ("join", "diagnostic"):
            env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
            answer = subprocess.run(
                [sys.executable, __file__, "--part", part, "--data", str(args.data), "--layer", str(layer),
                 "--out", str(work / f"{part}.gpkg")], capture_output=True, text=True, env=env, check=False)
            lines = [line for line in answer.stdout.splitlines() if line.startswith("{")]
            if answer.returncode or not lines:
                print(f"{part} failed:\n{answer.stderr[-3000:]}")
                return 1
            results[part] = json.loads(lines[-1])
        join, diag = results["join"], results["diagnostic"]
        print(f"native:joinattributestable (IFN only): {join['seconds']:.2f} s, "
              f"peak {join['peak_mb']:.0f} MB")
        print(f"MedRCVL diagnostic (all datasets):     {diag['seconds']:.2f} s, peak {diag['peak_mb']:.0f} MB"
              f" — {diag['communes']} communes, {diag['lieux']} places, {diag['unmatched']} unmatched codes")
        print(f"ratio diagnostic / native join: {diag['seconds'] / join['seconds']:.2f}× (target ≤ 1.0×),"
              f" peak memory target < 2048 MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
