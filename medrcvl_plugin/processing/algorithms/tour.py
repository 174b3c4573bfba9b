"""Processing algorithm ``medrcvl:tour``: K stops of an itinerant service chosen on a diagnostic."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterVectorLayer,
)

from ...compat import (
    ALGORITHM_FLAG_NO_THREADING,
    FILE_BEHAVIOR_FILE,
    NUMBER_DOUBLE,
    NUMBER_INTEGER,
    SOURCE_VECTOR_ANY,
    SOURCE_VECTOR_POINT,
)
from .base import MedrcvlAlgorithm


class TourAlgorithm(MedrcvlAlgorithm):
    """Choose the stops of a bus numérique or France Services truck that serve the most fragile remote
    communes."""

    ALGORITHM_ID = "tour"
    GROUP_ID = "diagnostic"
    INPUT = "INPUT"
    STOPS = "STOPS"
    RADIUS = "RADIUS_KM"
    BEYOND = "BEYOND_KM"
    CANDIDATES = "CANDIDATES"
    ROADS = "ROADS"
    ATLAS = "ATLAS"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    OVERWRITE = "OVERWRITE"
    VALUE = "VALUE"
    METHOD = "METHOD"
    UPPER_BOUND = "UPPER_BOUND"
    COMBINATIONS = "COMBINATIONS"
    FILES = "FILES"

    def displayName(self) -> str:
        return self.tr("Plan an itinerant service (tour)")

    def flags(self):
        return super().flags() | ALGORITHM_FLAG_NO_THREADING

    def help_text(self) -> str:
        return self.tr(
            "Chooses K stops for a bus or truck touring the communes farther than X km from any "
            "fixed mediation place, each weighted by population × IFN score / 10 (communes without "
            "a score are listed, not weighted). A commune is served when a stop lies within R km "
            "of its point on surface (straight line, or along the roads of an optional line layer "
            "with QGIS network analysis); the stops maximise the total weight served, each commune "
            "counted once. The exact optimum is computed whenever the number of combinations is "
            "at most 2,000,000, otherwise a greedy choice improved by 1-swap, and the result says "
            "which. Candidates: every commune of the diagnostic, or a point layer (town halls, "
            "village halls). Writes tournee.gpkg (layers arrets and communes, styled), "
            "tournee.csv for the operator and the atlas page tournee.pdf."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterFile(
                self.INPUT, self.tr("Diagnostic GeoPackage"), behavior=FILE_BEHAVIOR_FILE, extension="gpkg"
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.STOPS, self.tr("Number of stops (K)"), type=NUMBER_INTEGER, defaultValue=5, minValue=1
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.RADIUS,
                self.tr("Radius served by a stop (km)"),
                type=NUMBER_DOUBLE,
                defaultValue=10.0,
                minValue=0.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.BEYOND,
                self.tr("Communes farther than this from a fixed place (km)"),
                type=NUMBER_DOUBLE,
                defaultValue=5.0,
                minValue=0.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterVectorLayer(
                self.CANDIDATES,
                self.tr("Candidate stops (points; default: every commune)"),
                [SOURCE_VECTOR_POINT],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterVectorLayer(
                self.ROADS,
                self.tr("Road network (lines; default: straight-line distances)"),
                [SOURCE_VECTOR_ANY],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(self.ATLAS, self.tr("Atlas page (PDF)"), defaultValue=True)
        )
        self.addParameter(
            QgsProcessingParameterFolderDestination(self.OUTPUT_FOLDER, self.tr("Output folder"))
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.OVERWRITE, self.tr("Overwrite existing files"), defaultValue=False
            )
        )
        self.addOutput(QgsProcessingOutputNumber(self.VALUE, self.tr("Weight served")))
        self.addOutput(QgsProcessingOutputString(self.METHOD, self.tr("Method (exact or greedy)")))
        self.addOutput(QgsProcessingOutputNumber(self.UPPER_BOUND, self.tr("Upper bound of the optimum")))
        self.addOutput(QgsProcessingOutputNumber(self.COMBINATIONS, self.tr("Number of combinations")))
        self.addOutput(QgsProcessingOutputString(self.FILES, self.tr("Files written")))

    def processAlgorithm(self, parameters, context, feedback) -> dict:
        from ...core.tour.plan import TourParams
        from ...core.tour.run import method_text, run_tour

        params = TourParams(
            Path(self.parameterAsFile(parameters, self.INPUT, context)),
            Path(self.parameterAsString(parameters, self.OUTPUT_FOLDER, context)),
            self.parameterAsInt(parameters, self.STOPS, context),
            self.parameterAsDouble(parameters, self.RADIUS, context),
            self.parameterAsDouble(parameters, self.BEYOND, context),
            candidates=self.parameterAsVectorLayer(parameters, self.CANDIDATES, context),
            roads=self.parameterAsVectorLayer(parameters, self.ROADS, context),
            overwrite=self.parameterAsBoolean(parameters, self.OVERWRITE, context),
            atlas=self.parameterAsBoolean(parameters, self.ATLAS, context),
        )
        result = self.call_core(run_tour, params, feedback=feedback)
        feedback.pushInfo(method_text(result, params))
        for path in result.files:
            feedback.pushInfo(self.tr("Written: {p}").format(p=path))
        return {
            self.OUTPUT_FOLDER: str(params.out_dir),
            self.VALUE: result.solution.value,
            self.METHOD: result.solution.method,
            self.UPPER_BOUND: result.solution.upper_bound,
            self.COMBINATIONS: float(result.solution.combinations),
            self.FILES: ";".join(str(p) for p in result.files),
        }
