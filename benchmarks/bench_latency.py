"""Benchmark: "from the click to the PDF" for the reference EPCI vs QGIS's own ``native:atlaslayouttopdf``.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_latency.py [--data DIR] [--rounds 3]``.
What the dialog does after "Run" for EPCI 200043081 (19 communes, data from the mirror): the diagnostic
(``core.diagnostic.build_diagnostic``, the function the dialog's task runs) then the atlas of 20 pages
(cover + 19 communes, ``core.atlas.export_atlas`` with the dialog's options), timed "cold" (a fresh,
empty cache folder: ``Settings.cache_dir``) and "warm" (a second run on the cache that the cold run
filled; "new session": a fresh process, as after restarting QGIS; "same session": the same click
again in the process of the cold run, modules already imported), against QGIS's own
``native:atlaslayouttopdf`` of the same layout (the layout that ``export_atlas`` prepares, built
untimed from a reference diagnostic; ``bench_atlas._native``).
Each run is a fresh child process with QGIS already started (not timed, as in a running QGIS; the
plugin's lazy imports of the click are timed); the three kinds are interleaved, the order rotating per
round. Prints best and median of each, "warm − native" and "cold − native" against the targets
(warm ≤ native + 1 s, cold ≤ native + 3 s) with PASS/FAIL, and the CPU seconds of each run;
exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DATA = ROOT.parent / "shared" / "data"
EPCI = "200043081"
TARGETS = {"warm": 1.0, "session": 1.0, "cold": 3.0}  # seconds allowed over the native atlas export


def _cpu() -> float:
    """CPU seconds (user + system) used by this process so far (all threads)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _qgis():
    """Start a headless QGIS with the native algorithms (what a running QGIS already has)."""
    from qgis.analysis import QgsNativeAlgorithms
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    QgsApplication.processingRegistry().addProvider(QgsNativeAlgorithms())
    return app


def _click(data: Path, out: Path, cache: Path) -> dict:
    """Time the diagnostic of the EPCI then its atlas into ``out``, as the dialog runs them."""
    from qgis.core import QgsFeedback

    start, cpu = time.perf_counter(), _cpu()
    from medrcvl_plugin.core.base.settings import Settings
    from medrcvl_plugin.core.diagnostic import DiagnosticParams, build_diagnostic
    from medrcvl_plugin.core.territory.selection import Territory

    params = DiagnosticParams(
        Territory("epci", EPCI),
        out / "diagnostic.gpkg",
        mirror=str(data),
        settings=Settings(cache_dir=str(cache)),
    )
    result = build_diagnostic(params, QgsFeedback())
    diagnostic_s = time.perf_counter() - start
    from medrcvl_plugin.core.output.atlas import AtlasOptions, export_atlas

    atlas = export_atlas(result.gpkg, out, AtlasOptions(), QgsFeedback())
    seconds = time.perf_counter() - start
    pdf = out / "atlas.pdf"
    if not pdf.exists():
        raise RuntimeError(f"no atlas PDF in {out}: {atlas.files}")
    return {
        "seconds": seconds,
        "diagnostic_s": diagnostic_s,
        "atlas_s": seconds - diagnostic_s,
        "cpu": _cpu() - cpu,
        "pages": atlas.pages,
        "communes": result.communes,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_click(data: Path, out: Path, cache: Path, again: bool) -> dict:
    """One click in a QGIS just started, caching into ``cache``; with ``again``, a second click in the
    same session (modules imported, same cache) answered under ``"again"``."""
    app = _qgis()  # noqa: F841 (kept alive)
    answer = _click(data, out / "first", cache)
    if again:
        answer["again"] = _click(data, out / "again", cache)
    return answer


def run_native(gpkg: Path, out: Path) -> dict:
    """Time ``native:atlaslayouttopdf`` on the layout that ``export_atlas`` prepares for ``gpkg``."""
    app = _qgis()  # noqa: F841 (kept alive)
    from bench_atlas import _native

    from medrcvl_plugin.core.output.atlas import AtlasOptions
    from medrcvl_plugin.core.output.atlas.export import prepare_project

    options = AtlasOptions()
    project, layout, count = prepare_project(gpkg, out, options)  # not timed: the native run's input
    cpu = _cpu()
    seconds = _native(project, layout, out / "native.pdf", options.dpi)
    return {
        "seconds": seconds,
        "cpu": _cpu() - cpu,
        "pages": count,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_reference(data: Path, out: Path, cache: Path) -> dict:
    """The reference diagnostic that the native runs print (not timed)."""
    app = _qgis()  # noqa: F841 (kept alive)
    from medrcvl_plugin.core.base.settings import Settings
    from medrcvl_plugin.core.diagnostic import DiagnosticParams, build_diagnostic
    from medrcvl_plugin.core.territory.selection import Territory

    result = build_diagnostic(
        DiagnosticParams(
            Territory("epci", EPCI), out, mirror=str(data), settings=Settings(cache_dir=str(cache))
        )
    )
    return {"gpkg": str(result.gpkg), "communes": result.communes}


def _child(part: str, args: list[str], env: dict) -> dict:
    """Run this script's ``part`` in a fresh process; its JSON answer."""
    from bench_france import run_child

    return run_child(__file__, part, args, env)


def _report(results: dict[str, list[dict]]) -> bool:
    """Print best/median of each kind, the differences to native against the targets; all passed?"""

    def times(name: str) -> tuple[float, float]:
        seconds = [r["seconds"] for r in results[name]]
        return min(seconds), median(seconds)

    native_best, native_median = times("native")
    rounds = len(results["native"])
    print(f"{'run':<38}{'best s':>8}{'median s':>10}{'CPU s (min)':>13}{'peak MB':>9}")
    labels = {
        "native": "native:atlaslayouttopdf",
        "cold": "click→PDF, cold cache",
        "warm": "click→PDF, warm cache, new session",
        "session": "click→PDF, warm, same session",
    }
    for name in ("native", "cold", "warm", "session"):
        best, middle = times(name)
        cpu = min(r["cpu"] for r in results[name])
        peak = max(r["peak_mb"] for r in results[name])
        print(f"{labels[name]:<38}{best:>8.2f}{middle:>10.2f}{cpu:>13.2f}{peak:>9.0f}")
    for name in ("cold", "warm", "session"):
        split = min(results[name], key=lambda r: r["seconds"])
        print(
            f"  {labels[name].split(', ', 1)[1]}, best run: diagnostic {split['diagnostic_s']:.2f} s + "
            f"atlas {split['atlas_s']:.2f} s "
            f"({split['pages']} pages, {split['communes']} communes)"
        )
    passed = True
    for name in ("warm", "session", "cold"):
        best, middle = times(name)
        gap_best, gap_median = best - native_best, middle - native_median
        ok = gap_best <= TARGETS[name]
        passed = passed and ok
        kind = labels[name].split(", ", 1)[1]
        print(
            f"{kind} − native: best {gap_best:+.2f} s, median {gap_median:+.2f} s "
            f"(target ≤ +{TARGETS[name]:.0f} s): {'PASS' if ok else 'FAIL'}"
            f"{'' if (gap_median <= TARGETS[name]) == ok else ' (median says the opposite)'}"
        )
    print(f"({rounds} interleaved rounds; PASS/FAIL judged on best − best)")
    return passed


def main() -> int:
    """Build the reference diagnostic, then interleave the three kinds of runs and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--part", choices=("click", "native", "reference"), help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--gpkg", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--again", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    data = args.data.resolve()
    if args.part:
        sys.path.append(str(ROOT / "benchmarks"))
        work = {
            "click": lambda: run_click(data, args.out, args.cache, args.again),
            "native": lambda: run_native(args.gpkg, args.out),
            "reference": lambda: run_reference(data, args.out, args.cache),
        }[args.part]
        print(json.dumps(work()))
        return 0
    from bench_france import _child_env

    env = _child_env()
    with tempfile.TemporaryDirectory(prefix="medrcvl-latency-") as folder:
        work = Path(folder)
        reference = _child(
            "reference",
            [
                "--data",
                str(data),
                "--out",
                str(work / "reference.gpkg"),
                "--cache",
                str(work / "reference-cache"),
            ],
            env,
        )
        print(
            f"reference diagnostic of EPCI {EPCI}: {reference['communes']} communes (not timed)", flush=True
        )
        results: dict[str, list[dict]] = {"native": [], "cold": [], "warm": [], "session": []}
        for index in range(args.rounds):  # native first, between, last: a slower spell hits all three
            cache = work / f"cache{index}"  # fresh and empty: the cold run fills it, the warm one reuses it
            order = ["cold", "warm"]
            order.insert(index % 3, "native")
            for name in order:
                out = work / f"{name}{index}"
                out.mkdir()
                if name == "native":
                    answer = _child("native", ["--gpkg", reference["gpkg"], "--out", str(out)], env)
                else:
                    answer = _child(
                        "click",
                        [
                            "--data",
                            str(data),
                            "--out",
                            str(out),
                            "--cache",
                            str(cache),
                            *(["--again"] if name == "cold" else []),
                        ],
                        env,
                    )
                if "again" in answer:
                    results["session"].append(answer.pop("again"))
                results[name].append(answer)
                print(
                    f"  round {index + 1} {name}: {answer['seconds']:.2f} s"
                    + (
                        f" (then the same click again in that session: "
                        f"{results['session'][-1]['seconds']:.2f} s)"
                        if name == "cold"
                        else ""
                    ),
                    flush=True,
                )
        passed = _report(results)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
