"""Processing algorithm ``medrcvl:exporttables``: the diagnostic's tables for partners (CSV, XLSX)."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
)

from ...compat import FILE_BEHAVIOR_FILE
from .base import MedrcvlAlgorithm

FORMATS = ("csv", "xlsx")


class ExportTablesAlgorithm(MedrcvlAlgorithm):
    """Write the communes' indicators, the places and the sources as French CSV files and an XLSX workbook."""

    ALGORITHM_ID = "exporttables"
    GROUP_ID = "exports"
    INPUT = "INPUT"
    FORMATS = "FORMATS"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    OVERWRITE = "OVERWRITE"
    FILES = "FILES"

    def displayName(self) -> str:
        return self.tr("Export tables for partners (CSV, XLSX)")

    def help_text(self) -> str:
        return self.tr(
            "Writes the tables of a diagnostic GeoPackage for partners who work in a spreadsheet: "
            "communes.csv (indicators of each commune and its centroid in WGS84), lieux.csv "
            "(places with longitude/latitude in WGS84 and X/Y in Lambert-93, categories, "
            "programmes, address, commune) and sources.csv (producer, vintage and licence of "
            "each dataset). The CSV files are UTF-8 with BOM, separated by semicolons, with a "
            "decimal comma and French headers, so that a French spreadsheet opens them without "
            "an import wizard. diagnostic.xlsx holds the same tables in the sheets communes, "
            "lieux and sources; INSEE codes are text cells, so 01001 and 2A004 keep their "
            "form. Existing files are only replaced when Overwrite is checked."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterFile(
                self.INPUT, self.tr("Diagnostic GeoPackage"), behavior=FILE_BEHAVIOR_FILE, extension="gpkg"
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.FORMATS,
                self.tr("Formats"),
                options=["CSV", "XLSX"],
                allowMultiple=True,
                defaultValue=[0, 1],
            )
        )
        self.addParameter(
            QgsProcessingParameterFolderDestination(self.OUTPUT_FOLDER, self.tr("Output folder"))
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.OVERWRITE, self.tr("Overwrite existing files"), defaultValue=False
            )
        )
        self.addOutput(QgsProcessingOutputString(self.FILES, self.tr("Files written")))

    def processAlgorithm(self, parameters, context, feedback) -> dict:
        from ...core.output.exports.tables import export_tables

        gpkg = Path(self.parameterAsFile(parameters, self.INPUT, context))
        chosen = self.parameterAsEnums(parameters, self.FORMATS, context) or [0, 1]
        formats = [FORMATS[i] for i in chosen]
        out_dir = Path(self.parameterAsString(parameters, self.OUTPUT_FOLDER, context))
        overwrite = self.parameterAsBoolean(parameters, self.OVERWRITE, context)
        files = self.call_core(export_tables, gpkg, out_dir, formats, overwrite=overwrite, feedback=feedback)
        for path in files:
            feedback.pushInfo(self.tr("Written: {p}").format(p=path))
        return {self.OUTPUT_FOLDER: str(out_dir), self.FILES: ";".join(str(p) for p in files)}
