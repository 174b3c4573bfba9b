"""Processing algorithm ``medrcvl:exportatlas``: the French PDF atlas of a diagnostic."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExpression,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
)

from ...compat import ALGORITHM_FLAG_NO_THREADING, FILE_BEHAVIOR_FILE, NUMBER_INTEGER
from ...core.output.atlas.options import ORDERS, ORIENTATIONS, AtlasOptions
from .base import MedrcvlAlgorithm


class ExportAtlasAlgorithm(MedrcvlAlgorithm):
    """Export the atlas (cover + one page per commune) to PDF and save the styled QGIS project."""

    ALGORITHM_ID = "exportatlas"
    GROUP_ID = "maps"
    INPUT = "INPUT"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    PER_COMMUNE = "PER_COMMUNE"
    ORDER = "ORDER"
    FILTER = "FILTER"
    DPI = "DPI"
    ORIENTATION = "ORIENTATION"
    TEMPLATE = "TEMPLATE"
    OVERWRITE = "OVERWRITE"
    PAGES = "PAGES"
    FILES = "FILES"

    def displayName(self) -> str:
        return self.tr("Export the PDF atlas")

    def flags(self):
        return super().flags() | ALGORITHM_FLAG_NO_THREADING

    def help_text(self) -> str:
        return self.tr(
            "Prints the French atlas of a diagnostic GeoPackage for elected officials: a cover "
            "page for the territory (map of the fragility index, key figures, short text) and one "
            "A4 "
            "page per commune (map of its neighbourhood with the mediation places, indicators "
            "next to the EPCI, département, région and France, bar chart of the five IFN "
            "sub-scores, places in and near the commune, generated sentences), with legend, "
            "scale bar, north arrow, date and the sources and licences of every dataset. "
            "Writes atlas.pdf (or one PDF per commune) and diagnostic.qgz with the styled "
            "layers and the layout into the output folder. Existing files are only replaced "
            "when Overwrite is checked."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterFile(
                self.INPUT, self.tr("Diagnostic GeoPackage"), behavior=FILE_BEHAVIOR_FILE, extension="gpkg"
            )
        )
        self.addParameter(
            QgsProcessingParameterFolderDestination(self.OUTPUT_FOLDER, self.tr("Output folder"))
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.PER_COMMUNE, self.tr("One PDF per commune"), defaultValue=False
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.ORDER,
                self.tr("Page order"),
                options=[self.tr("Commune name"), self.tr("Fragility score (most fragile first)")],
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterExpression(
                self.FILTER, self.tr("Communes to print (expression)"), optional=True, defaultValue=""
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.DPI,
                self.tr("Resolution (dpi)"),
                type=NUMBER_INTEGER,
                defaultValue=150,
                minValue=30,
                maxValue=1200,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.ORIENTATION,
                self.tr("Orientation"),
                options=[self.tr("Portrait"), self.tr("Landscape")],
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                self.TEMPLATE,
                self.tr("Layout template (.qpt)"),
                behavior=FILE_BEHAVIOR_FILE,
                extension="qpt",
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.OVERWRITE, self.tr("Overwrite existing files"), defaultValue=False
            )
        )
        self.addOutput(QgsProcessingOutputNumber(self.PAGES, self.tr("Pages")))
        self.addOutput(QgsProcessingOutputString(self.FILES, self.tr("Files written")))

    def processAlgorithm(self, parameters, context, feedback) -> dict:
        from ...core.output.atlas import export_atlas

        gpkg = Path(self.parameterAsFile(parameters, self.INPUT, context))
        out_dir = Path(self.parameterAsString(parameters, self.OUTPUT_FOLDER, context))
        template = self.parameterAsFile(parameters, self.TEMPLATE, context)
        options = AtlasOptions(
            per_commune=self.parameterAsBoolean(parameters, self.PER_COMMUNE, context),
            order=ORDERS[self.parameterAsEnum(parameters, self.ORDER, context)],
            filter_expression=self.parameterAsExpression(parameters, self.FILTER, context) or "",
            dpi=self.parameterAsInt(parameters, self.DPI, context),
            orientation=ORIENTATIONS[self.parameterAsEnum(parameters, self.ORIENTATION, context)],
            template=Path(template) if template else None,
            overwrite=self.parameterAsBoolean(parameters, self.OVERWRITE, context),
        )
        result = self.call_core(export_atlas, gpkg, out_dir, options, feedback=feedback)
        for path in result.files:
            feedback.pushInfo(self.tr("Written: {p}").format(p=path))
        return {
            self.OUTPUT_FOLDER: str(out_dir),
            self.PAGES: result.pages,
            self.FILES: ";".join(str(p) for p in result.files),
        }
