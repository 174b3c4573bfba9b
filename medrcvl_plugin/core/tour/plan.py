"""The itinerant-service planner on a diagnostic GeoPackage: demand, candidates, distances, solution.

Demand: the communes farther than ``beyond_km`` (``dist_lieu_km``; NULL = no place known) from any
fixed place, weighted by ``population × ifn_score / 10``; communes without a score or a population
are listed (``poids`` NULL) but weigh nothing. Candidates: every commune of the diagnostic (its point
on surface) or the points of a layer (town halls, village halls). A commune is served when its point
on surface lies within ``radius_km`` of a stop (straight line, or along a road layer with QGIS's
network analysis). Writing: ``tour_output``; the PDF page: ``tour_atlas``.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..base.errors import DataFormatError
from ..base.i18n import tr
from . import solver as tour

log = logging.getLogger(__name__)

NEEDED = ("code_insee", "nom", "population", "ifn_score", "dist_lieu_km")
CODE_FIELDS = ("code_insee", "code", "insee", "com", "codgeo")
NAME_FIELDS = ("nom", "name", "libelle", "lib_com", "nom_commune")


@dataclass
class TourParams:
    """What to plan (``candidates``/``roads``: QgsVectorLayer or None)."""

    diagnostic: Path
    out_dir: Path
    stops: int
    radius_km: float = 10.0
    beyond_km: float = 5.0
    candidates: object = None
    roads: object = None
    overwrite: bool = False
    limit: int = tour.COMBINATION_LIMIT
    atlas: bool = True


@dataclass
class TourResult:
    """The plan and what was written."""

    solution: tour.Solution
    stops: pd.DataFrame  # rang, code_insee, nom, x, y, poids_couvert, communes_desservies
    communes: pd.DataFrame  # code_insee, nom, poids, demande, arret_code, dist_arret_km
    total_weight: float
    distance: str  # "straight line" | "road"
    files: list[Path] = field(default_factory=list)
    unweighted: list[str] = field(default_factory=list)  # demand communes without a score/population
    attributions: list[str] = field(default_factory=list)  # of the datasets the diagnostic read


DEFAULT_ATTRIBUTIONS = [
    "La MedNum/ANSA – IFN 2023",
    "INSEE – populations légales 2023",
    "INSEE – COG 2026",
    "ANCT / Hub LO – lieux de médiation numérique",
    "IGN – ADMIN EXPRESS",
]


def read_attributions(gpkg: Path) -> list[str]:
    """The attributions of the datasets the diagnostic read (its ``provenance`` table), in order."""
    import sqlite3

    try:
        db = sqlite3.connect(f"file:{Path(gpkg)}?mode=ro", uri=True)
        try:
            rows = db.execute("SELECT attribution, mode FROM provenance").fetchall()
        finally:
            db.close()
    except sqlite3.Error:
        return list(DEFAULT_ATTRIBUTIONS)
    found = [a.removeprefix("Source : ") for a, mode in rows if a and mode != "unavailable"]
    return list(dict.fromkeys(found)) or list(DEFAULT_ATTRIBUTIONS)


def check_params(params: TourParams) -> None:
    """French errors for bad numbers (the candidates are checked once known)."""
    if not isinstance(params.stops, int) or params.stops <= 0:
        raise DataFormatError(
            tr("The number of stops must be at least 1 (got {k}).").format(k=params.stops), field="stops"
        )
    for name, value in (("radius_km", params.radius_km), ("beyond_km", params.beyond_km)):
        if value is None or not math.isfinite(float(value)) or float(value) < 0:
            raise DataFormatError(
                tr("{name} must be a positive distance in km (got {v}).").format(name=name, v=value),
                field=name,
            )
    if float(params.radius_km) == 0:
        raise DataFormatError(tr("radius_km must be greater than 0 km."), field="radius_km")


def read_communes(gpkg: Path) -> pd.DataFrame:
    """The diagnostic's communes -> df[code_insee, nom, population, ifn_score, dist_lieu_km, x, y, geom]
    (x, y: point on surface in EPSG:2154; geom: QgsGeometry)."""
    from qgis.core import QgsVectorLayer

    path = Path(gpkg)
    if not path.is_file():
        raise DataFormatError(
            tr("The diagnostic GeoPackage {p} does not exist.").format(p=path), source=str(path)
        )
    layer = QgsVectorLayer(f"{path}|layername=communes", "communes", "ogr")
    if not layer.isValid():
        raise DataFormatError(
            tr("{p} has no layer communes: is it a MedRCVL diagnostic?").format(p=path), source=str(path)
        )
    names = layer.fields().names()
    missing = [f for f in NEEDED if f not in names]
    if missing:
        raise DataFormatError(
            tr(
                "{p}: the layer communes lacks the field(s) {fields} needed by the tour "
                "(expected {expected})."
            ).format(p=path, fields=", ".join(missing), expected=", ".join(NEEDED)),
            source=str(path),
            field=missing[0],
        )
    if layer.crs().authid() != "EPSG:2154":
        raise DataFormatError(
            tr("{p}: the layer communes is in {crs}, expected EPSG:2154.").format(
                p=path, crs=layer.crs().authid()
            ),
            source=str(path),
        )
    rows = []
    for feature in layer.getFeatures():
        geometry = feature.geometry()
        point = geometry.pointOnSurface().asPoint() if not geometry.isEmpty() else None
        rows.append(
            {
                "code_insee": _text(feature["code_insee"]),
                "nom": _text(feature["nom"]),
                "population": _number(feature["population"]),
                "ifn_score": _number(feature["ifn_score"]),
                "dist_lieu_km": _number(feature["dist_lieu_km"]),
                "x": point.x() if point else math.nan,
                "y": point.y() if point else math.nan,
                "geom": geometry,
            }
        )
    if not rows:
        raise DataFormatError(tr("{p}: the layer communes is empty.").format(p=path), source=str(path))
    return pd.DataFrame(rows)


def _text(value) -> str | None:
    """A QGIS attribute as text (None for NULL)."""
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    return str(value)


def _number(value) -> float:
    """A QGIS attribute as float (NaN for NULL)."""
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def demand(communes: pd.DataFrame, beyond_km: float) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(is demand, weights with NaN for the unweighted, codes of the unweighted demand communes)."""
    far = ~(communes["dist_lieu_km"].to_numpy(dtype=float) <= beyond_km)  # NULL distance: no place known
    weights = communes["population"].to_numpy(dtype=float) * communes["ifn_score"].to_numpy(dtype=float) / 10
    weights = np.where(far, weights, 0.0)
    unweighted = communes.loc[far & np.isnan(weights), "code_insee"].tolist()
    return far, weights, unweighted


def candidates_from_layer(layer) -> pd.DataFrame:
    """Candidate stops of a point layer -> df[code_insee, nom, x, y] in EPSG:2154."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject, QgsWkbTypes

    if layer is None or not layer.isValid():
        raise DataFormatError(tr("The candidate stops layer cannot be read."), field="candidates")
    if layer.geometryType() != QgsWkbTypes.GeometryType.PointGeometry:
        raise DataFormatError(
            tr("The candidate stops layer {n} must hold points.").format(n=layer.name()),
            source=layer.source(),
            field="candidates",
        )
    target = QgsCoordinateReferenceSystem("EPSG:2154")
    transform = QgsCoordinateTransform(layer.crs(), target, QgsProject.instance())
    names = [n.lower() for n in layer.fields().names()]
    code_field = next((layer.fields().names()[names.index(c)] for c in CODE_FIELDS if c in names), None)
    name_field = next((layer.fields().names()[names.index(c)] for c in NAME_FIELDS if c in names), None)
    rows = []
    for feature in layer.getFeatures():
        geometry = feature.geometry()
        if geometry is None or geometry.isEmpty():
            continue
        geometry.transform(transform)
        point = geometry.centroid().asPoint()  # (multipoints: their centre)
        rows.append(
            {
                "code_insee": _text(feature[code_field]) if code_field else str(feature.id()),
                "nom": _text(feature[name_field]) if name_field else str(feature.id()),
                "x": point.x(),
                "y": point.y(),
            }
        )
    if not rows:
        raise DataFormatError(
            tr("The candidate stops layer {n} has no point.").format(n=layer.name()),
            source=layer.source(),
            field="candidates",
        )
    return pd.DataFrame(rows)


def straight_km(a: pd.DataFrame, b: pd.DataFrame) -> np.ndarray:
    """(len(a), len(b)) straight-line distances in km between EPSG:2154 points."""
    ax, ay = a["x"].to_numpy(dtype=float), a["y"].to_numpy(dtype=float)
    bx, by = b["x"].to_numpy(dtype=float), b["y"].to_numpy(dtype=float)
    return np.hypot(ax[:, None] - bx[None, :], ay[:, None] - by[None, :]) / 1000.0


def plan(params: TourParams, feedback=None) -> TourResult:
    """Read the diagnostic, choose the stops (nothing written)."""
    check_params(params)
    communes = read_communes(params.diagnostic)
    communes = communes[np.isfinite(communes["x"].to_numpy(dtype=float))].reset_index(drop=True)
    if params.candidates is not None:
        candidates = candidates_from_layer(params.candidates)
    else:
        candidates = communes[["code_insee", "nom", "x", "y"]].copy()
    if params.stops > len(candidates):
        raise DataFormatError(
            tr("{k} stops were asked for but there are only {m} candidate stops.").format(
                k=params.stops, m=len(candidates)
            ),
            field="stops",
        )
    if params.roads is not None:
        from .roads import road_km

        distances, kind = road_km(params.roads, candidates, communes, feedback), "road"
    else:
        distances, kind = straight_km(candidates, communes), "straight line"
    far, weights, unweighted = demand(communes, float(params.beyond_km))
    cover = distances <= float(params.radius_km)
    solution = tour.solve(cover, weights, params.stops, limit=params.limit, feedback=feedback)
    stops, table = _assign(communes, candidates, distances, cover, weights, far, solution)
    return TourResult(
        solution,
        stops,
        table,
        float(np.nansum(weights)),
        kind,
        unweighted=unweighted,
        attributions=read_attributions(params.diagnostic),
    )


def _assign(
    communes: pd.DataFrame,
    candidates: pd.DataFrame,
    distances: np.ndarray,
    cover: np.ndarray,
    weights: np.ndarray,
    far: np.ndarray,
    solution: tour.Solution,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The stops table and the communes table (each commune to its nearest chosen stop within reach)."""
    chosen = solution.stops
    near = distances[chosen]  # (K, n)
    nearest = np.argmin(near, axis=0)
    best = near[nearest, np.arange(near.shape[1])]
    served = cover[chosen].any(axis=0)
    codes = candidates["code_insee"].to_numpy(dtype=object)
    table = pd.DataFrame(
        {
            "code_insee": communes["code_insee"],
            "nom": communes["nom"],
            "poids": np.where(far, weights, 0.0),
            "demande": far,
            "arret_code": [codes[chosen[i]] if s else None for i, s in zip(nearest, served)],
            "dist_arret_km": np.round(best, 3),
        }
    )
    weight = np.nan_to_num(weights)
    rows = []
    for rank, stop in enumerate(chosen, start=1):
        mine = served & (nearest == rank - 1) & far
        rows.append(
            {
                "rang": rank,
                "code_insee": codes[stop],
                "nom": candidates["nom"].iat[stop],
                "x": float(candidates["x"].iat[stop]),
                "y": float(candidates["y"].iat[stop]),
                "poids_couvert": round(float(weight[mine].sum()), 3),
                "communes_desservies": "|".join(communes.loc[mine, "code_insee"].astype(str)),
            }
        )
    return pd.DataFrame(rows), table
