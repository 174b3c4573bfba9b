"""Benchmark: the product path before and after a change, side by side in one run (EPCI and France).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_before_after.py [--before cdf907a]
[--rounds 3] [--skip-france]``.
The "before" tree is the plugin of commit ``--before`` (``git archive`` into a temporary folder, compiled to
bytecode like the working tree); the "after" tree is this checkout. Each run is a fresh process that
starts QGIS (not timed) and runs the Processing algorithm ``medrcvl:diagnostic`` by id (the product path,
the same parameters in both trees): the reference EPCI 200043081 from the mirror, and all of France as a
commune layer (``bench_france.merge_communes``). "cold": an empty cache folder; "warm": the folder the cold
run filled. Rounds interleave before and after (the order alternating), so a slower spell of the machine
hits both. Prints best and median seconds, CPU seconds and peak memory of each, and after/before ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
DEFAULT_DATA = ROOT.parent / "shared" / "data"
EPCI = "200043081"


def run_part(tree: Path, data: Path, layer: str, out: Path, cache: Path) -> dict:
    """In a child: ``medrcvl:diagnostic`` of the plugin in ``tree`` (EPCI when ``layer`` is empty)."""
    import resource
    import time

    from bench_france import _cpu, _qgis

    app = _qgis()  # noqa: F841 (kept alive)
    sys.path.insert(0, str(tree))
    import processing
    from qgis.core import QgsApplication, QgsProcessingFeedback, QgsSettings

    from medrcvl_plugin.processing.provider import MedrcvlProvider

    assert Path(sys.modules["medrcvl_plugin"].__file__).resolve().is_relative_to(tree.resolve())
    QgsSettings().setValue("medrcvl/cache_dir", str(cache))  # the throw-away profile of this process
    provider = MedrcvlProvider()  # kept referenced: the registry does not own a Python provider
    QgsApplication.processingRegistry().addProvider(provider)
    params = {"MIRROR": str(data), "OUTPUT": str(out)}
    if layer:
        params.update({"TERRITORY_KIND": 4, "COMMUNE_LAYER": layer, "CODE_FIELD": "code"})
    else:
        params.update({"TERRITORY_KIND": 0, "TERRITORY": EPCI})
    start, cpu = time.perf_counter(), _cpu()
    result = processing.run("medrcvl:diagnostic", params, feedback=QgsProcessingFeedback())
    return {
        "seconds": time.perf_counter() - start,
        "cpu": _cpu() - cpu,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "communes": result["COMMUNE_COUNT"],
        "lieux": result["LIEUX_COUNT"],
    }


def _tree_of(rev: str, folder: Path) -> Path:
    """The plugin of commit ``rev`` (code, resources, metadata) extracted into ``folder``."""
    import compileall

    folder.mkdir(parents=True)
    archive = subprocess.run(
        [
            "git",
            "-C",
            str(ROOT),
            "archive",
            rev,
            "medrcvl_plugin",
            "resources",
            "i18n",
            "metadata.txt",
            "__init__.py",
        ],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    compileall.compile_dir(str(folder / "medrcvl_plugin"), quiet=1)
    return folder


def _child(tree: Path, args: list[str], env: dict) -> dict:
    """One measured run of the plugin in ``tree`` in a fresh process; its JSON answer."""
    from bench_france import run_child

    return run_child(__file__, str(tree), args, env)


def _report(scale: str, results: dict[tuple[str, str], list[dict]]) -> None:
    """Best/median of before and after, cold and warm, and the ratios."""
    for kind in ("cold", "warm"):
        rows = {}
        for side in ("before", "after"):
            runs = results[(side, kind)]
            seconds = [r["seconds"] for r in runs]
            rows[side] = (min(seconds), median(seconds))
            peak = max(r["peak_mb"] for r in runs)
            print(
                f"{scale} {kind:4} {side:6}: best {min(seconds):6.2f} s, median {median(seconds):6.2f} s, "
                f"CPU {min(r['cpu'] for r in runs):6.2f} s, peak {peak:5.0f} MB, "
                f"{runs[-1]['communes']} communes, {runs[-1]['lieux']} places"
            )
        print(
            f"{scale} {kind:4} after/before: best {rows['after'][0] / rows['before'][0]:.2f}×, "
            f"median {rows['after'][1] / rows['before'][1]:.2f}×"
        )


def main() -> int:
    """Extract the before tree, run the interleaved rounds at each scale, print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="cdf907a", help="the commit measured as 'before'")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-france", action="store_true")
    parser.add_argument("--part", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--layer", default="", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    data = args.data.resolve()
    if args.part:
        print(json.dumps(run_part(args.part, data, args.layer, args.out, args.cache)))
        return 0
    from bench_france import _child_env, merge_communes

    with tempfile.TemporaryDirectory(prefix="medrcvl-before-after-") as folder:
        work = Path(folder)
        trees = {"before": _tree_of(args.before, work / "before"), "after": ROOT}
        env = _child_env(work / "profile")
        env.pop("QGIS_CUSTOM_CONFIG_PATH", None)
        scales = [("EPCI", "")]
        if not args.skip_france:
            layer = work / "france.gpkg"
            print(f"merged {merge_communes(data, layer)} communes (not timed)", flush=True)
            scales.append(("France", f"{layer}|layername=communes"))
        print(f"before = {args.before}, after = the working tree ({ROOT})")
        for scale, source in scales:
            results: dict[tuple[str, str], list[dict]] = {(s, k): [] for s in trees for k in ("cold", "warm")}
            for number in range(args.rounds):
                order = list(trees) if number % 2 == 0 else list(trees)[::-1]
                for side in order:
                    cache = work / f"cache-{scale}-{side}-{number}"
                    for kind in ("cold", "warm"):
                        profile = work / f"profile-{side}-{scale}-{number}-{kind}"
                        child_env = dict(env, QGIS_CUSTOM_CONFIG_PATH=str(profile))
                        out = work / f"{scale}-{side}-{kind}-{number}.gpkg"
                        answer = _child(
                            trees[side],
                            [
                                "--layer",
                                source,
                                "--out",
                                str(out),
                                "--cache",
                                str(cache),
                                "--data",
                                str(data),
                            ],
                            child_env,
                        )
                        results[(side, kind)].append(answer)
                        print(
                            f"  {scale} round {number + 1} {side} {kind}: {answer['seconds']:.2f} s",
                            flush=True,
                        )
            _report(scale, results)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(main())
