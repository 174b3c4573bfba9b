"""QGIS 3.22 vs newer (3.36+, 4.x) API differences, kept in one place (append-only)."""

from __future__ import annotations

from qgis.core import (
    Qgis,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)


def _pick(new_enum: str, member: str, old_owner, old_enum: str):
    """``Qgis.<new_enum>.<member>`` on QGIS ≥ 3.36, else ``<old_owner>.<old_enum>.<member>``."""
    scoped = getattr(Qgis, new_enum, None)
    if scoped is not None:
        return getattr(scoped, member)
    return getattr(getattr(old_owner, old_enum), member)


# Processing: number, field, file and source types; algorithm flags.
NUMBER_INTEGER = _pick("ProcessingNumberParameterType", "Integer", QgsProcessingParameterNumber, "Type")
NUMBER_DOUBLE = _pick("ProcessingNumberParameterType", "Double", QgsProcessingParameterNumber, "Type")
FIELD_ANY = _pick("ProcessingFieldParameterDataType", "Any", QgsProcessingParameterField, "DataType")
FILE_BEHAVIOR_FILE = _pick("ProcessingFileParameterBehavior", "File", QgsProcessingParameterFile, "Behavior")
FILE_BEHAVIOR_FOLDER = _pick(
    "ProcessingFileParameterBehavior", "Folder", QgsProcessingParameterFile, "Behavior"
)
SOURCE_VECTOR_POLYGON = (
    Qgis.ProcessingSourceType.VectorPolygon
    if hasattr(Qgis, "ProcessingSourceType")
    else QgsProcessing.SourceType.TypeVectorPolygon
)
SOURCE_VECTOR_POINT = (
    Qgis.ProcessingSourceType.VectorPoint
    if hasattr(Qgis, "ProcessingSourceType")
    else QgsProcessing.SourceType.TypeVectorPoint
)
SOURCE_VECTOR_ANY = (
    Qgis.ProcessingSourceType.VectorAnyGeometry
    if hasattr(Qgis, "ProcessingSourceType")
    else QgsProcessing.SourceType.TypeVectorAnyGeometry
)
ALGORITHM_FLAG_NO_THREADING = (
    Qgis.ProcessingAlgorithmFlag.NoThreading
    if hasattr(Qgis, "ProcessingAlgorithmFlag")
    else QgsProcessingAlgorithm.Flag.FlagNoThreading
)


# Field types: QVariant on QGIS < 3.38, QMetaType afterwards (and on Qt6 builds).
def _field_types() -> dict:
    """The field type values for ``QgsField(name, type)`` on this QGIS."""
    if Qgis.QGIS_VERSION_INT >= 33800:
        from qgis.PyQt.QtCore import QMetaType

        t = QMetaType.Type
        return {
            "string": t.QString,
            "double": t.Double,
            "int": t.Int,
            "int64": t.LongLong,
            "bool": t.Bool,
            "date": t.QDate,
        }
    from qgis.PyQt.QtCore import QVariant

    return {
        "string": QVariant.String,
        "double": QVariant.Double,
        "int": QVariant.Int,
        "int64": QVariant.LongLong,
        "bool": QVariant.Bool,
        "date": QVariant.Date,
    }


FIELD_TYPES = _field_types()


# Layouts, labels and symbols (maps and atlas).
def _layout_enums() -> dict:
    """Layout units, distance units, picture format and label placements on this QGIS."""
    from qgis.core import QgsLayoutItemPicture, QgsPalLayerSettings, QgsScaleBarSettings, QgsUnitTypes

    new_units = hasattr(Qgis, "LayoutUnit")
    return {
        "mm": Qgis.LayoutUnit.Millimeters if new_units else QgsUnitTypes.LayoutMillimeters,
        "km": Qgis.DistanceUnit.Kilometers
        if hasattr(Qgis, "DistanceUnit")
        else QgsUnitTypes.DistanceKilometers,
        "svg": Qgis.PictureFormat.SVG if hasattr(Qgis, "PictureFormat") else QgsLayoutItemPicture.FormatSVG,
        "around_point": Qgis.LabelPlacement.AroundPoint
        if hasattr(Qgis, "LabelPlacement")
        else QgsPalLayerSettings.AroundPoint,
        "horizontal": Qgis.LabelPlacement.Horizontal
        if hasattr(Qgis, "LabelPlacement")
        else QgsPalLayerSettings.Horizontal,
        "fit_width": Qgis.ScaleBarSegmentSizeMode.FitWidth
        if hasattr(Qgis, "ScaleBarSegmentSizeMode")
        else QgsScaleBarSettings.SegmentSizeFitWidth,
    }


LAYOUT_ENUMS = _layout_enums()


def layout_property(name: str):
    """A ``QgsLayoutObject`` data-defined property (``"PictureSource"``, ``"ExcludeFromExports"``...)."""
    from qgis.core import QgsLayoutObject

    scoped = getattr(QgsLayoutObject, "DataDefinedProperty", None)
    if scoped is not None and hasattr(scoped, name):
        return getattr(scoped, name)
    return getattr(QgsLayoutObject, name)


def set_label_text_format(item, text_format) -> None:
    """Set a layout label's font and colour from a QgsTextFormat (``setFont`` before 3.24)."""
    if hasattr(item, "setTextFormat"):
        item.setTextFormat(text_format)
    else:
        font = text_format.font()
        font.setPointSizeF(text_format.size())
        item.setFont(font)
        item.setFontColor(text_format.color())


def save_style_to_database(layer, name: str, description: str, default: bool = True) -> str:
    """Save ``layer``'s style in its database's ``layer_styles``; return the error text ('' = saved).

    The provider is in update mode meanwhile: QGIS ≥ 3.40 otherwise writes through a second connection and
    GDAL logs "unable to open database file" when the layer's read-only one closes.
    """
    provider = layer.dataProvider()
    updating = bool(provider is not None and provider.enterUpdateMode())
    try:
        if hasattr(layer, "saveStyleToDatabaseV2"):  # QGIS ≥ 3.44 (the old method is deprecated)
            outcome = layer.saveStyleToDatabaseV2(name, description, default, "")
            if isinstance(outcome, tuple):
                result, message = outcome[0], outcome[-1]
                flags = getattr(result, "value", result)  # Qt6 flags expose .value
                return "" if int(flags) == 0 else (message or str(result))
            return ""
        return layer.saveStyleToDatabase(name, description, default, "") or ""
    finally:
        if updating:
            provider.leaveUpdateMode()


# Layer filter of QgsMapLayerComboBox: Qgis.LayerFilter on QGIS ≥ 3.34, QgsMapLayerProxyModel.Filter before.
def _polygon_layer_filter():
    """The "polygon layers only" filter value for ``QgsMapLayerComboBox.setFilters``."""
    if hasattr(Qgis, "LayerFilter"):
        return Qgis.LayerFilter.PolygonLayer
    from qgis.core import QgsMapLayerProxyModel

    return QgsMapLayerProxyModel.Filter.PolygonLayer


LAYER_FILTER_POLYGON = _polygon_layer_filter()


# Geometry types: QgsWkbTypes.Type on QGIS < 3.30, Qgis.WkbType afterwards.
_WKB = getattr(Qgis, "WkbType", None)
WKB_POINT = _WKB.Point if _WKB is not None else QgsWkbTypes.Type.Point
WKB_NO_GEOMETRY = _WKB.NoGeometry if _WKB is not None else QgsWkbTypes.Type.NoGeometry


# Feature requests: Qgis.FeatureRequestFlag on QGIS ≥ 3.36, QgsFeatureRequest.Flag before.
def _feature_request_flag(member: str):
    """``Qgis.FeatureRequestFlag.<member>`` or ``QgsFeatureRequest.Flag.<member>``."""
    from qgis.core import QgsFeatureRequest

    return _pick("FeatureRequestFlag", member, QgsFeatureRequest, "Flag")


FEATURE_REQUEST_NO_GEOMETRY = _feature_request_flag("NoGeometry")


# Invalid-geometry check of feature requests and the polygon geometry type (renamed in 3.36 / 3.30).
def _no_geometry_check():
    """``Qgis.InvalidGeometryCheck.NoCheck`` or ``QgsFeatureRequest.InvalidGeometryCheck.GeometryNoCheck``."""
    from qgis.core import QgsFeatureRequest

    scoped = getattr(Qgis, "InvalidGeometryCheck", None)
    if scoped is not None:
        return scoped.NoCheck
    return QgsFeatureRequest.InvalidGeometryCheck.GeometryNoCheck


GEOMETRY_NO_CHECK = _no_geometry_check()
_GEOMETRY_TYPE = getattr(Qgis, "GeometryType", None)
GEOMETRY_POLYGON = (
    _GEOMETRY_TYPE.Polygon if _GEOMETRY_TYPE is not None else QgsWkbTypes.GeometryType.PolygonGeometry
)
