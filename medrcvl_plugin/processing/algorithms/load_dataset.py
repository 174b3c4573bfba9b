"""Processing algorithm ``medrcvl:loaddataset``: one catalogue dataset as a table or a point layer."""

from __future__ import annotations

import importlib

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureSink,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterString,
)

from ...compat import WKB_NO_GEOMETRY, WKB_POINT
from ...core.sources.catalogue import SOURCES
from .base import MedrcvlAlgorithm, attach_finisher, layer_metadata, style_function
from .frames import frame_features, frame_fields

# Datasets read from one file (no territory or tile parameters needed), in menu order.
DATASETS = [
    "ifn_communes",
    "ifn_epci",
    "arcep_techno",
    "arcep_debit",
    "arcep_best",
    "lieux_standard",
    "lieux_hub_lo",
    "france_services",
    "population",
    "cog_communes",
    "cog_mouvements",
    "epci_composition",
    "banatic",
    "cnfs",
    "aidants_connect",
]
PLACES = {"lieux_standard", "lieux_hub_lo", "france_services"}


def read_dataset(source_id: str, path) -> object:
    """Parse ``path`` with the catalogue's reader of ``source_id``."""
    module_name, function_name = SOURCES[source_id].parser.rsplit(".", 1)
    module = importlib.import_module(f"medrcvl_plugin.core.readers.{module_name}")
    return getattr(module, function_name)(path)


class LoadDatasetAlgorithm(MedrcvlAlgorithm):
    """Download (or read from a mirror/file) one dataset of the catalogue and load it."""

    ALGORITHM_ID = "loaddataset"
    GROUP_ID = "data"
    SOURCE = "SOURCE"
    LOCATION = "LOCATION"
    MIRROR = "MIRROR"
    OUTPUT = "OUTPUT"

    def displayName(self) -> str:
        return self.tr("Load a dataset of the catalogue")

    def help_text(self) -> str:
        return self.tr(
            "Reads one public dataset (fragility index, ARCEP coverage, INSEE populations and "
            "COG, EPCI composition, digital-mediation places) from a file or URL you give, "
            "from a mirror, or from its publisher, checks its layout and loads it as a table "
            "(places: a point layer in WGS 84). The layer metadata names the source, vintage "
            "and licence."
        )

    def initAlgorithm(self, config=None) -> None:
        options = [f"{SOURCES[s].title} ({s})" for s in DATASETS]
        self.addParameter(
            QgsProcessingParameterEnum(self.SOURCE, self.tr("Dataset"), options=options, defaultValue=0)
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.LOCATION, self.tr("File or URL (empty = mirror or publisher)"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.MIRROR, self.tr("Data mirror (folder or base URL)"), optional=True
            )
        )
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Dataset")))

    def processAlgorithm(self, parameters, context, feedback) -> dict:
        from ...core.sources import fetch

        source_id = DATASETS[self.parameterAsEnum(parameters, self.SOURCE, context)]
        location = self.parameterAsString(parameters, self.LOCATION, context).strip() or None
        mirror = self.parameterAsString(parameters, self.MIRROR, context).strip() or None
        fetched = self.call_core(fetch.obtain, source_id, location=location, mirror=mirror, feedback=feedback)
        feedback.pushInfo(self.tr("Reading {p}…").format(p=fetched.path))
        feedback.setProgress(30)
        frame = self.call_core(lambda feedback=None: read_dataset(source_id, fetched.path), feedback=feedback)
        self.check_canceled(feedback)
        places = source_id in PLACES and {"latitude", "longitude"} <= set(frame.columns)
        fields = frame_fields(frame)
        geometry = WKB_POINT if places else WKB_NO_GEOMETRY
        crs = QgsCoordinateReferenceSystem("EPSG:4326") if places else QgsCoordinateReferenceSystem()
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, geometry, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        total = max(len(frame), 1)
        lon, lat = ("longitude", "latitude") if places else (None, None)
        for i, feature in enumerate(frame_features(frame, fields, lon, lat)):
            if i % 500 == 0:
                self.check_canceled(feedback)
                feedback.setProgress(30 + 70.0 * i / total)
            sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)
        feedback.pushInfo(self.tr("{n} rows loaded from {s}.").format(n=len(frame), s=source_id))
        source = SOURCES[source_id]
        self._finish = (dest_id, layer_metadata(source.title, [fetched.provenance]), places)
        return {self.OUTPUT: dest_id}

    def postProcessAlgorithm(self, context, feedback) -> dict:
        dest_id, metadata, places = getattr(self, "_finish", (None, None, False))
        if dest_id:
            style = style_function("style_lieux") if places else None
            attach_finisher(context, dest_id, metadata, style, feedback)
        return {}
