"""Live IFN fallback: the overall score per commune read from the vector tiles of fragilite-numerique.fr.

The site publishes no stable CSV; its national map reads Mapbox vector tiles
``/api/tiles/city/{z}/{x}/{y}?...&variation=all`` at zooms 12–14 (catalogue source ``ifn_tiles``; the
layer ``city``; only the property ``score``, 0–10, is publicly documented). A feature carrying a commune
code (``code``, ``code_insee``, ``insee``, ``codgeo``, ``id``) is joined on it; otherwise each commune
takes the score of the tile polygon that contains its point on surface (``points``). Only ``ifn_score``
is filled: the five sub-scores stay NaN. Tiles are decoded by GDAL's MVT driver.
"""

from __future__ import annotations

import gzip
import logging
import math
import uuid
from typing import Any, Iterable, Sequence, Union

import pandas as pd
from osgeo import gdal, ogr
from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject, QgsRectangle

from ..base.errors import CancelledError, DataFormatError, NetworkError, TerritoryError
from ..base.i18n import tr
from ..base.settings import Settings
from ..sources.cache import now_iso
from ..sources.catalogue import source
from ..sources.network import get
from .ifn import OUTPUT

log = logging.getLogger(__name__)

SOURCE_ID = "ifn_tiles"
DEFAULT_ZOOM = 12  # the national map requests city tiles at zooms 12-14
MAX_TILES = 256
CODE_PROPERTIES = ("code", "code_insee", "insee", "codgeo", "id")
NAME_PROPERTIES = ("nom", "name", "libelle")
SCORE_PROPERTY = "score"
MAX_LAT = 85.0511287798

Bbox = Union[QgsRectangle, Sequence[float]]


def lonlat_to_tile(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    """The XYZ (slippy map, y down from the north) tile holding ``lon``/``lat`` at ``zoom``."""
    n = 2**zoom
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n)
    return min(max(x, 0), n - 1), min(max(y, 0), n - 1)


def tiles_for_bbox(
    xmin: float, ymin: float, xmax: float, ymax: float, zoom: int
) -> list[tuple[int, int, int]]:
    """The (z, x, y) tiles covering a longitude/latitude box."""
    x0, y0 = lonlat_to_tile(xmin, ymax, zoom)
    x1, y1 = lonlat_to_tile(xmax, ymin, zoom)
    return [(zoom, x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]


def _bbox_wgs84(bbox: Bbox, crs) -> tuple[float, float, float, float]:
    rect = bbox if isinstance(bbox, QgsRectangle) else QgsRectangle(*bbox)
    src = crs if isinstance(crs, QgsCoordinateReferenceSystem) else QgsCoordinateReferenceSystem(str(crs))
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    if src.isValid() and src != wgs84:
        rect = QgsCoordinateTransform(src, wgs84, QgsProject.instance()).transformBoundingBox(rect)
    return rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum()


def decode_tile(data: bytes, z: int, x: int, y: int, label: str = "") -> list[dict]:
    """The features' properties of one MVT tile (every layer), decoded with GDAL."""
    return [props for props, _geometry in decode_features(data, z, x, y, label)]


def decode_features(data: bytes, z: int, x: int, y: int, label: str = "") -> list[tuple[dict, object]]:
    """(properties, OGR geometry in EPSG:3857) of every feature of one MVT tile, decoded with GDAL."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if not data:
        return []
    path = f"/vsimem/medrcvl-{uuid.uuid4().hex}/{z}/{x}/{y}.pbf"
    gdal.FileFromMemBuffer(path, data)
    try:
        ds = gdal.OpenEx(
            path, gdal.OF_VECTOR, allowed_drivers=["MVT"], open_options=[f"X={x}", f"Y={y}", f"Z={z}"]
        )
        opened = ds is not None
        rows = []
        if opened:
            for index in range(ds.GetLayerCount()):
                for feature in ds.GetLayer(index):
                    geometry = feature.GetGeometryRef()
                    rows.append((feature.items(), geometry.Clone() if geometry is not None else None))
        ds = None  # close before the memory file goes
    except RuntimeError as exc:
        raise DataFormatError(
            tr("{source}: not a vector tile ({error}).").format(source=label, error=exc), source=label
        ) from None
    finally:
        gdal.Unlink(path)
    if not opened:
        raise DataFormatError(tr("{source}: not a vector tile.").format(source=label), source=label)
    return rows


class _StepFeedback:
    """Maps the progress of step ``i`` of ``n`` onto a parent feedback; cancel goes through."""

    def __init__(self, parent, steps: int) -> None:
        self.parent, self.steps, self.step = parent, max(1, steps), 0

    def isCanceled(self) -> bool:
        return self.parent is not None and self.parent.isCanceled()

    def setProgress(self, value: float) -> None:
        if self.parent is not None:
            self.parent.setProgress((self.step + value / 100.0) * 100.0 / self.steps)


def _first(props: dict, names: Iterable[str]):
    for name in names:
        value = props.get(name)
        if value not in (None, ""):
            return value
    return None


def _score(value) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return math.nan
    return number if 0.0 < number <= 10.0 else math.nan


def _located(geometry, points: dict[str, tuple[float, float]]) -> list[str]:
    """The codes whose point (EPSG:3857) lies inside the tile ``geometry``."""
    if geometry is None or not points:
        return []
    xmin, xmax, ymin, ymax = geometry.GetEnvelope()
    found = []
    for code, (px, py) in points.items():
        if xmin <= px <= xmax and ymin <= py <= ymax:
            point = ogr.Geometry(ogr.wkbPoint)
            point.AddPoint_2D(px, py)
            if geometry.Contains(point):
                found.append(code)
    return found


def read_tiles(
    codes: Iterable[str],
    bbox: Bbox,
    settings: Settings | None = None,
    feedback=None,
    *,
    crs="EPSG:4326",
    zoom: int = DEFAULT_ZOOM,
    url_template: str | None = None,
    max_tiles: int = MAX_TILES,
    points: dict[str, tuple[float, float]] | None = None,
) -> pd.DataFrame:
    """IFN overall scores of ``codes`` from the tiles covering ``bbox`` (in ``crs``).

    ``points``: a point inside each commune (EPSG:3857), for tiles whose features carry no code.
    Returns the columns of ``ifn.read_ifn`` (only ``ifn_score`` filled, NaN when a commune is in no
    tile); ``df.attrs["provenance"]`` holds the Provenance (mode "tiles") with notes and
    ``df.attrs["joined"]`` says how ("code" or "point in polygon").
    """
    wanted = [str(c).strip() for c in codes]
    src = source(SOURCE_ID)
    template = url_template or src.url
    conf = settings if settings is not None else Settings.load()
    tiles = tiles_for_bbox(*_bbox_wgs84(bbox, crs), zoom)
    if len(tiles) > max_tiles:
        raise TerritoryError(
            tr(
                "The territory needs {n} IFN tiles at zoom {z} (more than {max}); "
                "use a lower zoom or the IFN CSV file."
            ).format(n=len(tiles), z=zoom, max=max_tiles)
        )
    step = _StepFeedback(feedback, len(tiles))
    found: dict[str, dict] = {}
    joined: set[str] = set()
    notes: list[str] = []
    empty = 0
    for index, (z, x, y) in enumerate(tiles):
        if feedback is not None and feedback.isCanceled():
            raise CancelledError(tr("Reading of the IFN tiles cancelled."))
        step.step = index
        url = template.format(z=z, x=x, y=y)
        try:
            data = get(url, settings=conf, feedback=step if feedback is not None else None)
        except NetworkError as exc:
            if exc.status != 404:
                raise
            data = b""
        if not data:
            empty += 1
            continue
        for props, geometry in decode_features(data, z, x, y, label=url):
            code = _first(props, CODE_PROPERTIES)
            if code is not None:
                joined.add("code")
                targets = [str(code).strip()]
            else:
                targets = _located(geometry, points or {})
                if targets:
                    joined.add("point in polygon")
            score = _score(props.get(SCORE_PROPERTY))
            for target in targets:
                previous = found.get(target)
                if previous is None or (math.isnan(previous["ifn_score"]) and not math.isnan(score)):
                    found[target] = {"name": _first(props, NAME_PROPERTIES), "ifn_score": score}
                elif not math.isnan(score) and abs(previous["ifn_score"] - score) > 1e-6:
                    log.warning(
                        "IFN tiles: commune %s has scores %s and %s", target, previous["ifn_score"], score
                    )
    rows = []
    for code in wanted:
        hit = found.get(code, {})
        row: dict[str, Any] = dict.fromkeys(OUTPUT, math.nan)  # code and name are text
        row.update(code=code, name=hit.get("name"), division="city", ifn_score=hit.get("ifn_score", math.nan))
        rows.append(row)
    frame = pd.DataFrame(rows, columns=list(OUTPUT))
    frame["code"] = frame["code"].astype(object)
    frame["name"] = frame["name"].astype(object)
    missing = [r["code"] for r in rows if math.isnan(r["ifn_score"])]
    notes.append(
        tr(
            "overall IFN score read from {n} vector tile(s) at zoom {z}; the five sub-scores are "
            "not published in the tiles"
        ).format(n=len(tiles), z=zoom)
    )
    if empty:
        notes.append(tr("{n} tile(s) were empty").format(n=empty))
    if missing:
        notes.append(tr("no score in the tiles for {codes}").format(codes=", ".join(missing)))
        log.warning("IFN tiles: no score for %s", ", ".join(missing))
    prov = src.provenance(template, "tiles", now_iso())
    prov.notes.extend(notes)
    frame.attrs["provenance"] = prov
    frame.attrs["joined"] = "code" if "code" in joined else ("point in polygon" if joined else "")
    if feedback is not None:
        feedback.setProgress(100.0)
    log.info(
        "IFN tiles: %d tiles, %d/%d communes scored", len(tiles), len(wanted) - len(missing), len(wanted)
    )
    return frame
