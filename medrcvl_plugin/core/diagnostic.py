"""Build the diagnostic GeoPackage of a territory: fetch, read, reconcile, compute, write.

Every dataset goes through ``fetch.obtain`` (user file/URL, mirror or live host). A dataset that
cannot be had (``SourceUnavailable``) leaves its fields NULL with a warning; the run goes on.
Only the COG is indispensable (membership and reconciliation).

Speed: the files are obtained and parsed by worker threads in the order the steps need them (the
slow EPCI workbook first) while the main thread reconciles; a parsed copy of each file is kept in
the cache folder (``cache.cached_parse``, keyed by path, size, mtime and reader code) for the next
runs (``DiagnosticParams.parse_cache``). The result (tables, warnings, provenance) depends on neither.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .base.errors import MedrcvlError, TerritoryError
from .base.i18n import tr
from .base.settings import Settings
from .geometry import checks as unit_checks
from .geometry import units as geo
from .indicators import ifn_fallback, programmes
from .indicators import metrics as ind
from .indicators.distances import place_distances
from .indicators.places import PLACE_READERS, locate_places, place_params
from .readers import arcep, cog, epci, ifn, layer_units, population
from .sources.cache import cached_parse
from .sources.catalogue import source
from .sources.fetch import obtain, read_fetched
from .sources.prefetch import Run
from .territory import reconcile as rec
from .territory import selection as terr
from .territory.coverage import report_checks, report_coverage

log = logging.getLogger(__name__)

SCORES = list(ind.SCORE_COLUMNS)
ARCEP_SHARES = ["ftth_share", "thd30_share", "below8_share"]
LAYER_MODES = ("keep", "dissolve")
ARCEP_KINDS = {"techno": "ftth_share", "debit": "thd30_share, below8_share", "best": "ftth_share"}


@dataclass
class DiagnosticParams:
    """What to diagnose and how (thresholds: see ``indicators``)."""

    territory: terr.Territory
    output: str | Path
    mirror: str | None = None  # folder or base URL laid out like ../shared/data; None = settings
    locations: dict[str, str] = field(default_factory=dict)  # source id -> user file or URL
    ifn_threshold: float = ind.DEFAULT_IFN_THRESHOLD
    distance_km: float = ind.DEFAULT_DISTANCE_KM
    layer_mode: str = "keep"  # user layer older than the data: keep its communes or dissolve them
    place_sources: tuple[str, ...] = ("lieux_standard", "france_services")
    overwrite: bool = False
    settings: Settings | None = None
    parse_cache: bool = True  # keep parsed copies of the source files in the cache folder


@dataclass
class DiagnosticResult:
    """What was written."""

    gpkg: Path
    communes: int
    lieux: int
    unmatched: int
    warnings: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # titles of the optional datasets not had


def _load(run: Run, source_id: str, reader, params: dict | None):
    """(Fetched, parsed frame, the reader's warnings) of one dataset (parsed copy kept in the cache
    folder with the warnings: a cached read reports them again)."""
    from .sources.reader_notes import collected

    with collected() as warnings:  # logged while fetching (often in a worker thread): shown by the run
        fetched = obtain(
            source_id,
            location=run.params.locations.get(source_id),
            mirror=run.params.mirror,
            params=params,
            settings=run.settings,
            feedback=run.feedback,
        )
    # a fresh download is parsed once before it is cached: its parsed copy is kept from the next run
    keep = run.params.parse_cache and not fetched.pending
    folder = run.settings.effective_cache_dir() if keep else None
    key = f"{source_id}:{getattr(reader, '__module__', '')}.{getattr(reader, '__qualname__', '')}"
    frame = read_fetched(
        fetched, lambda path: cached_parse(path, reader, key=key, folder=folder, warnings=warnings)
    )
    vintage = getattr(frame, "attrs", {}).get("vintage")
    if vintage and fetched.provenance.mode != "mirror":  # what the file itself says it is
        fetched.provenance.vintage = str(vintage)
    return fetched, frame, warnings


def _base_table(cog_frame: pd.DataFrame) -> pd.DataFrame:
    """Current communes -> df[code, nom, code_dep, code_reg, code_epci, nom_epci] (EPCI not filled yet)."""
    coms = cog_frame[cog_frame["typecom"] == "COM"]
    table = pd.DataFrame(
        {
            "nom": coms["libelle"].to_numpy(),
            "code_dep": coms["dep"].to_numpy(),
            "code_reg": coms["reg"].to_numpy(),
        },
        index=pd.Index(coms["com"], name="code"),
    )
    table["code_epci"], table["nom_epci"] = None, None
    return table


def _add_epci(run: Run, table: pd.DataFrame, moves: rec.Movements, current: set) -> pd.DataFrame:
    """Fill ``code_epci``/``nom_epci`` (EPCI by SIREN) and the ranks within EPCI and département."""
    composition = run.read("epci_composition", epci.read_epci_composition, "code_epci, nom_epci")
    if composition is not None:
        mapping = rec.crosswalk(
            composition["insee"].dropna(), current, moves, current, source_id="epci_composition"
        )
        members = composition.drop_duplicates("insee").set_index("insee")
        pairs = mapping.table.drop_duplicates("target").set_index("target")["code"]
        table["code_epci"] = pairs.map(members["siren"]).reindex(table.index)
        table["nom_epci"] = pairs.map(members["raison_sociale"]).reindex(table.index)
        run.unmatched.append(mapping.unmatched)
    table["rank_epci"] = ind.ranks(table, "code_epci")
    table["rank_dep"] = ind.ranks(table, "code_dep")
    return table


def _current_table(run: Run, table: pd.DataFrame, moves: rec.Movements, current: set) -> pd.DataFrame:
    """All current communes with population, IFN and ARCEP values (for references and ranks)."""
    pop = run.read("population", population.read_population, "population")
    weights = None
    table["population"] = pd.arrays.IntegerArray(
        np.zeros(len(table), dtype="int64"),  # all NULL
        np.ones(len(table), dtype=bool),
    )
    if pop is not None:
        mapping = rec.crosswalk(pop["code_insee"], current, moves, current, source_id="population")
        summed = rec.aggregate(pop, "code_insee", mapping, sums=["pmun"])
        table["population"] = summed["pmun"].reindex(table.index).round().astype("Int64")
        weights = pop.set_index("code_insee")["pmun"].astype(float)
        run.unmatched.append(mapping.unmatched)
        run.mappings["population"] = mapping
    for column in [*SCORES, *ARCEP_SHARES]:
        table[column] = float("nan")
    table["ifn_method"] = None
    frame = run.read("ifn_communes", ifn.read_ifn, "ifn_*")
    if frame is not None:
        mapping = rec.crosswalk(frame["code"], current, moves, current, source_id="ifn_communes")
        values = rec.aggregate(frame, "code", mapping, means=SCORES, weights=weights)
        table[SCORES] = values[SCORES].reindex(table.index)
        table["ifn_method"] = values["method"].reindex(table.index)
        run.unmatched.append(mapping.unmatched)
        run.mappings["ifn_communes"] = mapping
    shares = _arcep(run)
    if shares is not None and len(shares):
        mapping = rec.crosswalk(shares["code_insee"], current, moves, current, source_id="arcep")
        values = rec.aggregate(
            shares,
            "code_insee",
            mapping,
            means=ARCEP_SHARES,
            weights=shares.set_index("code_insee")["arcep_nbr_locaux"],
            weight_name="premises",
        )
        table[ARCEP_SHARES] = values[ARCEP_SHARES].reindex(table.index)
        run.unmatched.append(mapping.unmatched)
        run.mappings["arcep_techno"] = mapping
    return table


def _read_ifn_epci(path: Path) -> pd.DataFrame:
    """The IFN of the EPCI."""
    return ifn.read_ifn(path, division="epci")


def _arcep(run: Run) -> pd.DataFrame | None:
    """ARCEP coverage shares from the files that can be had (None when none)."""
    frames = {
        kind: run.read(f"arcep_{kind}", arcep.read_arcep, fields) for kind, fields in ARCEP_KINDS.items()
    }
    if all(frame is None for frame in frames.values()):
        return None
    return arcep.commune_shares(techno=frames["techno"], debit=frames["debit"], best=frames["best"])


def _prefetched_units(run: Run) -> pd.DataFrame | None:
    """The units of a layer territory read by a worker (None when not prefetched or not readable)."""
    future = run.claim(("units",))
    return run.wait(future) if future is not None else None


def _units(
    run: Run,
    territory: terr.TerritoryCodes,
    moves: rec.Movements,
    current: set,
    units: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The output communes with geometries (EPSG:2154): ``code_insee``, ``nom``, ``current``, ``geom``
    (``units``: the prefetched units of a layer territory)."""
    from .readers import communes

    params = run.params
    if params.territory.kind == "layer":
        if units is None:  # (prefetched units keep their WKB: parsed only where needed)
            units = unit_checks.checked_units(
                geo.units_from_layer(
                    params.territory.layer, params.territory.code_field, feedback=run.feedback
                )
            )
        report_checks(run, units)
        record = source("communes_geo").provenance(params.territory.layer.source(), "layer")
        since = moves.infer_vintage(units["code_insee"].dropna())  # the layer's own vintage, not IGN's
        record.vintage = (
            tr("your layer (its codes fit the COG after {date})").format(date=since)
            if since
            else tr("your layer")
        )
        prov = {**record.to_dict(), "fields": "geometry"}
    else:
        frames, where, vintages = [], [], []
        for dep in territory.departements:
            layer, provenance = communes.load_communes(
                departement=dep,
                mirror=params.mirror,
                settings=run.settings,
                feedback=run.feedback,
                parse_cache=params.parse_cache,
            )
            frames.append(geo.units_from_layer(layer, "code_insee", "nom", run.feedback))
            where.append(provenance.location)
            vintages.append(provenance.vintage)
        units = pd.concat(frames, ignore_index=True)
        mode = "mirror" if params.mirror else "live"
        record = source("communes_geo").provenance(" | ".join(where), mode, dt.date.today().isoformat())
        record.vintage = " | ".join(dict.fromkeys(v for v in vintages if v)) or record.vintage  # as fetched
        prov = {**record.to_dict(), "fields": "geometry"}
    prov["notes"] = ""
    run.provenance.append(prov)
    duplicated = units["code_insee"].notna() & units["code_insee"].duplicated()
    nameless = int(units["code_insee"].isna().sum())
    if duplicated.any() or nameless:
        rows = [
            ("communes_geo", c, "duplicate_code", "several polygons; the first is kept")
            for c in sorted(set(units.loc[duplicated, "code_insee"]))
        ]
        if nameless:
            rows.append(("communes_geo", None, "no_code", f"{nameless} polygon(s) without a commune code"))
        run.unmatched.append(rec.unmatched_frame(rows))
        run.warn(
            tr(
                "{d} duplicated commune code(s) and {n} polygon(s) without code were left out "
                "(table unmatched_codes)."
            ).format(d=int(duplicated.sum()), n=nameless)
        )
    units = units[units["code_insee"].notna()].drop_duplicates("code_insee")
    xwalk, lost = rec.to_current(units["code_insee"], moves, current, source_id="communes_geo")
    run.unmatched.append(lost)
    first = xwalk.drop_duplicates("code").set_index("code")["current"]
    units = units.assign(current=units["code_insee"].map(first))
    if params.territory.kind != "layer" or params.layer_mode == "dissolve":
        units = units[units["current"].notna()]
        if params.territory.kind != "layer":
            units = unit_checks.checked_units(units[units["current"].isin(territory.codes)])
            report_checks(run, units)
        units = geo.dissolve(units).assign(code_insee=lambda f: f["current"])
        missing = sorted(set(territory.codes) - set(units["code_insee"]))
        if params.territory.kind != "layer" and missing:
            run.unmatched.append(
                rec.unmatched_frame(
                    ("communes_geo", c, "no_geometry", "no polygon in the commune source") for c in missing
                )
            )
            run.warn(
                tr("{n} commune(s) without a polygon: {codes}").format(
                    n=len(missing), codes=", ".join(missing[:10])
                )
            )
    return units.reset_index(drop=True)


def build_diagnostic(params: DiagnosticParams, feedback=None) -> DiagnosticResult:
    """Run the whole diagnostic and write ``params.output`` (see docs/ARCHITECTURE.md)."""
    from .output.sets import output_set

    if params.layer_mode not in LAYER_MODES:
        raise ValueError(f"layer_mode must be one of {LAYER_MODES}")
    if params.territory.kind == "layer" and params.territory.layer is not None:
        unit_checks.check_polygon_layer(params.territory.layer)  # refused before any work
    output = Path(params.output)
    # refused at once when it exists; the folder is locked; joins the set of a whole CLI run
    with output_set(output.parent, params.overwrite, [output]):
        run = Run(params, feedback, _load)
        try:
            return _build(run, params)
        finally:
            run.close()


def _prefetch(run: Run, params: DiagnosticParams) -> None:
    """Start the reads that do not depend on the territory and the user's polygons, in the order
    they are needed (the slow EPCI workbook first: it is needed after populations, IFN and ARCEP)."""
    run.prefetch("epci_composition", epci.read_epci_composition)
    for source_id, reader in (
        ("cog_communes", cog.read_cog_communes),
        ("cog_mouvements", cog.read_cog_movements),
        ("population", population.read_population),
        ("ifn_communes", ifn.read_ifn),
    ):
        run.prefetch(source_id, reader)
    territory = params.territory
    if territory.kind == "layer" and territory.layer is not None and territory.code_field:
        layer = territory.layer
        if layer.providerType() == "ogr" and not layer.subsetString():
            folder = run.settings.effective_cache_dir() if params.parse_cache else None
            run.submit(("units",), layer_units.read_layer_units, layer.source(), territory.code_field, folder)
    for kind in ARCEP_KINDS:
        run.prefetch(f"arcep_{kind}", arcep.read_arcep)
    run.prefetch("ifn_epci", _read_ifn_epci)
    for source_id, reader in programmes.SOURCES.items():
        run.prefetch(source_id, reader)


def _build(run: Run, params: DiagnosticParams) -> DiagnosticResult:
    """The steps of ``build_diagnostic``."""
    from .output import gpkg

    _prefetch(run, params)
    run.step(2, tr("Reading the official geographic code (COG)…"))
    cog_frame = run.read("cog_communes", cog.read_cog_communes, "code_dep, code_reg", required=True)
    moves = rec.Movements(run.read("cog_mouvements", cog.read_cog_movements, "reconciliation", required=True))
    current = set(cog_frame.loc[cog_frame["typecom"] == "COM", "com"])
    run.step(5, tr("Reading populations, IFN and ARCEP…"))
    national = _current_table(run, _base_table(cog_frame), moves, current)
    run.step(25, tr("Reading the EPCI composition…"))
    national = _add_epci(run, national, moves, current)
    structures, code_problems = programmes.read_structures(run, cog_frame, moves, current)
    national = programmes.add_counts(run, national, structures, moves, current, code_problems)
    composition = national.reset_index().rename(
        columns={"code": "insee", "code_epci": "siren", "nom_epci": "raison_sociale"}
    )
    prefetched = _prefetched_units(run) if params.territory.kind == "layer" else None
    codes = prefetched["code_insee"].dropna().tolist() if prefetched is not None else None
    territory = terr.resolve(params.territory, cog_frame, composition[composition["siren"].notna()], codes)
    programmes.report_problems(run, code_problems, territory.departements)
    for source_id in params.place_sources:
        run.prefetch(source_id, PLACE_READERS[source_id], place_params(territory))
    epci_ifn = run.read("ifn_epci", _read_ifn_epci, "ref_epci_ifn")
    run.step(35, tr("Loading the commune polygons of {name}…").format(name=territory.name))
    units = _units(run, territory, moves, current, prefetched)
    if units.empty:
        raise TerritoryError(tr("No commune polygon of {name} could be loaded.").format(name=territory.name))
    report_coverage(run, units)
    run.step(55, tr("Locating the mediation places…"))
    all_places, places, unplaced = locate_places(run, units, moves, current, territory)
    places, unplaced_structures = programmes.flag_places(places, structures, units)
    run.step(70, tr("Computing the indicators…"))
    refs = ind.references(
        national.reset_index().rename(columns={"code": "code_insee"}), epci_ifn, names=_names(national)
    )
    table = _indicators(run, units, national, refs, all_places, places)
    run.step(85, tr("Writing {path}…").format(path=params.output))
    unmatched = pd.concat(
        [u for u in run.unmatched if len(u)] or [rec.unmatched_frame()], ignore_index=True
    ).drop_duplicates()
    unmatched = unmatched.sort_values(
        "source_id", key=lambda s: s.map(_source_rank), kind="stable", ignore_index=True
    )
    run.provenance.sort(key=lambda row: _source_rank(row.get("source_id")))
    provenance = pd.DataFrame(run.provenance)
    lieux_out = places.drop(columns=["merged_ids"], errors="ignore")
    gpkg.write_diagnostic(
        Path(params.output),
        table,
        list(units["geom"]),
        lieux_out,
        {
            "references": refs,
            "provenance": provenance,
            "unmatched_codes": unmatched,
            "lieux_unplaced": unplaced,
            "programmes_unplaced": unplaced_structures,
        },
        gpkg.layer_metadata(territory.name, run.provenance),
        overwrite=params.overwrite,
    )
    run.step(100, tr("Diagnostic written: {path}").format(path=params.output))
    missing = [source(source_id).title for source_id in dict.fromkeys(run.missing)]
    return DiagnosticResult(
        Path(params.output), len(table), len(places), len(unmatched), run.warnings, missing
    )


SOURCE_ORDER = (
    "cog_communes",
    "cog_mouvements",
    "epci_composition",
    "population",
    "ifn_communes",
    "arcep_techno",
    "arcep_debit",
    "arcep_best",
    "ifn_epci",
    "cnfs",
    "aidants_connect",
    "communes_geo",
)


def _source_rank(source_id) -> int:
    """Position of a dataset in the provenance and unmatched tables (reading order of the steps)."""
    return SOURCE_ORDER.index(source_id) if source_id in SOURCE_ORDER else len(SOURCE_ORDER)


def _names(national: pd.DataFrame) -> dict[str, dict[str, str]]:
    """Names of the reference levels."""
    from .territory.search import DEPARTEMENTS

    codes, names = national["code_epci"].to_numpy(dtype=object), national["nom_epci"].to_numpy(dtype=object)
    known = pd.notna(codes)
    first = ~pd.Series(codes[known]).duplicated().to_numpy()  # the first name of each EPCI
    return {
        "epci": dict(zip(codes[known][first], names[known][first])),
        "departement": dict(DEPARTEMENTS),
        "region": dict(terr.REGIONS),
        "france": {"FR": "France"},
    }


def _indicators(
    run: Run, units: pd.DataFrame, national: pd.DataFrame, refs, all_places, places
) -> pd.DataFrame:
    """The ``communes`` attribute table, one row per unit."""
    values = national.reindex(units["current"])
    values.index = units.index
    table = pd.DataFrame(
        {"code_insee": units["code_insee"], "nom": units["nom"].where(units["nom"].notna(), values["nom"])}
    )
    for column in [
        "code_epci",
        "nom_epci",
        "code_dep",
        "code_reg",
        "population",
        *SCORES,
        "ifn_method",
        *ARCEP_SHARES,
        "rank_epci",
        "rank_dep",
        *programmes.COUNT_FIELDS,
    ]:
        table[column] = values[column]
    shared = units["current"].duplicated(keep=False) & units["current"].notna()
    if shared.any():
        table.loc[shared, "ifn_method"] = [
            f"repeated: value of current commune {c}" for c in units.loc[shared, "current"]
        ]
        run.warn(
            tr(
                "{n} former commune(s) share the values of their current commune (population "
                "repeated: do not add it up)."
            ).format(n=int(shared.sum()))
        )
    if table["ftth_share"].isna().all() and table["thd30_share"].isna().all():
        run.warn(tr("No ARCEP coverage figures for these communes: ftth/thd30/below8 shares left empty."))
    counts = ind.place_counts(places, units["code_insee"])
    no_polygon = units["geom"].isna().to_numpy(dtype=bool)  # reported: counts unknown, not 0
    for column in counts.columns:
        table[column] = pd.arrays.IntegerArray(counts[column].to_numpy(dtype=np.int64), no_polygon)
    table["lieux_per_10k"] = ind.per_10k(table["lieux_count"], table["population"])
    origins = geo.points_on_surface(units)
    distances = place_distances(
        origins, all_places, units["current"].where(units["current"].notna(), units["code_insee"])
    )
    table["dist_lieu_km"] = distances["dist_lieu_km"]
    table["dist_france_services_km"] = distances["dist_france_services_km"]
    table = ind.add_references(table, refs)
    table["flag_priority"] = ind.priority(
        table["ifn_score"], table["dist_lieu_km"], run.params.ifn_threshold, run.params.distance_km
    )
    if ifn_fallback.wanted(run):  # no IFN file: the overall score of the site's vector tiles
        table = ifn_fallback.apply(run, table, units)
    for column in ("rank_epci", "rank_dep", "population", *programmes.COUNT_FIELDS):  # whole or NULL
        numbers = table[column].to_numpy(dtype=float, na_value=np.nan)
        missing = np.isnan(numbers)
        table[column] = pd.arrays.IntegerArray(np.where(missing, 0, numbers).astype(np.int64), missing)
    return table


__all__ = ["DiagnosticParams", "DiagnosticResult", "MedrcvlError", "build_diagnostic"]
