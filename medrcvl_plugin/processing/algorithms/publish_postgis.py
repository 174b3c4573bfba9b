"""Processing algorithm ``medrcvl:publishpostgis``: publish a diagnostic into a shared PostGIS database."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFile,
    QgsProcessingParameterProviderConnection,
    QgsProcessingParameterString,
)

from ...compat import FILE_BEHAVIOR_FILE
from .base import MedrcvlAlgorithm


class PublishPostgisAlgorithm(MedrcvlAlgorithm):
    """Publish a diagnostic (layers, provenance, styles) into PostGIS, one schema per vintage."""

    ALGORITHM_ID = "publishpostgis"
    GROUP_ID = "exports"
    INPUT = "INPUT"
    CONNECTION = "CONNECTION"
    URI = "URI"
    SCHEMA = "SCHEMA"
    VINTAGE = "VINTAGE"
    OVERWRITE = "OVERWRITE"
    OUTPUT_SCHEMA = "OUTPUT_SCHEMA"
    COMMUNES = "COMMUNES"
    LIEUX = "LIEUX"

    def displayName(self) -> str:
        return self.tr("Publish the diagnostic to PostGIS")

    def help_text(self) -> str:
        return self.tr(
            "Publishes a diagnostic GeoPackage into a PostgreSQL/PostGIS database shared with "
            "partners: the communes and lieux layers (EPSG:2154, with spatial indexes), the "
            "provenance table and the other tables, into the schema <schema>_<vintage> (for "
            "example medrcvl_2026), with the layers' styles saved as default styles in "
            "layer_styles. A new vintage never removes the previous ones; publishing a vintage "
            "that already exists needs Overwrite. Use a saved PostgreSQL connection of QGIS or "
            "a connection string (service=…, or host=… dbname=… authcfg=…): prefer an "
            "authentication configuration to a password; passwords are never shown in the log."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterFile(
                self.INPUT, self.tr("Diagnostic GeoPackage"), behavior=FILE_BEHAVIOR_FILE, extension="gpkg"
            )
        )
        self.addParameter(
            QgsProcessingParameterProviderConnection(
                self.CONNECTION, self.tr("Saved PostgreSQL connection"), "postgres", optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.URI, self.tr("Or connection string (service=…, authcfg=…)"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterString(self.SCHEMA, self.tr("Schema prefix"), defaultValue="medrcvl")
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.VINTAGE, self.tr("Vintage (default: current year)"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.OVERWRITE, self.tr("Replace the vintage if it is already published"), defaultValue=False
            )
        )
        self.addOutput(QgsProcessingOutputString(self.OUTPUT_SCHEMA, self.tr("Schema written")))
        self.addOutput(QgsProcessingOutputNumber(self.COMMUNES, self.tr("Communes published")))
        self.addOutput(QgsProcessingOutputNumber(self.LIEUX, self.tr("Places published")))

    def processAlgorithm(self, parameters, context, feedback) -> dict:
        from ...core.output.exports.postgis import publish

        gpkg = Path(self.parameterAsFile(parameters, self.INPUT, context))
        connection = self.parameterAsConnectionName(parameters, self.CONNECTION, context) or None
        uri = self.parameterAsString(parameters, self.URI, context) or None
        schema = self.parameterAsString(parameters, self.SCHEMA, context) or "medrcvl"
        vintage = self.parameterAsString(parameters, self.VINTAGE, context) or None
        overwrite = self.parameterAsBoolean(parameters, self.OVERWRITE, context)
        result = self.call_core(
            publish,
            gpkg,
            connection=connection,
            uri=uri,
            schema=schema,
            vintage=vintage,
            overwrite=overwrite,
            feedback=feedback,
        )
        return {
            self.OUTPUT_SCHEMA: result.schema,
            self.COMMUNES: result.counts.get("communes", 0),
            self.LIEUX: result.counts.get("lieux", 0),
        }
