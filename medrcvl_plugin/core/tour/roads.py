"""Road distances of the tour planner with QGIS's own network analysis (``qgis.analysis``)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..base.errors import CancelledError, DataFormatError
from ..base.i18n import tr


def road_km(roads, candidates: pd.DataFrame, communes: pd.DataFrame, feedback=None) -> np.ndarray:
    """(len(candidates), len(communes)) shortest road distances in km (inf when not connected), plus the
    straight legs from each point to the road it is tied to.

    The points (EPSG:2154) are tied to the nearest road of ``roads`` (a line layer, any CRS, both
    directions); the graph is built by ``QgsVectorLayerDirector`` + ``QgsGraphBuilder`` and searched
    by ``QgsGraphAnalyzer.dijkstra`` from each candidate."""
    from qgis.analysis import (
        QgsGraphAnalyzer,
        QgsGraphBuilder,
        QgsNetworkDistanceStrategy,
        QgsVectorLayerDirector,
    )
    from qgis.core import QgsCoordinateReferenceSystem, QgsPointXY, QgsWkbTypes

    if roads is None or not roads.isValid() or roads.geometryType() != QgsWkbTypes.GeometryType.LineGeometry:
        raise DataFormatError(tr("The road layer must be a valid line layer."), field="roads")
    if roads.featureCount() == 0:
        raise DataFormatError(tr("The road layer {n} has no road.").format(n=roads.name()), field="roads")
    director = QgsVectorLayerDirector(roads, -1, "", "", "", QgsVectorLayerDirector.Direction.DirectionBoth)
    director.addStrategy(QgsNetworkDistanceStrategy())
    builder = QgsGraphBuilder(QgsCoordinateReferenceSystem("EPSG:2154"))
    points = [QgsPointXY(x, y) for x, y in zip(candidates["x"], candidates["y"])]
    points += [QgsPointXY(x, y) for x, y in zip(communes["x"], communes["y"])]
    tied = director.makeGraph(builder, points)
    graph = builder.graph()
    vertices = [graph.findVertex(p) for p in tied]
    offsets = [math.hypot(p.x() - q.x(), p.y() - q.y()) for p, q in zip(points, tied)]  # to the road
    m = len(candidates)
    result = np.full((m, len(communes)), math.inf)
    for i in range(m):
        if feedback is not None and feedback.isCanceled():
            raise CancelledError(tr("Tour planning cancelled."))
        if vertices[i] < 0:
            continue
        _, cost = QgsGraphAnalyzer.dijkstra(graph, vertices[i], 0)
        for j, vertex in enumerate(vertices[m:]):
            value = cost[vertex] if vertex >= 0 else math.inf
            if value is not None and 0 <= value < math.inf:
                result[i, j] = (value + offsets[i] + offsets[m + j]) / 1000.0
    return result
