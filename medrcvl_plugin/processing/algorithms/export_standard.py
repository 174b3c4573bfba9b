"""Processing algorithm ``medrcvl:exportstandard``: places to the national standard CSV."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
)

from ...compat import SOURCE_VECTOR_POINT
from .base import MedrcvlAlgorithm

MAX_REPORTED = 50


class ExportStandardAlgorithm(MedrcvlAlgorithm):
    """Write a places layer as a CSV of the national standard of digital-mediation places."""

    ALGORITHM_ID = "exportstandard"
    GROUP_ID = "exports"
    INPUT = "INPUT"
    OUTPUT = "OUTPUT"
    OVERWRITE = "OVERWRITE"
    ROWS = "ROWS"
    REJECTED = "REJECTED"

    def displayName(self) -> str:
        return self.tr("Export places to the national standard (CSV)")

    def help_text(self) -> str:
        return self.tr(
            "Writes the digital-mediation places of a point layer (for example the lieux layer "
            "of the diagnostic GeoPackage) as a CSV of the national standard "
            "(schema v1.0.2 of LaMednum/standard-mediation-num): columns in the schema order, "
            "multiple values separated by |, every value quoted, UTF-8. Each row is checked "
            "against the schema; rows that break it (missing SIRET, name, date…) are not "
            "written and are listed in the log with the reason. An existing file is only "
            "replaced when Overwrite is checked."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.INPUT,
                self.tr("Places layer (e.g. diagnostic.gpkg|layername=lieux)"),
                [SOURCE_VECTOR_POINT],
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT, self.tr("Standard CSV file"), self.tr("CSV files (*.csv)")
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.OVERWRITE, self.tr("Overwrite an existing file"), defaultValue=False
            )
        )
        self.addOutput(QgsProcessingOutputNumber(self.ROWS, self.tr("Rows written")))
        self.addOutput(QgsProcessingOutputNumber(self.REJECTED, self.tr("Rows rejected")))

    def processAlgorithm(self, parameters, context, feedback) -> dict:
        from ...core.output.exports.standard import export_standard

        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            from qgis.core import QgsProcessingException

            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        out_csv = Path(self.parameterAsFileOutput(parameters, self.OUTPUT, context))
        overwrite = self.parameterAsBoolean(parameters, self.OVERWRITE, context)
        result = self.call_core(export_standard, source, out_csv, overwrite=overwrite, feedback=feedback)
        lines = sorted({p.line for p in result.rejected})
        for problem in result.rejected[:MAX_REPORTED]:
            feedback.pushWarning(problem.message)
        feedback.pushInfo(
            self.tr("{n} place(s) written to {p}; {r} rejected.").format(
                n=result.rows, p=result.path, r=len(lines)
            )
        )
        return {self.OUTPUT: str(result.path), self.ROWS: result.rows, self.REJECTED: len(lines)}
