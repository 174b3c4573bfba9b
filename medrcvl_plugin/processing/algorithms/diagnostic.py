"""Processing algorithm ``medrcvl:diagnostic``: the full diagnostic of a territory into a GeoPackage."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsFeatureRequest,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsVectorLayer,
)

from ...compat import FIELD_ANY, GEOMETRY_NO_CHECK, NUMBER_DOUBLE, SOURCE_VECTOR_POLYGON
from ...core.base.i18n import tr
from .base import MedrcvlAlgorithm, attach_finisher, style_function

TERRITORY_KINDS = ["epci", "departement", "region", "communes", "layer"]
# (parameter, catalogue source id) of the per-dataset file/URL overrides
LOCATIONS = [
    ("IFN_LOCATION", "ifn_communes"),
    ("IFN_EPCI_LOCATION", "ifn_epci"),
    ("ARCEP_TECHNO_LOCATION", "arcep_techno"),
    ("ARCEP_DEBIT_LOCATION", "arcep_debit"),
    ("ARCEP_BEST_LOCATION", "arcep_best"),
    ("PLACES_LOCATION", "lieux_standard"),
    ("FRANCE_SERVICES_LOCATION", "france_services"),
    ("COG_LOCATION", "cog_communes"),
    ("COG_MOVEMENTS_LOCATION", "cog_mouvements"),
    ("POPULATION_LOCATION", "population"),
    ("EPCI_COMPOSITION_LOCATION", "epci_composition"),
    ("CNFS_LOCATION", "cnfs"),
    ("AIDANTS_CONNECT_LOCATION", "aidants_connect"),
]
DEFAULT_IFN_THRESHOLD = 6.5  # = core.indicators.DEFAULT_IFN_THRESHOLD (not imported: pandas is lazy)
DEFAULT_DISTANCE_KM = 5.0


def location_labels() -> dict[str, str]:
    """Translated labels of the per-dataset location parameters."""
    return {
        "IFN_LOCATION": tr("Fragility index CSV, communes (file or URL)"),
        "IFN_EPCI_LOCATION": tr("Fragility index CSV, EPCI (file or URL)"),
        "ARCEP_TECHNO_LOCATION": tr("ARCEP commune_techno CSV (file or URL)"),
        "ARCEP_DEBIT_LOCATION": tr("ARCEP commune_debit_filaire CSV (file or URL)"),
        "ARCEP_BEST_LOCATION": tr("ARCEP commune_meilleure_techno_thd CSV (file or URL)"),
        "PLACES_LOCATION": tr("Mediation places CSV, national standard (file or URL)"),
        "FRANCE_SERVICES_LOCATION": tr("France services list CSV (file or URL)"),
        "COG_LOCATION": tr("INSEE COG communes CSV, or the COG zip (file or URL)"),
        "COG_MOVEMENTS_LOCATION": tr("INSEE COG commune events CSV, or the COG zip (file or URL)"),
        "POPULATION_LOCATION": tr("INSEE legal populations CSV, or ensemble.zip (file or URL)"),
        "EPCI_COMPOSITION_LOCATION": tr("DGCL EPCI composition workbook, epcicomYYYY.xlsx (file or URL)"),
        "CNFS_LOCATION": tr("Conseillers numériques structures CSV (file or URL)"),
        "AIDANTS_CONNECT_LOCATION": tr("Aidants Connect structures CSV (file or URL)"),
    }


def layer_uri(gpkg: Path | str, layer: str) -> str:
    """OGR URI of ``layer`` inside the GeoPackage ``gpkg``."""
    return f"{gpkg}|layername={layer}"


def style_communes():
    """A function styling the communes layer as a fragility choropleth."""
    graduated = style_function("apply_graduated")
    return lambda layer: graduated(layer, "ifn_score")


def _whole_layer(value) -> bool:
    """Whether a COMMUNE_LAYER parameter value stands for every feature of its layer (not the selected
    ones only, no feature limit, no filter expression)."""
    if not isinstance(value, QgsProcessingFeatureSourceDefinition):
        return True
    return (
        not value.selectedFeaturesOnly
        and value.featureLimit < 0
        and not getattr(value, "filterExpression", "")
    )  # (filterExpression: QGIS >= 3.32)


def file_layer(value, layer: QgsVectorLayer | None, code_field: str) -> QgsVectorLayer | None:
    """A new layer on the file of ``layer`` when it is a plain OGR file layer that the core can read
    as it is (whole layer, no subset, no unsaved edits, the file's own CRS and fields); else None."""
    if layer is None or not _whole_layer(value) or layer.providerType() != "ogr":
        return None
    if layer.subsetString() or layer.isModified() or not Path(layer.source().split("|")[0]).is_file():
        return None
    copy = QgsVectorLayer(layer.source(), layer.name(), "ogr")
    if not copy.isValid() or copy.crs() != layer.crs() or copy.fields().indexOf(code_field) < 0:
        return None  # (a CRS set by the user in QGIS, a joined or virtual code field…)
    if copy.dataProvider().encoding() != layer.dataProvider().encoding():
        return None  # (a text encoding chosen by the user for a shapefile)
    return copy


class DiagnosticAlgorithm(MedrcvlAlgorithm):
    """Join fragility index, coverage, populations and places onto the communes of a territory."""

    ALGORITHM_ID = "diagnostic"
    GROUP_ID = "diagnostic"

    def displayName(self) -> str:
        return self.tr("Digital-fragility diagnostic of a territory")

    def help_text(self) -> str:
        return self.tr(
            "Builds the diagnostic GeoPackage of a territory (EPCI, département, region, list of "
            "communes or your own commune layer): the fragility index, ARCEP coverage, INSEE "
            "populations and the digital-mediation places joined onto the communes, with "
            "references (EPCI, département, region, France), ranks and priority flags. Datasets "
            "come from the files or URLs you give, else from the mirror, else from their "
            "publishers; a dataset that cannot be had leaves its fields empty and is reported. "
            "Outputs the layers 'communes' and 'lieux' of the GeoPackage."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterEnum(
                "TERRITORY_KIND",
                self.tr("Territory kind"),
                options=[
                    self.tr("EPCI (SIREN)"),
                    self.tr("Département"),
                    self.tr("Region"),
                    self.tr("List of communes"),
                    self.tr("Commune layer"),
                ],
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                "TERRITORY", self.tr("Territory code(s)"), defaultValue="200043081", optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                "COMMUNE_LAYER",
                self.tr("Commune layer (territory kind 'Commune layer')"),
                [SOURCE_VECTOR_POLYGON],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                "CODE_FIELD",
                self.tr("INSEE code field of the commune layer"),
                parentLayerParameterName="COMMUNE_LAYER",
                type=FIELD_ANY,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterString("MIRROR", self.tr("Data mirror (folder or base URL)"), optional=True)
        )
        labels = location_labels()
        for key, _source_id in LOCATIONS:
            self.addParameter(QgsProcessingParameterString(key, labels[key], optional=True))
        self.addParameter(
            QgsProcessingParameterNumber(
                "IFN_THRESHOLD",
                self.tr("Fragility score from which a commune can be a priority"),
                type=NUMBER_DOUBLE,
                minValue=1.0,
                maxValue=10.0,
                defaultValue=DEFAULT_IFN_THRESHOLD,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                "DISTANCE_KM",
                self.tr("Priority when no mediation place lies within (km)"),
                type=NUMBER_DOUBLE,
                minValue=0.0,
                defaultValue=DEFAULT_DISTANCE_KM,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                "LAYER_MODE",
                self.tr("Commune layer older than the data"),
                options=[self.tr("Keep its communes"), self.tr("Dissolve them into current communes")],
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                "OUTPUT", self.tr("Diagnostic GeoPackage"), self.tr("GeoPackage (*.gpkg)")
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                "OVERWRITE", self.tr("Replace the GeoPackage if it exists"), defaultValue=False
            )
        )
        self.addOutput(QgsProcessingOutputVectorLayer("COMMUNES", self.tr("Communes")))
        self.addOutput(QgsProcessingOutputVectorLayer("LIEUX", self.tr("Mediation places")))
        self.addOutput(QgsProcessingOutputNumber("COMMUNE_COUNT", self.tr("Number of communes")))
        self.addOutput(QgsProcessingOutputNumber("LIEUX_COUNT", self.tr("Number of places")))
        self.addOutput(QgsProcessingOutputNumber("UNMATCHED_COUNT", self.tr("Unmatched codes")))
        self.addOutput(QgsProcessingOutputString("WARNINGS", self.tr("Warnings")))
        self.addOutput(QgsProcessingOutputString("MISSING", self.tr("Datasets missing")))

    def _commune_layer(self, parameters, context) -> tuple[QgsVectorLayer | None, str]:
        """The user's commune layer for the core (safe off the main thread) and its code field: a new
        layer on the same file when it is a plain OGR file layer (the core reads it in bulk and keeps a
        parsed copy; the provenance names the user's file), else a memory copy of its features."""
        source = self.parameterAsSource(parameters, "COMMUNE_LAYER", context)
        if source is None:
            raise QgsProcessingException(self.tr("Territory kind 'Commune layer' needs a commune layer."))
        field = self.parameterAsString(parameters, "CODE_FIELD", context)
        if not field or source.fields().indexOf(field) < 0:
            raise QgsProcessingException(
                self.tr(
                    "Choose the field holding the INSEE codes of the commune " "layer (got '{f}')."
                ).format(f=field)
            )
        layer = file_layer(
            parameters.get("COMMUNE_LAYER"),
            self.parameterAsVectorLayer(parameters, "COMMUNE_LAYER", context),
            field,
        )
        if layer is not None:  # owned by the context: freed with it, not whenever Python lets it go
            context.temporaryLayerStore().addMapLayer(layer)  # (after QGIS exited: a crash)
            return layer, field
        # one rule for every entry point, whatever Processing's invalid-geometry setting: the core repairs
        # invalid polygons and names them (core/geometry/checks.py)
        source.setInvalidGeometryCheck(GEOMETRY_NO_CHECK)
        return source.materialize(QgsFeatureRequest()), field

    def diagnostic_params(self, parameters, context):
        """The core ``DiagnosticParams`` of this run."""
        from ...core.diagnostic import LAYER_MODES, DiagnosticParams
        from ...core.territory.selection import Territory

        kind = TERRITORY_KINDS[self.parameterAsEnum(parameters, "TERRITORY_KIND", context)]
        value = self.parameterAsString(parameters, "TERRITORY", context).strip()
        layer, code_field = (None, None)
        if kind == "layer":
            layer, code_field = self._commune_layer(parameters, context)
        elif not value:
            raise QgsProcessingException(self.tr("Give the territory code(s)."))
        output = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        if not output.lower().endswith(".gpkg"):
            output += ".gpkg"
        locations = {}
        for key, source_id in LOCATIONS:
            location = self.parameterAsString(parameters, key, context).strip()
            if location:
                locations[source_id] = location
        return DiagnosticParams(
            territory=Territory(kind, value or None, layer, code_field),
            output=Path(output),
            mirror=self.parameterAsString(parameters, "MIRROR", context).strip() or None,
            locations=locations,
            ifn_threshold=self.parameterAsDouble(parameters, "IFN_THRESHOLD", context),
            distance_km=self.parameterAsDouble(parameters, "DISTANCE_KM", context),
            layer_mode=LAYER_MODES[self.parameterAsEnum(parameters, "LAYER_MODE", context)],
            overwrite=self.parameterAsBoolean(parameters, "OVERWRITE", context),
        )

    def processAlgorithm(self, parameters, context, feedback) -> dict:
        from ...core import diagnostic

        params = self.diagnostic_params(parameters, context)
        result = self.call_core(diagnostic.build_diagnostic, params, feedback=feedback)
        gpkg = str(result.gpkg)
        self._gpkg = gpkg
        if context.project() is not None:
            for name, output in (("communes", "COMMUNES"), ("lieux", "LIEUX")):
                details = QgsProcessingContext.LayerDetails(name, context.project(), output)
                context.addLayerToLoadOnCompletion(layer_uri(gpkg, name), details)
        return {
            "OUTPUT": gpkg,
            "COMMUNES": layer_uri(gpkg, "communes"),
            "LIEUX": layer_uri(gpkg, "lieux"),
            "COMMUNE_COUNT": result.communes,
            "LIEUX_COUNT": result.lieux,
            "UNMATCHED_COUNT": result.unmatched,
            "WARNINGS": "\n".join(result.warnings),
            "MISSING": ", ".join(result.missing),
        }

    def postProcessAlgorithm(self, context, feedback) -> dict:
        gpkg = getattr(self, "_gpkg", None)
        if gpkg:
            for name, style in (("communes", style_communes()), ("lieux", style_function("style_lieux"))):
                uri = layer_uri(gpkg, name)
                if context.willLoadLayerOnCompletion(uri) and style is not None:
                    attach_finisher(context, uri, None, style, feedback)
        return {}
