"""Benchmark: each hand-written piece of commit cdf907a against the maintained library path (issue 14).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_library.py [--data DIR] [--rounds 3]
[--pieces a,b,c,d,e,f,g,h] [--scales epci,dep37,france] [--json out.json]``.

The "before" side is the tree of commit ``cdf907a`` (``git archive``), imported under the package name
``medrcvl_before`` (its code uses relative imports; its one absolute import, ``medrcvl_plugin.core.readers``
in ``processing/algorithms/load_dataset.py``, is not loaded here). The "after" side is the current tree
(``medrcvl_plugin``) or the direct library call. Scales: the reference EPCI (200043081, 19 communes),
département 37 (272 communes), all of France (~35,000 communes, the département files merged as
``bench_france.merge_communes`` does); places: every located place of ``lieux/`` (the regional standard
export and the national France Services list). Both sides of every piece run in the same process,
in interleaved rounds (the side run first alternates); results are checked equal. Prints the best and
median seconds and the verdict of the rule: keep the hand-written piece only where it saves at least
1 s on the département or 30 % on France.

Pieces: (a) reading the commune polygons of a file layer, (b) points on surface, (c) point in polygon
of the places, (d) nearest place distance, (e) writing the diagnostic GeoPackage, (f) reading the EPCI
composition workbook (one national file: the same at every scale), (g) the whole diagnostic with the
cyclic garbage collector paused vs running, (h) the workbook read as a cold diagnostic reads it: in a
worker thread while the main thread reads the populations, the COG and the IFN (wall time of the whole).
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import math
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
BEFORE_COMMIT = "cdf907a"
EPCI_CODES = (
    "37004 37011 37022 37042 37072 37074 37076 37088 37089 37118 37126 37144 37201 37202 37210 "
    "37220 37242 37248 37258"
).split()
PIECES = {
    "a": "read polygons",
    "b": "points on surface",
    "c": "point in polygon",
    "d": "nearest distance",
    "e": "GeoPackage writing",
    "f": "XLSX composition",
    "g": "gc pause (diagnostic)",
    "h": "XLSX composition in a prefetch thread",
}
#: pieces measured once: their input is one national file whatever the territory
NATIONAL = ("f", "h")
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def extract_before(folder: Path, repository: Path = ROOT) -> None:
    """``git archive`` the plugin of BEFORE_COMMIT into ``folder/medrcvl_before`` and make it importable."""
    archive = subprocess.run(
        ["git", "-C", str(repository), "archive", BEFORE_COMMIT, "medrcvl_plugin"],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    (folder / "medrcvl_plugin").rename(folder / "medrcvl_before")
    sys.path.insert(0, str(folder))


def prepare_scales(data: Path, folder: Path, wanted: list[str]) -> dict[str, str]:
    """The commune polygon file of each scale (OGR source strings)."""
    from bench_france import merge_communes
    from osgeo import gdal

    gdal.UseExceptions()
    dep37 = data / "communes" / "communes-37-indre-et-loire-2018.geojson"
    sources = {}
    if "epci" in wanted:
        target = folder / "epci.geojson"
        where = "code IN (" + ",".join(f"'{c}'" for c in EPCI_CODES) + ")"
        gdal.VectorTranslate(str(target), str(dep37), format="GeoJSON", where=where)
        sources["epci"] = str(target)
    if "dep37" in wanted:
        sources["dep37"] = str(dep37)
    if "france" in wanted:
        target = folder / "france.gpkg"
        start = time.perf_counter()
        count = merge_communes(data, target)
        print(
            f"France: {count} communes merged in {time.perf_counter() - start:.0f} s (not timed)", flush=True
        )
        sources["france"] = f"{target}|layername=communes"
    return sources


def load_places(data: Path) -> tuple[np.ndarray, np.ndarray]:
    """Lambert-93 x, y of every located place of the standard export and the France Services list."""
    from osgeo import osr

    frames = [
        pd.read_csv(data / "lieux" / name, dtype=str, usecols=["latitude", "longitude"])
        for name in ("lieux-centre-val-de-loire-hub-lo-2020.standard.csv", "liste-fs-20240801.csv")
    ]
    both = pd.concat(frames, ignore_index=True)
    lat = pd.to_numeric(both["latitude"].str.replace(",", "."), errors="coerce").to_numpy()
    lon = pd.to_numeric(both["longitude"].str.replace(",", "."), errors="coerce").to_numpy()
    ok = np.isfinite(lat) & np.isfinite(lon) & ~((lat == 0) & (lon == 0))
    wgs, l93 = osr.SpatialReference(), osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    l93.ImportFromEPSG(2154)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    points = osr.CoordinateTransformation(wgs, l93).TransformPoints(list(zip(lon[ok], lat[ok])))
    return np.array([p[0] for p in points]), np.array([p[1] for p in points])


# ----------------------------------------------------------------- library variants (the "after" side)


def landed() -> bool:
    """True when the lead's library geometry kernel is in the current tree (no ragged module left)."""
    return importlib.util.find_spec("medrcvl_plugin.core.geometry.ragged") is None


def lib_read(source: str) -> pd.DataFrame:
    """Commune polygons in EPSG:2154: GDAL ``VectorTranslate`` + ``GetArrowStreamAsNumPy``."""
    if landed():
        from medrcvl_plugin.core.geometry.units import units_from_ogr

        return units_from_ogr(source, "code", as_wkb=True)
    from osgeo import gdal

    path, _, layer_name = source.partition("|layername=")
    ds = gdal.OpenEx(path, gdal.OF_VECTOR)
    layer = ds.GetLayerByName(layer_name) if layer_name else ds.GetLayer(0)
    memory = gdal.VectorTranslate(
        "",
        ds,
        format="Memory",
        layers=[layer.GetName()],
        dstSRS="EPSG:2154",
        geometryType="MULTIPOLYGON",
        selectFields=["code"],
    )
    out = memory.GetLayer(0)
    geometry = out.GetGeometryColumn() or "wkb_geometry"
    codes, wkbs = [], []
    for batch in out.GetArrowStreamAsNumPy(options=["INCLUDE_FID=NO"]):
        codes.extend(c.decode() if isinstance(c, bytes) else c for c in batch["code"].tolist())
        wkbs.extend(bytes(w) for w in batch[geometry])
    return pd.DataFrame({"code_insee": codes, "geom": wkbs})


def lib_points_on_surface(units: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """GEOS PointOnSurface of each WKB through OGR."""
    if landed():
        from medrcvl_plugin.core.geometry.units import points_on_surface

        found = points_on_surface(units)
        return found["x"].to_numpy(), found["y"].to_numpy()
    from osgeo import ogr

    xs, ys = np.full(len(units), np.nan), np.full(len(units), np.nan)
    for row, wkb in enumerate(units["geom"]):
        point = ogr.CreateGeometryFromWkb(wkb).PointOnSurface()
        xs[row], ys[row] = point.GetX(), point.GetY()
    return xs, ys


def lib_locate(x: np.ndarray, y: np.ndarray, units: pd.DataFrame) -> list:
    """The code of the first unit containing each point: a QgsSpatialIndex of the envelopes + prepared
    GEOS ``contains`` (QgsGeometryEngine)."""
    if landed():
        from medrcvl_plugin.core.geometry.units import locate_points

        return list(locate_points(pd.Series(x), pd.Series(y), units))
    from qgis.core import QgsGeometry, QgsPoint, QgsRectangle, QgsSpatialIndex

    geometries, index = [], QgsSpatialIndex()
    for row, wkb in enumerate(units["geom"]):
        geometry = QgsGeometry()
        geometry.fromWkb(wkb)
        geometries.append(geometry)
        index.addFeature(row, geometry.boundingBox())
    engines: dict = {}
    codes = units["code_insee"].tolist()
    result = []
    for px, py in zip(x.tolist(), y.tolist()):
        found = None
        point = QgsPoint(px, py)
        for row in sorted(index.intersects(QgsRectangle(px, py, px, py))):
            engine = engines.get(row)
            if engine is None:
                engine = engines[row] = QgsGeometry.createGeometryEngine(geometries[row].constGet())
                engine.prepareGeometry()
            if engine.contains(point):
                found = codes[row]
                break
        result.append(found)
    return result


def lib_nearest_km(origins: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Distance (km) from each origin to its nearest target: QgsSpatialIndex.nearestNeighbor."""
    if landed() and importlib.util.find_spec("medrcvl_plugin.core.geometry.nearest") is not None:
        from medrcvl_plugin.core.geometry.nearest import nearest_km

        return nearest_km(origins, targets)
    from qgis.core import QgsPointXY, QgsRectangle, QgsSpatialIndex

    index = QgsSpatialIndex()
    tx, ty = targets[:, 0].tolist(), targets[:, 1].tolist()
    for row, (x, y) in enumerate(zip(tx, ty)):
        index.addFeature(row, QgsRectangle(x, y, x, y))
    out = np.full(len(origins), np.nan)
    for row, (x, y) in enumerate(origins.tolist()):
        near = index.nearestNeighbor(QgsPointXY(x, y), 1)
        if near:
            out[row] = min(math.hypot(tx[i] - x, ty[i] - y) for i in near) / 1000.0
    return out


# ----------------------------------------------------------------- inputs of the GeoPackage piece


def gpkg_inputs(units: pd.DataFrame, x: np.ndarray, y: np.ndarray, fields: list) -> tuple:
    """(communes, WKB geometries, lieux, tables) shaped like a diagnostic's, from real polygons and places."""
    rng = np.random.default_rng(14)
    n = len(units)
    communes = {}
    for name, kind, _ in fields:
        if kind == "str":
            communes[name] = [f"{name} {i}" if i % 7 else None for i in range(n)]
        elif kind == "real":
            values = rng.uniform(0, 10, n)
            values[rng.random(n) < 0.1] = np.nan
            communes[name] = values
        else:
            values = pd.array(rng.integers(0, 1000 if kind != "bool" else 2, n), dtype="Int64")
            values[rng.random(n) < 0.1] = pd.NA
            communes[name] = values
    communes = pd.DataFrame(communes)
    communes["code_insee"] = units["code_insee"].to_numpy()
    m = len(x)
    lieux = pd.DataFrame(
        {
            "lieu_id": [f"l{i}" for i in range(m)],
            "nom": [f"Lieu {i}" for i in range(m)],
            "adresse": ["1 rue de la Paix"] * m,
            "code_insee": [None] * m,
            "latitude": rng.uniform(42, 51, m),
            "longitude": rng.uniform(-4, 8, m),
            "typologie": ["EPN|BIB"] * m,
            "cat_epn": rng.random(m) < 0.5,
            "x": x,
            "y": y,
        }
    )
    codes = [f"{i:05d}" for i in range(50)]
    tables = {
        "unmatched_codes": pd.DataFrame(
            {"source_id": ["ifn"] * 50, "code": codes, "reason": ["unknown_code"] * 50, "detail": ["x"] * 50}
        ),
        "references": pd.DataFrame(
            {"level": ["france"], "code": ["FR"], "nom": ["France"], "ifn_score": [5.0]}
        ),
    }
    return communes, list(units["geom"]), lieux, tables


def gpkg_rows_of(path: Path) -> tuple:
    """The communes rows (attributes and WKB after the blob header) and places of a written GeoPackage."""
    import sqlite3

    with sqlite3.connect(str(path)) as db:
        communes = db.execute("SELECT * FROM communes ORDER BY fid").fetchall()
        lieux = db.execute("SELECT * FROM lieux ORDER BY fid").fetchall()
    strip = [
        tuple(v[8 + 32 :] if isinstance(v, bytes) and v[:2] == b"GP" else v for v in row) for row in communes
    ]
    return strip, [tuple(v for v in row if not isinstance(v, bytes)) for row in lieux]


# ----------------------------------------------------------------- the pieces


class Bench:
    """The inputs of every scale and the two sides of each piece."""

    def __init__(self, data: Path, folder: Path, sources: dict[str, str]):
        import medrcvl_before.core.geometries as old_geo
        import medrcvl_before.core.ragged as old_ragged

        self.data, self.folder, self.sources = data, folder, sources
        self.px, self.py = load_places(data)
        self.inputs = {}
        for scale, source in sources.items():
            old = old_geo.units_from_ogr(source, "code", None, as_wkb=True)
            new = lib_read(source)
            ragged = old_geo.ragged_of(old)
            self.inputs[scale] = {
                "old": old,
                "new": new,
                "ragged": ragged,
                "bounds": old_ragged.envelopes(ragged),
            }
        self.checked: set = set()

    def sides(self, piece: str, scale: str):
        """(hand-written, library) callables of a piece at a scale, each returning what it computed."""
        import medrcvl_before.core.geometries as old_geo
        import medrcvl_before.core.indicators as old_ind
        import medrcvl_before.core.interior as old_interior

        inputs = self.inputs.get(scale)
        source = self.sources.get(scale)
        if piece == "a":
            return (
                lambda: old_geo.units_from_ogr(source, "code", None, as_wkb=True),
                lambda: lib_read(source),
            )
        if piece == "b":
            return (
                lambda: old_interior.points_on_surface(inputs["ragged"]),
                lambda: lib_points_on_surface(inputs["new"]),
            )
        if piece == "c":
            x, y = pd.Series(self.px), pd.Series(self.py)
            return (
                lambda: list(old_geo.locate_points(x, y, inputs["old"], bounds=inputs["bounds"])),
                lambda: lib_locate(self.px, self.py, inputs["new"]),
            )
        if piece == "d":
            origins = np.column_stack(old_interior.points_on_surface(inputs["ragged"]))
            targets = np.column_stack([self.px, self.py])
            return (lambda: old_ind.nearest_km(origins, targets), lambda: lib_nearest_km(origins, targets))
        if piece == "e":
            return self._gpkg_sides(scale, inputs)
        if piece == "f":
            import medrcvl_before.core.readers.epci as old_epci

            from medrcvl_plugin.core.readers import epci

            path = self.data / "epci" / "epcicom.xlsx"
            return (lambda: old_epci.read_epci_composition(path), lambda: epci.read_epci_composition(path))
        if piece == "g":
            return self._gc_sides(scale, source)
        if piece == "h":
            return self._prefetch_sides()
        raise ValueError(piece)

    def _prefetch_sides(self):
        """The composition workbook read in a worker thread while this thread reads the populations, the
        COG and the IFN, as a cold diagnostic's prefetch does: the wall time of the whole."""
        import threading

        import medrcvl_before.core.readers.epci as old_epci

        from medrcvl_plugin.core.readers import cog, epci, ifn, population

        data = self.data

        def both(reader):
            found = {}
            workbook = data / "epci" / "epcicom.xlsx"
            worker = threading.Thread(target=lambda: found.update(frame=reader(workbook)))
            worker.start()
            population.read_population(data / "population" / "donnees_communes.csv")
            cog.read_cog_communes(data / "cog" / "communes.csv")
            cog.read_cog_movements(data / "cog" / "mouvements-communes.csv")
            ifn.read_ifn(data / "ifn" / "ifn-city-all-variation.csv")
            worker.join()
            return found["frame"]

        return (lambda: both(old_epci.read_epci_composition), lambda: both(epci.read_epci_composition))

    def _gpkg_sides(self, scale: str, inputs: dict):
        """Old ``gpkg_rows`` writer vs OGR's feature API (the product's ``output.gpkg``; same inputs, same
        metadata)."""
        import medrcvl_before.core.gpkg as old_gpkg

        from medrcvl_plugin.core.output import gpkg

        communes, _, lieux, tables = gpkg_inputs(inputs["new"], self.px, self.py, gpkg.COMMUNE_FIELDS)
        old_geometries = list(inputs["old"]["geom"])
        metadata = gpkg.layer_metadata("bench", [])
        old_path, new_path = self.folder / f"old-{scale}.gpkg", self.folder / f"new-{scale}.gpkg"

        def hand():
            old_gpkg.write_diagnostic(
                old_path,
                communes,
                old_geometries,
                lieux,
                tables,
                metadata,
                overwrite=True,
                envelopes=inputs["bounds"],
            )
            return old_path

        def library():
            gpkg.write_diagnostic(new_path, communes, old_geometries, lieux, tables, metadata, overwrite=True)
            return new_path

        return hand, library

    def _gc_sides(self, scale: str, source: str):
        """The current diagnostic on the scale's layer, the cyclic collector paused vs running."""
        from qgis.core import QgsVectorLayer

        from medrcvl_plugin.core import diagnostic
        from medrcvl_plugin.core.base.settings import Settings
        from medrcvl_plugin.core.territory.selection import Territory

        layer = QgsVectorLayer(source, "communes", "ogr")
        settings = Settings(cache_dir=str(self.folder / "cache"))
        for module in ("diagnostic", "output.gpkg"):  # a pause left in the product is lifted
            target = sys.modules.get(f"medrcvl_plugin.core.{module}")
            if target is not None and hasattr(target, "paused_gc"):
                from contextlib import nullcontext

                target.paused_gc = nullcontext

        def run(out: Path):
            params = diagnostic.DiagnosticParams(
                Territory("layer", layer=layer, code_field="code"),
                out,
                mirror=str(self.data),
                overwrite=True,
                settings=settings,
                parse_cache=False,
            )
            return diagnostic.build_diagnostic(params).communes

        def paused():
            enabled = gc.isenabled()
            gc.disable()
            try:
                return run(self.folder / f"gc-paused-{scale}.gpkg")
            finally:
                if enabled:
                    gc.enable()

        return paused, lambda: run(self.folder / f"gc-on-{scale}.gpkg")

    def check(self, piece: str, scale: str, hand, library) -> str:
        """A note on whether both sides computed the same (checked once per piece and scale)."""
        if piece == "a":
            same = hand["code_insee"].tolist() == library["code_insee"].tolist()
            return "same codes" if same else "CODES DIFFER"
        if piece == "b":
            dx = np.nanmax(np.abs(np.asarray(hand[0]) - library[0]))
            dy = np.nanmax(np.abs(np.asarray(hand[1]) - library[1]))
            return f"max |Δ| {max(dx, dy):.2g} m"
        if piece == "c":
            hand = [None if pd.isna(a) else a for a in hand]
            library = [None if pd.isna(b) else b for b in library]
            differ = sum(1 for a, b in zip(hand, library) if a != b)
            return f"{sum(1 for a in library if a)} located, {differ} differ"
        if piece == "d":
            return f"max |Δ| {np.nanmax(np.abs(hand - library)):.2g} km"
        if piece == "e":
            return "same rows" if gpkg_rows_of(hand) == gpkg_rows_of(library) else "ROWS DIFFER"
        if piece in NATIONAL:
            try:
                pd.testing.assert_frame_equal(hand, library, check_exact=True)
                return "same frame"
            except AssertionError as error:
                return f"FRAMES DIFFER: {str(error)[:80]}"
        if piece == "g":
            return "same count" if hand == library else "COUNTS DIFFER"
        return ""


def timed(function) -> tuple[float, object]:
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def verdict(rows: list[dict], piece: str) -> str:
    """Keep when the hand-written piece saves ≥ 1 s on dept 37 or ≥ 30 % on France (medians)."""
    by_scale = {r["scale"]: r for r in rows if r["piece"] == piece}
    dep = by_scale.get("dep37") or by_scale.get("all")
    france = by_scale.get("france") or by_scale.get("all")
    keep = (dep is not None and dep["saving_s"] >= 1.0) or (france is not None and france["saving_pct"] >= 30)
    return "keep" if keep else "replace"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pieces", default="abcdefgh")
    parser.add_argument("--scales", default="epci,dep37,france")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--repo", type=Path, default=ROOT, help="git repository holding " + BEFORE_COMMIT)
    args = parser.parse_args(argv)
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from osgeo import gdal

    gdal.UseExceptions()
    pieces = [p for p in args.pieces.replace(",", "") if p in PIECES]
    scales = args.scales.split(",")
    folder = Path(tempfile.mkdtemp(prefix="bench_library_"))
    try:
        extract_before(folder, args.repo)
        bench = Bench(args.data, folder, prepare_scales(args.data, folder, scales))
        print(f"places: {len(bench.px)}; library kernel of the lead in the tree: {landed()}", flush=True)
        plan = [(p, s) for p in pieces for s in (["all"] if p in NATIONAL else scales)]
        times: dict = {key: ([], []) for key in plan}
        notes: dict = {}
        for round_ in range(args.rounds):
            for piece, scale in plan:
                hand, library = bench.sides(piece, scale)
                order = [(0, hand), (1, library)] if round_ % 2 == 0 else [(1, library), (0, hand)]
                results = {}
                for side, function in order:
                    seconds, results[side] = timed(function)
                    times[(piece, scale)][side].append(seconds)
                if (piece, scale) not in notes:
                    notes[(piece, scale)] = bench.check(piece, scale, results[0], results[1])
                print(
                    f"round {round_ + 1} {piece} {scale}: hand {times[(piece, scale)][0][-1]:.3f} s, "
                    f"library {times[(piece, scale)][1][-1]:.3f} s ({notes[(piece, scale)]})",
                    flush=True,
                )
        rows = []
        for (piece, scale), (hand, library) in times.items():
            h, lib = statistics.median(hand), statistics.median(library)
            rows.append(
                {
                    "piece": f"{piece} {PIECES[piece]}",
                    "key": piece,
                    "scale": scale,
                    "hand_best": min(hand),
                    "hand_median": h,
                    "lib_best": min(library),
                    "lib_median": lib,
                    "saving_s": lib - h,
                    "saving_pct": 100 * (lib - h) / lib if lib else 0.0,
                    "note": notes[(piece, scale)],
                }
            )
        for row in rows:
            row["piece_key"] = row.pop("key")
        for row in rows:
            row["verdict"] = verdict([dict(r, piece=r["piece_key"]) for r in rows], row["piece_key"])
        print(
            "\n| piece | scale | hand-written s (best/median) | library s (best/median) | saving s "
            "| saving % | check | verdict |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for r in rows:
            print(
                f"| {r['piece']} | {r['scale']} | {r['hand_best']:.3f} / {r['hand_median']:.3f} | "
                f"{r['lib_best']:.3f} / {r['lib_median']:.3f} | {r['saving_s']:+.3f} | "
                f"{r['saving_pct']:+.0f} % | {r['note']} | {r['verdict']} |"
            )
        print(
            "\nsaving = library median − hand-written median (positive: the hand-written piece is faster); "
            "keep when ≥ 1 s on dep37 or ≥ 30 % on France."
        )
        if args.json:
            args.json.write_text(json.dumps(rows, indent=1))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
