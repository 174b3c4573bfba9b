"""Processing algorithm ``medrcvl:qualityreport``: problems found in a places layer."""

from __future__ import annotations

import datetime as dt

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ...compat import FIELD_TYPES, NUMBER_INTEGER, SOURCE_VECTOR_POINT, SOURCE_VECTOR_POLYGON
from .base import MedrcvlAlgorithm


class QualityReportAlgorithm(MedrcvlAlgorithm):
    """List duplicates, stale records, code and coordinate problems and missing services of places."""

    ALGORITHM_ID = "qualityreport"
    GROUP_ID = "exports"
    INPUT = "INPUT"
    COMMUNES = "COMMUNES"
    CODE_FIELD = "CODE_FIELD"
    TODAY = "TODAY"
    STALE_MONTHS = "STALE_MONTHS"
    OUTPUT = "OUTPUT"
    OUTPUT_TABLE = "OUTPUT_TABLE"
    ISSUES = "ISSUES"

    def displayName(self) -> str:
        return self.tr("Quality report of digital-mediation places")

    def help_text(self) -> str:
        return self.tr(
            "Checks a places layer and lists one row per problem: possible duplicates (same "
            "name and address, or less than 25 m apart), records not updated for a number of "
            "months, missing INSEE code, code inconsistent with the commune polygon containing "
            "the point (when a communes layer is given), missing or 0,0 coordinates or points "
            "outside France, and places without any service. Outputs a point layer of the "
            "problems (at the place) and the same list as a table."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterFeatureSource(self.INPUT, self.tr("Places layer"), [SOURCE_VECTOR_POINT])
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.COMMUNES,
                self.tr("Communes layer (optional, to check INSEE codes)"),
                [SOURCE_VECTOR_POLYGON],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.CODE_FIELD,
                self.tr("INSEE code field of the communes"),
                parentLayerParameterName=self.COMMUNES,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.TODAY, self.tr("Reference date YYYY-MM-DD (empty = today)"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.STALE_MONTHS, self.tr("Stale after (months)"), NUMBER_INTEGER, 18, minValue=1
            )
        )
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Place problems")))
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT_TABLE, self.tr("Place problems (table)"), optional=True
            )
        )
        self.addOutput(QgsProcessingOutputNumber(self.ISSUES, self.tr("Problems found")))

    def processAlgorithm(self, parameters, context, feedback) -> dict:
        from ...core.geometry.coordinates import usable
        from ...core.indicators.quality import has_coordinates, quality_report
        from ...core.output.exports.standard import frame_from_layer

        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        communes = self.parameterAsSource(parameters, self.COMMUNES, context)
        code_field = self.parameterAsString(parameters, self.CODE_FIELD, context) or None
        text = self.parameterAsString(parameters, self.TODAY, context).strip()
        try:
            today = dt.date.fromisoformat(text) if text else None
        except ValueError as error:
            raise QgsProcessingException(
                self.tr("Reference date {d!r}: expected YYYY-MM-DD.").format(d=text)
            ) from error
        months = self.parameterAsInt(parameters, self.STALE_MONTHS, context)
        places = frame_from_layer(source)
        for column in ("lieu_id", "nom", "adresse", "code_insee", "date_maj", "services"):
            if column not in places.columns:
                places[column] = None
        places["lieu_id"] = places["lieu_id"].where(places["lieu_id"].notna(), places.index.astype(str))
        report = self.call_core(
            quality_report,
            places,
            communes,
            today=today,
            stale_months=months,
            code_field=code_field,
            feedback=feedback,
        )
        fields = QgsFields()
        for name in report.columns:
            fields.append(QgsField(name, FIELD_TYPES["string"]))
        crs = QgsCoordinateReferenceSystem("EPSG:4326")
        sink, dest_id = self.parameterAsSink(
            parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.Point, crs
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        table, table_id = self.parameterAsSink(
            parameters,
            self.OUTPUT_TABLE,
            context,
            fields,
            QgsWkbTypes.Type.NoGeometry,
            QgsCoordinateReferenceSystem(),
        )
        where = places.drop_duplicates("lieu_id").set_index("lieu_id")[["latitude", "longitude"]]
        for row in report.itertuples(index=False):
            feature = QgsFeature(fields)
            feature.setAttributes([None if v is None else str(v) for v in row])
            if table is not None:
                table.addFeature(QgsFeature(feature), QgsFeatureSink.Flag.FastInsert)
            lat, lon = where.at[row.lieu_id, "latitude"], where.at[row.lieu_id, "longitude"]
            if has_coordinates(lat, lon) and usable(lat, lon)[0]:  # never an infinite point
                feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(float(lon), float(lat))))
            sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)
        feedback.pushInfo(
            self.tr("{n} problem(s) found in {p} place(s).").format(n=len(report), p=len(places))
        )
        outputs = {self.OUTPUT: dest_id, self.ISSUES: len(report)}
        if table is not None:
            outputs[self.OUTPUT_TABLE] = table_id
        return outputs
