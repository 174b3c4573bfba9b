"""The IFN without its CSV: the overall score from the site's vector tiles, for the territory's communes.

Used only when the IFN CSV could not be had (not given, not in a mirror) and live hosts may be asked.
The tiles carry no publicly documented commune code: each commune takes the score of the tile polygon
containing its point on surface, and ``ifn_method`` says so. The five sub-scores stay NULL.
"""

from __future__ import annotations

import math

import pandas as pd
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
)

from ..base.errors import CancelledError, MedrcvlError
from ..base.i18n import tr
from ..geometry import units as geo
from ..readers import ifn_tiles
from . import metrics as ind

METHOD_POINT = "tiles: overall score of the tile polygon holding the commune's point on surface"
METHOD_CODE = "tiles: overall score of the commune's tile feature"


def wanted(run) -> bool:
    """True when the IFN CSV is missing, was not chosen by the user, and live hosts may be asked."""
    params = run.params
    live_allowed = not (params.mirror or run.settings.mirror) or run.settings.mirror_then_live
    return "ifn_communes" in run.missing and not params.locations.get("ifn_communes") and live_allowed


def _points_3857(origins: pd.DataFrame, codes: pd.Series) -> dict[str, tuple[float, float]]:
    """A point inside each unit, Lambert-93 -> Web Mercator, by commune code."""
    transform = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:2154"),
        QgsCoordinateReferenceSystem("EPSG:3857"),
        QgsProject.instance(),
    )
    points = {}
    for code, x, y in zip(codes, origins["x"], origins["y"]):
        if isinstance(code, str) and not (math.isnan(x) or math.isnan(y)):
            point = transform.transform(QgsPointXY(float(x), float(y)))
            points[code] = (point.x(), point.y())
    return points


def apply(run, table: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """``table`` with ``ifn_score`` (and method, rank within the EPCI, priority flag) from the tiles."""
    origins = geo.points_on_surface(units)
    points = _points_3857(origins, units["code_insee"])
    valid = origins.dropna()
    if valid.empty:
        return table
    bbox = QgsRectangle(valid["x"].min(), valid["y"].min(), valid["x"].max(), valid["y"].max())
    try:
        frame = ifn_tiles.read_tiles(
            list(points), bbox, run.settings, run.feedback, crs="EPSG:2154", points=points
        )
    except CancelledError:
        raise
    except MedrcvlError as exc:
        run.warn(tr("The IFN vector tiles could not be read either: {error}").format(error=exc))
        return table
    scores = frame.set_index("code")["ifn_score"]
    table = table.copy()
    table["ifn_score"] = units["code_insee"].map(scores).astype(float).to_numpy()
    method = METHOD_CODE if frame.attrs.get("joined") == "code" else METHOD_POINT
    table["ifn_method"] = [method if not math.isnan(v) else None for v in table["ifn_score"]]
    table["rank_epci"] = ind.ranks(table, "code_epci").to_numpy()
    table["flag_priority"] = ind.priority(
        table["ifn_score"], table["dist_lieu_km"], run.params.ifn_threshold, run.params.distance_km
    )
    prov = frame.attrs["provenance"]
    row = prov.to_dict()
    row["notes"] = " | ".join(prov.notes)
    run.provenance.append({**row, "fields": "ifn_score"})
    run.missing.remove("ifn_communes")
    run.warn(
        tr(
            "No IFN file: the overall score comes from the vector tiles of {site} ({n} of {m} "
            "communes); the five sub-scores, the references and the ranks within the département "
            "stay empty."
        ).format(site="fragilite-numerique.fr", n=int(table["ifn_score"].notna().sum()), m=len(table))
    )
    return table
