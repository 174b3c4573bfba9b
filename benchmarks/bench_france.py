"""Benchmark: the diagnostic of ALL of France vs QGIS's own ``native:joinattributestable`` (IFN only).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_france.py [--data DIR] [--repeat 3]``.
The ~35,000 commune polygons of ``communes/france/*.geojson`` are first merged into one GeoPackage
layer (not timed); then, each in a fresh process, (1) the native join of the IFN CSV onto that layer
and (2) ``build_diagnostic`` on the same layer (kind "layer": all datasets read, reconciled, computed,
written), twice: "cold" with an empty cache folder (every source file parsed, the commune layer
read and reprojected) and "warm" with the parsed copies that the cold run left in that folder
(``cache.cached_parse``: tables and the layer's reprojected polygons; the files are still located,
checked for changes and every result recomputed and written). Prints the wall times, the ratios to
the native join, the CPU time of each kind of run with the lower bound it sets on the wall time on this
machine's cores, and each process's peak memory (ru_maxrss). The plugin is compiled to bytecode
beforehand for every process, as an installed plugin is.
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


def _cpu() -> float:
    """CPU seconds (user + system) used by this process so far (all threads)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


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

    start, cpu = time.perf_counter(), _cpu()
    csv_uri = (f"file://{data / 'ifn' / 'ifn-city-all-variation.csv'}?type=csv&delimiter=,"
               "&detectTypes=no&geomType=none")
    table = QgsVectorLayer(csv_uri, "ifn", "delimitedtext")
    processing.run("native:joinattributestable", {
        "INPUT": f"{layer_path}|layername=communes", "FIELD": "code", "INPUT_2": table, "FIELD_2": "code",
        "FIELDS_TO_COPY": [], "METHOD": 1, "DISCARD_NONMATCHING": False, "PREFIX": "", "OUTPUT": str(out)})
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "cpu": _cpu() - cpu,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_diagnostic(data: Path, layer_path: Path, out: Path, cache: Path) -> dict:
    """Time ``build_diagnostic`` for all of France on the merged layer (parsed copies in ``cache``)."""
    app = _qgis()  # noqa: F841 (kept alive)
    sys.path.insert(0, str(ROOT))
    from qgis.core import QgsVectorLayer

    from medrcvl_plugin.core.base.settings import Settings
    from medrcvl_plugin.core.diagnostic import DiagnosticParams, build_diagnostic
    from medrcvl_plugin.core.territory.selection import Territory

    start, cpu = time.perf_counter(), _cpu()
    layer = QgsVectorLayer(f"{layer_path}|layername=communes", "france", "ogr")
    params = DiagnosticParams(Territory("layer", layer=layer, code_field="code"), out, mirror=str(data),
                              layer_mode="keep", settings=Settings(cache_dir=str(cache)))
    result = build_diagnostic(params)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "cpu": _cpu() - cpu,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "communes": result.communes,
            "lieux": result.lieux, "unmatched": result.unmatched, "warnings": len(result.warnings)}


def same_tables(first: Path, second: Path) -> bool:
    """Whether two diagnostics hold the same rows (layers and tables; retrieval dates aside)."""
    import sqlite3

    rows = []
    for path in (first, second):
        with sqlite3.connect(str(path)) as db:
            found = {}
            for table in ("communes", "lieux", "references", "unmatched_codes", "lieux_unplaced"):
                found[table] = db.execute(f'SELECT * FROM "{table}" ORDER BY fid').fetchall()
            found["provenance"] = db.execute("SELECT source_id, location, mode, fields FROM provenance "
                                             "ORDER BY fid").fetchall()
            rows.append(found)
    return rows[0] == rows[1]


def _child_env() -> dict:
    """The environment of the measured processes: Python bytecode cached and the plugin compiled
    beforehand (in its ``__pycache__``, ignored by git and the zip), as in an installed QGIS plugin (a
    sandbox may set PYTHONDONTWRITEBYTECODE, which would make each process recompile the plugin inside
    the timing)."""
    import compileall

    compileall.compile_dir(str(ROOT / "medrcvl_plugin"), quiet=1)
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _report(results: dict[str, list[dict]]) -> None:
    """Print best and median wall times of each kind of run and their ratios to the native join."""
    from statistics import median

    def times(name: str) -> tuple[float, float]:
        seconds = [r["seconds"] for r in results[name]]
        return min(seconds), median(seconds)

    join_best, join_median = times("join")
    peak = max(r["peak_mb"] for r in results["join"])
    print(f"native:joinattributestable (IFN only): best {join_best:.2f} s, median {join_median:.2f} s "
          f"({len(results['join'])} runs), peak {peak:.0f} MB")
    for name, label in (("cold", "cold (every file parsed)"), ("warm", "warm (parsed copies reused)")):
        best, middle = times(name)
        last = results[name][-1]
        print(f"MedRCVL diagnostic {label}: best {best:.2f} s, median {middle:.2f} s, peak "
              f"{max(r['peak_mb'] for r in results[name]):.0f} MB, CPU {last['cpu']:.1f} s — "
              f"{last['communes']} communes, {last['lieux']} places, {last['unmatched']} unmatched codes; "
              f"ratio best/best {best / join_best:.2f}×, median/median {middle / join_median:.2f}× "
              "the native join (target ≤ 1.0×)")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    for name in ("cold", "warm"):  # what the CPU work allows at best, all cores busy the whole time
        cpu = min(r["cpu"] for r in results[name])
        print(f"  {name}: {cpu:.2f} CPU-s on {cores} core(s): no run can take less than {cpu / cores:.2f} s "
              f"= {cpu / cores / join_best:.2f}× the native join, even perfectly parallel")


def main() -> int:
    """Merge, then run both measurements in child processes and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the three runs")
    parser.add_argument("--part", choices=("join", "diagnostic"), help=argparse.SUPPRESS)
    parser.add_argument("--layer", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part == "join":
        print(json.dumps(run_join(args.data.resolve(), args.layer, args.out)))
        return 0
    if args.part == "diagnostic":
        print(json.dumps(run_diagnostic(args.data.resolve(), args.layer, args.out, args.cache)))
        return 0
    with tempfile.TemporaryDirectory(prefix="medrcvl-bench-") as folder:
        work = Path(folder)
        layer = work / "france.gpkg"
        start = time.perf_counter()
        count = merge_communes(args.data.resolve(), layer)
        print(f"merged {count} communes in {time.perf_counter() - start:.1f} s (not timed below)")
        env = _child_env()
        results: dict[str, list[dict]] = {"join": [], "cold": [], "warm": []}
        for rounds in range(args.repeat):  # interleaved: a slower spell of the machine hits all three
            cache = work / f"cache{rounds}"  # empty: the cold diagnostic parses, the warm one reuses
            for name, part in (("join", "join"), ("cold", "diagnostic"), ("warm", "diagnostic")):
                answer = subprocess.run(
                    [sys.executable, __file__, "--part", part, "--data", str(args.data), "--layer",
                     str(layer), "--out", str(work / f"{name}{rounds}.gpkg"), "--cache", str(cache)],
                    capture_output=True, text=True, env=env, check=False)
                lines = [line for line in answer.stdout.splitlines() if line.startswith("{")]
                if answer.returncode or not lines:
                    print(f"{name} failed:\n{answer.stderr[-3000:]}")
                    return 1
                results[name].append(json.loads(lines[-1]))
        _report(results)
        same = all(same_tables(work / f"cold{r}.gpkg", work / f"warm{r}.gpkg") for r in range(args.repeat))
        print(f"warm output identical to cold output: {'yes' if same else 'NO'}; "
              "peak memory target < 2048 MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
