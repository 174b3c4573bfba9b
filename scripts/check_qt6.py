#!/usr/bin/env python3
"""Static Qt6 / QGIS 4 compatibility check of the plugin sources (AST based, no extra packages).

Usage: ``python scripts/check_qt6.py [ROOT] [--no-introspect]``; prints ``path:line:col: RULE message
-> suggestion`` and exits 1 when something is found. The rules follow QGIS's own
``scripts/pyqt5_to_pyqt6/pyqt5_to_pyqt6.py`` checklist, restricted to forms that also run on QGIS 3.22.
When ``qgis`` is importable the enum rules introspect the installed (3.22, PyQt5) bindings to know which
attribute is an enum member; otherwise a curated table of the enums this plugin uses is the fallback.
A line ending in ``# qt6-ok: <reason>`` is not reported (the reason is required).

Only what flake8-qgis (run by ``make test`` with the QGS1xx/QGS4xx rules) does not check is here:
QT6-IMPORT (sip, PySide, qgis.PyQt.Qt imports), QT6-ENUM (every unscoped Qt/QGIS enum member, found by
introspection, and PyQt5 QFlags classes), QT6-COMPAT (enums with renamed members moved to Qgis.* and names
missing on 3.22: compat.py only), QT6-QVARIANT (QVariant/QMetaType field types outside compat.py,
QVariant.Type.X), QT6-QRC (.qrc files, pyrcc modules, any *_rc import, ":/" paths), QT6-REMOVED (QtWebKit,
QDesktopWidget, QRegExpValidator, QTextCodec, QMatrix... and ``x.fontMetrics().width()``), QT6-QACTION
(QtGui/QtWidgets moves). flake8-qgis covers PyQt5/PyQt6 imports (QGS103/104), exec_ (QGS107), qApp (QGS401),
the renamed enums Qt.MidButton etc. (QGS403), QFontMetrics(...).width (QGS404), activated[str] (QGS405),
QRegExp (QGS406), desktop() (QGS407), resources_rc (QGS408), addAction(4 args) (QGS409), QVariant() as
NULL (QGS410) and the removed QDateTime constructors (QGS411/412).
"""

from __future__ import annotations

import argparse
import ast
import enum
import functools
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

COMPAT_MODULE = "medrcvl_plugin/compat.py"
PRAGMA = re.compile(r"#\s*qt6-ok:\s*\S")
QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtXml", "QtSvg", "QtPrintSupport", "QtSql")
QGIS_MODULES = ("qgis.core", "qgis.gui", "qgis.analysis")

# Enums moved into ``Qgis`` after 3.22 whose members were renamed there (LayoutMillimeters -> Millimeters,
# TypeVectorPolygon -> VectorPolygon, FlagNoThreading -> NoThreading...). The old spelling then survives only
# through per-member compatibility patches that QGIS 4 may drop, and the new one is missing on 3.22: both
# spellings belong in medrcvl_plugin/compat.py only.
# Moved enums NOT listed keep their member names and QGIS aliases the old class (QGIS's Qt6
# python/PyQt6/core/auto_additions/qgis.py: ``QgsWkbTypes.Type = Qgis.WkbType``,
# ``QgsWkbTypes.GeometryType.PolygonGeometry = Qgis.GeometryType.Polygon``,
# ``QgsMapLayerProxyModel.Filter = Qgis.LayerFilter``), so their scoped 3.22 spelling is accepted anywhere:
# QgsWkbTypes.Type/GeometryType, QgsMapLayerProxyModel.Filter, QgsProcessingParameterNumber.Type,
# QgsProcessingParameterField.DataType, QgsProcessingParameterFile.Behavior,
# QgsProcessingParameterDateTime.Type, QgsFeatureRequest.Flag, QgsPalLayerSettings.Placement,
# QgsVectorDataProvider.Capability.
MOVED_ENUMS = {
    "QgsMapLayerType": "Qgis.LayerType (3.30)",
    "QgsUnitTypes.LayoutUnit": "Qgis.LayoutUnit (3.30)",
    "QgsUnitTypes.LayoutUnitType": "Qgis.LayoutUnitType (3.30)",
    "QgsUnitTypes.DistanceUnit": "Qgis.DistanceUnit (3.30)",
    "QgsUnitTypes.AreaUnit": "Qgis.AreaUnit (3.30)",
    "QgsUnitTypes.RenderUnit": "Qgis.RenderUnit (3.30)",
    "QgsUnitTypes.UnitType": "Qgis.UnitType (3.30)",
    "QgsUnitTypes.TemporalUnit": "Qgis.TemporalUnit (3.30)",
    "QgsUnitTypes.VolumeUnit": "Qgis.VolumeUnit (3.30)",
    "QgsUnitTypes.AngleUnit": "Qgis.AngleUnit (3.30)",
    "QgsPalLayerSettings.QuadrantPosition": "Qgis.LabelQuadrantPosition (3.26)",
    "QgsLayoutItemPicture.Format": "Qgis.PictureFormat (3.26)",
    "QgsField.ConfigurationFlag": "Qgis.FieldConfigurationFlag (3.34)",
    "QgsProcessing.SourceType": "Qgis.ProcessingSourceType (3.36)",
    "QgsProcessingAlgorithm.Flag": "Qgis.ProcessingAlgorithmFlag (3.36)",
    "QgsProcessingParameterDefinition.Flag": "Qgis.ProcessingParameterFlag (3.36)",
    "QgsProcessingProvider.Flag": "Qgis.ProcessingProviderFlag (3.36)",
    "QgsFeatureRequest.FilterType": "Qgis.FeatureRequestFilterType (3.36)",
    "QgsFeatureRequest.InvalidGeometryCheck": "Qgis.InvalidGeometryCheck (3.36)",
    "QgsFields.FieldOrigin": "Qgis.FieldOrigin (3.38)",
    "QgsScaleBarSettings.SegmentSizeMode": "Qgis.ScaleBarSegmentSizeMode (after 3.22)",
    "QgsScaleBarSettings.Alignment": "Qgis.ScaleBarAlignment (after 3.22)",
    "QgsScaleBarSettings.LabelVerticalPlacement": "Qgis.ScaleBarDistanceLabelVerticalPlacement",
    "QgsScaleBarSettings.LabelHorizontalPlacement": "Qgis.ScaleBarDistanceLabelHorizontalPlacement",
    "QgsGraduatedSymbolRenderer.Mode": "QgsClassificationMethod subclasses (mode enum deprecated)",
}

# The same enums under their new name: on QGIS >= 3.30 introspection sees the old spelling
# (``QgsUnitTypes.LayoutMillimeters``) as a member of the new enum (``Qgis.LayoutUnit``).
MOVED_ENUMS_NEW = {new.split()[0] for new in MOVED_ENUMS.values() if new.startswith("Qgis.")}

# Fallback when qgis is not importable: enum qualname -> members (short access ``Class.member`` is flagged).
STATIC_ENUMS = {
    "Qt.AlignmentFlag": "AlignLeft AlignRight AlignHCenter AlignJustify AlignTop AlignBottom AlignVCenter "
    "AlignCenter AlignAbsolute AlignLeading AlignTrailing",
    "Qt.ItemDataRole": "DisplayRole EditRole ToolTipRole DecorationRole UserRole CheckStateRole "
    "ForegroundRole BackgroundRole FontRole TextAlignmentRole",
    "Qt.ItemFlag": "ItemIsEnabled ItemIsSelectable ItemIsEditable ItemIsUserCheckable NoItemFlags",
    "Qt.CheckState": "Checked Unchecked PartiallyChecked",
    "Qt.Orientation": "Horizontal Vertical",
    "Qt.CursorShape": "WaitCursor ArrowCursor BusyCursor PointingHandCursor",
    "Qt.WindowType": "Dialog Window Tool WindowStaysOnTopHint",
    "Qt.GlobalColor": "black white red green blue gray transparent darkGray lightGray",
    "Qt.TextFormat": "RichText PlainText AutoText MarkdownText",
    "Qt.TextInteractionFlag": "TextBrowserInteraction TextSelectableByMouse LinksAccessibleByMouse",
    "Qt.ScrollBarPolicy": "ScrollBarAlwaysOff ScrollBarAsNeeded ScrollBarAlwaysOn",
    "Qt.SortOrder": "AscendingOrder DescendingOrder",
    "Qt.MatchFlag": "MatchExactly MatchContains MatchFixedString MatchStartsWith",
    "Qt.DockWidgetArea": "LeftDockWidgetArea RightDockWidgetArea",
    "Qt.ContextMenuPolicy": "CustomContextMenu NoContextMenu",
    "Qt.CaseSensitivity": "CaseInsensitive CaseSensitive",
    "Qt.ConnectionType": "QueuedConnection DirectConnection",
    "Qt.AspectRatioMode": "KeepAspectRatio IgnoreAspectRatio",
    "Qt.TransformationMode": "SmoothTransformation FastTransformation",
    "Qt.PenStyle": "NoPen SolidLine DashLine DotLine",
    "Qt.BrushStyle": "NoBrush SolidPattern",
    "Qt.WindowModality": "WindowModal ApplicationModal NonModal",
    "Qt.Key": "Key_Escape Key_Return Key_Enter Key_Delete",
    "QMessageBox.StandardButton": "Yes No Ok Cancel Close Save Discard Apply Abort Retry Ignore",
    "QMessageBox.Icon": "Information Warning Critical Question NoIcon",
    "QDialogButtonBox.StandardButton": "Ok Cancel Close Help Apply Reset RestoreDefaults Save",
    "QDialogButtonBox.ButtonRole": "AcceptRole RejectRole ActionRole HelpRole",
    "QDialog.DialogCode": "Accepted Rejected",
    "QSizePolicy.Policy": "Expanding Fixed Preferred Minimum Maximum MinimumExpanding Ignored",
    "QFrame.Shape": "HLine VLine NoFrame StyledPanel Box Panel",
    "QFrame.Shadow": "Sunken Raised Plain",
    "QAbstractItemView.SelectionMode": "SingleSelection MultiSelection ExtendedSelection NoSelection",
    "QAbstractItemView.SelectionBehavior": "SelectRows SelectColumns SelectItems",
    "QAbstractItemView.EditTrigger": "NoEditTriggers DoubleClicked AllEditTriggers",
    "QHeaderView.ResizeMode": "Stretch ResizeToContents Interactive",
    "QFont.Weight": "Bold Normal Light DemiBold",
    "QPainter.RenderHint": "Antialiasing TextAntialiasing SmoothPixmapTransform",
    "QIODevice.OpenModeFlag": "WriteOnly ReadOnly ReadWrite Text Append Truncate",
    "QEvent.Type": "Close Show Resize KeyPress MouseButtonPress LanguageChange",
    "QLineEdit.EchoMode": "Password Normal",
    "QComboBox.InsertPolicy": "NoInsert",
    "QFileDialog.Option": "ShowDirsOnly DontUseNativeDialog DontConfirmOverwrite",
    "QFileDialog.FileMode": "ExistingFile ExistingFiles Directory AnyFile",
    "QFileDialog.AcceptMode": "AcceptSave AcceptOpen",
    "QTabWidget.TabPosition": "North South West East",
    "QToolButton.ToolButtonPopupMode": "InstantPopup MenuButtonPopup",
    "QNetworkRequest.Attribute": "HttpStatusCodeAttribute RedirectPolicyAttribute",
    "QNetworkReply.NetworkError": "NoError TimeoutError OperationCanceledError",
    "QLocale.Language": "French English",
    "QLocale.Country": "France",
    "Qgis.MessageLevel": "Info Warning Critical Success NoLevel",
    "QgsVectorFileWriter.WriterError": "NoError ErrDriverNotFound ErrCreateDataSource ErrCreateLayer "
    "ErrAttributeTypeUnsupported ErrAttributeCreationFailed",
    "QgsVectorFileWriter.ActionOnExistingFile": "CreateOrOverwriteFile CreateOrOverwriteLayer "
    "AppendToLayerNoNewFields AppendToLayerAddFields",
    "QgsVectorFileWriter.SymbologyExport": "NoSymbology FeatureSymbology SymbolLayerSymbology",
    "QgsLayoutExporter.ExportResult": "Success Canceled MemoryError FileError PrintError SvgLayerError "
    "IteratorError",
    "QgsLayoutItemMap.AtlasScalingMode": "Fixed Predefined Auto",
    "QgsCoordinateTransform.TransformDirection": "ForwardTransform ReverseTransform",
    "QgsTask.Flag": "CanCancel CancelWithoutPrompt Hidden",
    "QgsTask.TaskStatus": "Queued OnHold Running Complete Terminated",
    "QgsSettings.Section": "NoSection Core Gui Server Plugins Auth App Providers Misc",
    "QgsProcessingFeatureSource.Flag": "FlagSkipGeometryValidityChecks",
    "QgsFeatureSink.Flag": "FastInsert RollBackOnErrors",
    "QgsWkbTypes.Type": "Point MultiPoint LineString MultiLineString Polygon MultiPolygon NoGeometry Unknown",
    "QgsWkbTypes.GeometryType": "PointGeometry LineGeometry PolygonGeometry NullGeometry UnknownGeometry",
    "QgsUnitTypes.LayoutUnit": "LayoutMillimeters LayoutCentimeters LayoutPoints LayoutPixels LayoutInches",
    "QgsUnitTypes.DistanceUnit": "DistanceMeters DistanceKilometers DistanceDegrees",
    "QgsUnitTypes.RenderUnit": "RenderMillimeters RenderPoints RenderPixels RenderMapUnits",
    "QgsPalLayerSettings.Placement": "AroundPoint OverPoint Horizontal Line Curved Free "
    "OrderedPositionsAroundPoint",
    "QgsLayoutItemPicture.Format": "FormatSVG FormatRaster FormatUnknown",
    "QgsMapLayerProxyModel.Filter": "PolygonLayer PointLayer LineLayer VectorLayer RasterLayer HasGeometry",
    "QgsProcessing.SourceType": "TypeVectorPolygon TypeVectorPoint TypeVectorLine TypeVectorAnyGeometry "
    "TypeVector TypeRaster TypeFile TypeMapLayer",
    "QgsProcessingAlgorithm.Flag": "FlagNoThreading FlagHideFromToolbox FlagCanCancel FlagSupportsBatch",
    "QgsProcessingParameterDefinition.Flag": "FlagOptional FlagAdvanced FlagHidden",
    "QgsProcessingParameterNumber.Type": "Integer Double",
    "QgsProcessingParameterField.DataType": "Any Numeric String DateTime",
    "QgsProcessingParameterFile.Behavior": "File Folder",
    "QgsFeatureRequest.Flag": "NoGeometry SubsetOfAttributes NoFlags ExactIntersect",
}
# Qt class -> enum qualname, for the fallback: ``QTableWidget.SingleSelection`` etc.
STATIC_SUBCLASSES = {
    "QTableWidget": "QAbstractItemView",
    "QTableView": "QAbstractItemView",
    "QListWidget": "QAbstractItemView",
    "QTreeWidget": "QAbstractItemView",
    "QTreeView": "QAbstractItemView",
    "QListView": "QAbstractItemView",
    "QLabel": "QFrame",
    "QTextBrowser": "QFrame",
    "QScrollArea": "QFrame",
}

# Enum members removed in Qt6 (not only unscoped): flake8-qgis's QGS403 names their replacement.
RENAMED_BY_QGS403 = {
    ("Qt", "MidButton"),
    ("Qt", "TextColorRole"),
    ("Qt", "BackgroundColorRole"),
    ("QPainter", "HighQualityAntialiasing"),
}
# QRegExp itself is flake8-qgis's QGS406
REMOVED_CLASSES = {
    "QRegExpValidator": "QRegularExpressionValidator",
    "QDesktopWidget": "QApplication.primaryScreen() / QScreen",
    "QTextCodec": "Python str.encode/decode",
    "QGLWidget": "QOpenGLWidget",
    "QMatrix": "QTransform",
    "QStringRef": "Python str",
}
# Moved from QtWidgets to QtGui in Qt6. qgis.PyQt re-exports QAction, QShortcut (QGIS PR #55658,
# backported to 3.34) and QActionGroup (PR #57467) from both modules on Qt6 builds, kept for QGIS 4.0
# (qgis/pyqgis4-checker issue #6), and QtGui lacks them before 3.34: QtWidgets is the portable import.
SHIMMED_TO_QTGUI = {"QAction", "QActionGroup", "QShortcut"}
MOVED_TO_QTGUI = {"QUndoCommand", "QUndoStack", "QUndoGroup", "QFileSystemModel"}


@dataclass(frozen=True)
class Violation:
    """One finding: where, which rule, what is wrong and what to write instead."""

    path: str
    line: int
    col: int
    rule: str
    message: str
    suggestion: str = ""

    def __str__(self) -> str:
        """``path:line:col: RULE message -> suggestion``."""
        tail = f" -> {self.suggestion}" if self.suggestion else ""
        return f"{self.path}:{self.line}:{self.col}: {self.rule} {self.message}{tail}"


@functools.lru_cache(maxsize=1)
def _runtime_names() -> Optional[dict]:
    """Name -> class of the installed qgis.PyQt and qgis modules, or None when qgis is not importable."""
    import importlib

    names: dict = {}
    try:
        modules = [importlib.import_module(f"qgis.PyQt.{m}") for m in QT_MODULES if m != "QtSql"]
        modules += [importlib.import_module(m) for m in QGIS_MODULES]
    except Exception:  # any failure means "no introspection"
        return None
    for module in modules:
        for key, value in vars(module).items():
            if isinstance(value, type) and not key.startswith("_"):
                names.setdefault(key, value)
    return names


def _is_enum_member(value) -> bool:
    """True for a sip (PyQt5) or Python enum member."""
    return type(type(value)).__name__ == "enumtype" or isinstance(value, enum.Enum)


def _is_qt_flags_class(value) -> bool:
    """True for a PyQt5 QFlags class (``Qt.Alignment``), gone from PyQt6."""
    return (
        isinstance(value, type)
        and type(value).__name__ == "wrappertype"
        and value.__module__.startswith("PyQt5")
        and all(hasattr(value, a) for a in ("__or__", "__invert__"))
    )


def _importable(module: str, name: str) -> bool:
    """False only when ``module`` is a qgis / qgis.PyQt module of this QGIS that lacks ``name``."""
    import importlib

    if module not in QGIS_MODULES and not module.startswith("qgis.PyQt.Qt"):
        return True
    try:
        return hasattr(importlib.import_module(module), name)
    except ImportError:
        return module.startswith("qgis.PyQt.QtWebKit")  # reported by its own rule


def _dotted(node: ast.AST) -> Optional[List[str]]:
    """``a.b.c`` as ['a', 'b', 'c'], or None when the chain does not start at a name."""
    parts: List[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return parts[::-1]


class _Checker(ast.NodeVisitor):
    """Walks one module and collects violations."""

    def __init__(self, path: str, lines: Sequence[str], is_compat: bool, introspect: bool) -> None:
        self.path, self.lines, self.is_compat = path, lines, is_compat
        self.runtime = _runtime_names() if introspect else None
        self.found: List[Violation] = []
        self.try_import_depth = 0
        self.module_aliases = {}  # local name -> 'QtCore' / 'qgis.core'
        self.class_bases: Dict[str, List[str]] = {}  # plugin class -> its base class names
        self.class_stack: List[str] = []
        self.fallback_depth = 0  # inside the else-branch of a hasattr()/getattr()/version test

    def _visit_guarded(self, test: ast.AST, body: Sequence[ast.AST], orelse: Sequence[ast.AST]) -> None:
        """``new if hasattr(Qgis, "X") else old``: in compat.py the ``old`` branch only runs on old QGIS."""
        guard = any(
            (isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in ("hasattr", "getattr"))
            or (isinstance(n, ast.Attribute) and n.attr == "QGIS_VERSION_INT")
            for n in ast.walk(test)
        )
        self.visit(test)
        for child in body:
            self.visit(child)
        self.fallback_depth += guard
        for child in orelse:
            self.visit(child)
        self.fallback_depth -= guard

    def visit_If(self, node: ast.If) -> None:
        """See _visit_guarded."""
        self._visit_guarded(node.test, node.body, node.orelse)

    def visit_IfExp(self, node: ast.IfExp) -> None:
        """See _visit_guarded."""
        self._visit_guarded(node.test, [node.body], [node.orelse])

    def add(self, node: ast.AST, rule: str, message: str, suggestion: str = "") -> None:
        """Record a violation unless its line carries a ``# qt6-ok: reason`` pragma."""
        line = getattr(node, "lineno", 1)
        if 0 < line <= len(self.lines) and PRAGMA.search(self.lines[line - 1]):
            return
        if self.is_compat and self.fallback_depth and rule in ("QT6-ENUM", "QT6-COMPAT"):
            return  # compat.py's old-QGIS branch: the unscoped/old spelling is the point there
        self.found.append(
            Violation(self.path, line, getattr(node, "col_offset", 0) + 1, rule, message, suggestion)
        )

    # --- imports -------------------------------------------------------------------------------
    def visit_Try(self, node: ast.Try) -> None:
        """Imports inside ``try/except ImportError`` are fallbacks (QAction's Qt5/Qt6 import)."""
        catches = any(h.type is None or "ImportError" in ast.dump(h.type) for h in node.handlers)
        self.try_import_depth += catches
        for child in node.body + node.handlers:
            self.visit(child)
        self.try_import_depth -= catches
        for child in node.orelse + node.finalbody:
            self.visit(child)

    def _check_module_name(self, node: ast.AST, module: str, names: Iterable[str]) -> None:
        """Rules on where something is imported from."""
        top = module.split(".")[0]
        if top in ("sip", "PySide2", "PySide6"):  # PyQt5/PyQt6: flake8-qgis QGS103/QGS104
            target = module.replace(top, "qgis.PyQt", 1) if top != "sip" else "qgis.PyQt.sip"
            self.add(node, "QT6-IMPORT", f"import from {module!r}", f"import from {target}")
        if module in ("qgis.PyQt.Qt", "PyQt5.Qt"):
            self.add(node, "QT6-IMPORT", "qgis.PyQt.Qt is gone in Qt6", "import Qt from qgis.PyQt.QtCore")
        if module.startswith(("qgis.PyQt.QtWebKit", "PyQt5.QtWebKit")):
            self.add(node, "QT6-REMOVED", "QtWebKit is removed in Qt6", "QTextBrowser or the system browser")
        if module.split(".")[-1].endswith("_rc") or any(n.endswith("_rc") for n in names):
            self.add(
                node,
                "QT6-QRC",
                "compiled Qt resources (pyrcc) are not supported by PyQt6",
                "load icons/.ui by file path (Path(__file__).parent / 'icons' / 'x.svg')",
            )

    def visit_Import(self, node: ast.Import) -> None:
        """``import PyQt5.QtCore``, ``import sip``..."""
        for alias in node.names:
            self._check_module_name(node, alias.name, ())
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        """``from X import Y``."""
        module = node.module or ""
        names = [a.name for a in node.names]
        self._check_module_name(node, module, names)
        for alias in node.names:
            if module in ("qgis.PyQt", "PyQt5") and alias.name in QT_MODULES:
                self.module_aliases[alias.asname or alias.name] = alias.name
            if module == "qgis" and alias.name in ("core", "gui", "analysis"):
                self.module_aliases[alias.asname or alias.name] = f"qgis.{alias.name}"
            if alias.name in REMOVED_CLASSES:
                self.add(node, "QT6-REMOVED", f"{alias.name} is removed in Qt6", REMOVED_CLASSES[alias.name])
            if self.is_compat or self.try_import_depth:
                continue
            if alias.name in SHIMMED_TO_QTGUI and module.endswith("QtGui"):
                self.add(
                    node,
                    "QT6-QACTION",
                    f"{alias.name} is not in QtGui before QGIS 3.34 (Qt5)",
                    f"from qgis.PyQt.QtWidgets import {alias.name} (qgis.PyQt re-exports it on Qt6)",
                )
            if alias.name in MOVED_TO_QTGUI and module.endswith("QtWidgets"):
                self.add(
                    node,
                    "QT6-QACTION",
                    f"{alias.name} moved from QtWidgets to QtGui in Qt6 and "
                    "qgis.PyQt does not re-export it",
                    f"try: from qgis.PyQt.QtGui import {alias.name} / "
                    f"except ImportError: from qgis.PyQt.QtWidgets import {alias.name}",
                )
            if (
                self.runtime is not None
                and alias.name not in SHIMMED_TO_QTGUI | MOVED_TO_QTGUI
                and not _importable(module, alias.name)
            ):
                self.add(
                    node,
                    "QT6-COMPAT",
                    f"{module}.{alias.name} does not exist on QGIS 3.22",
                    "import it inside medrcvl_plugin/compat.py with a fallback",
                )
        self.generic_visit(node)

    # --- calls and definitions -----------------------------------------------------------------
    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        """Remember the bases so that ``self.Accepted`` / ``MyAlg.FlagNoThreading`` resolve to Qt/QGIS."""
        bases = [d[-1] for d in (_dotted(b) for b in node.bases) if d]
        self.class_bases[node.name] = [n for b in bases for n in self.class_bases.get(b, [b])]
        self.class_stack.append(node.name)
        self.generic_visit(node)
        self.class_stack.pop()

    def visit_Call(self, node: ast.Call) -> None:
        """``x.fontMetrics().width()`` (flake8-qgis's QGS404 sees only ``QFontMetrics(...).width()``)."""
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "width"
            and isinstance(func.value, ast.Call)
            and isinstance(func.value.func, ast.Attribute)
            and func.value.func.attr == "fontMetrics"
        ):
            self.add(node, "QT6-REMOVED", "QFontMetrics.width() is removed in Qt6", "horizontalAdvance()")
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        """Removed classes used by name (qApp: flake8-qgis QGS401)."""
        if node.id in REMOVED_CLASSES and isinstance(node.ctx, ast.Load):
            self.add(node, "QT6-REMOVED", f"{node.id} is removed in Qt6", REMOVED_CLASSES[node.id])

    def visit_Constant(self, node: ast.Constant) -> None:
        """``":/plugins/..."`` resource paths need a compiled .qrc."""
        if isinstance(node.value, str) and re.match(r":/[A-Za-z_]", node.value):
            if not node.value.startswith(":/images/themes/"):  # QGIS's own resources are fine
                self.add(
                    node,
                    "QT6-QRC",
                    f"Qt resource path {node.value!r} needs a compiled .qrc",
                    "a file path next to the module",
                )

    # --- attribute chains: enums, QVariant, moved enums ----------------------------------------
    def visit_Attribute(self, node: ast.Attribute) -> None:
        """Enum and field-type rules on ``Class.member`` chains (outermost chain only)."""
        parts = _dotted(node)
        if parts is None:
            self.generic_visit(node)
            return
        if parts[0] in self.module_aliases and len(parts) > 1:
            if parts[1] in MOVED_TO_QTGUI and parts[0] == "QtWidgets" and not self.is_compat:
                self.add(
                    node,
                    "QT6-QACTION",
                    f"QtWidgets.{parts[1]} moved to QtGui in Qt6",
                    f"import {parts[1]} with a QtGui-then-QtWidgets try/except ImportError",
                )
            if parts[1] in SHIMMED_TO_QTGUI and parts[0] == "QtGui" and not self.is_compat:
                self.add(
                    node,
                    "QT6-QACTION",
                    f"QtGui.{parts[1]} is missing before QGIS 3.34 (Qt5)",
                    f"QtWidgets.{parts[1]}",
                )
            parts = parts[1:]
        self._check_chain(node, parts)
        # do not descend into the inner Attribute nodes of this chain (they would be re-reported)
        inner = node.value
        while isinstance(inner, ast.Attribute):
            inner = inner.value
        self.visit(inner)

    def _check_chain(self, node: ast.AST, parts: List[str]) -> None:
        """Check ``Class.X`` / ``Class.Enum.X`` chains."""
        if len(parts) < 2:
            return
        head, attr = parts[0], parts[1]
        if head in ("QVariant", "QMetaType"):
            if head == "QVariant" and attr == "Type":
                self.add(
                    node,
                    "QT6-QVARIANT",
                    f"{'.'.join(parts)} does not exist in PyQt6",
                    "QVariant.<Type> inside compat.py, compat.FIELD_TYPES elsewhere",
                )
            elif not self.is_compat and attr != "fromValue":
                self.add(
                    node,
                    "QT6-QVARIANT",
                    f"field type {'.'.join(parts)} outside compat.py (QVariant "
                    "types are deprecated from QGIS 3.38, QMetaType is refused by 3.22)",
                    "compat.FIELD_TYPES['string'|'int'|...]",
                )
            return
        if (head, attr) in RENAMED_BY_QGS403:
            return
        moved = MOVED_ENUMS.get(f"{head}.{attr}") or (MOVED_ENUMS.get(head) if len(parts) >= 2 else None)
        if moved:
            if not self.is_compat:
                self.add(
                    node,
                    "QT6-COMPAT",
                    f"{'.'.join(parts[:3])}: old enum with renamed members in " f"{moved}, missing on 3.22",
                    "a constant of medrcvl_plugin/compat.py",
                )
            return
        owners = [head]
        if head in ("self", "cls") and self.class_stack:
            owners = self.class_bases.get(self.class_stack[-1], [])
        elif head in self.class_bases:
            owners = self.class_bases[head]
        qualname, kind, owner = None, "", head
        for owner in owners:
            qualname, kind = self._enum_of(owner, attr)
            if qualname is not None:
                break
        if owner != head and kind == "missing":
            return  # the plugin's own attribute on its subclass
        if kind == "missing" and not self.is_compat:
            self.add(
                node,
                "QT6-COMPAT",
                f"{head}.{attr} does not exist on QGIS 3.22",
                "a helper or constant of medrcvl_plugin/compat.py",
            )
            return
        if qualname is None:
            return
        if kind == "flags":
            self.add(
                node,
                "QT6-ENUM",
                f"{head}.{attr} (QFlags class) is removed in PyQt6",
                "the enum class itself (e.g. Qt.AlignmentFlag) or scoped members combined with |",
            )
            return
        if qualname in MOVED_ENUMS or (qualname in MOVED_ENUMS_NEW and owner != "Qgis"):
            if not self.is_compat:
                self.add(
                    node,
                    "QT6-COMPAT",
                    f"{head}.{attr}: old enum {qualname} with renamed members in "
                    f"{MOVED_ENUMS.get(qualname, qualname)}, missing on 3.22",
                    "a constant of medrcvl_plugin/compat.py",
                )
            return
        self.add(
            node,
            "QT6-ENUM",
            f"unscoped enum {head}.{attr} (PyQt6/QGIS 4 need the scoped form)",
            self._scoped(owner, attr, qualname),
        )

    def _enum_of(self, head: str, attr: str) -> Tuple[Optional[str], str]:
        """(enum qualname, 'member'|'flags'), (None, 'missing') or (None, '') for ``head.attr``."""
        if self.runtime is not None:
            if f"{head}.{attr}" in MOVED_ENUMS_NEW:
                return None, "missing"  # present on the QGIS that runs this check, not on 3.22
            cls = self.runtime.get(head)
            if cls is None:
                return None, ""
            value = getattr(cls, attr, None)
            if value is None:
                return None, "missing"
            if _is_enum_member(value):
                return type(value).__qualname__, "member"
            if _is_qt_flags_class(value):
                return f"{head}.<Enum>", "flags"
            return None, ""
        owners = [head] + ([STATIC_SUBCLASSES[head]] if head in STATIC_SUBCLASSES else [])
        for qualname, members in STATIC_ENUMS.items():
            if qualname.rsplit(".", 1)[0] in owners and attr in members.split():
                return qualname, "member"
        return None, ""

    def _scoped(self, head: str, attr: str, qualname: str) -> str:
        """The scoped spelling to suggest (verified on the installed QGIS when possible)."""
        owner, _, enum_name = qualname.rpartition(".")
        if owner == "Qgis" or not owner:
            return f"{qualname}.{attr}"
        candidate = f"{head}.{enum_name}.{attr}"
        if self.runtime is not None:
            cls = self.runtime.get(head)
            if getattr(getattr(cls, enum_name, None), attr, None) is None:
                return f"{qualname}.{attr}"
        return candidate


def check_source(
    source: str, path: str = "<string>", *, is_compat: Optional[bool] = None, introspect: bool = True
) -> List[Violation]:
    """Violations in one module's source; ``is_compat`` defaults to "path ends with compat.py"."""
    if is_compat is None:
        is_compat = path.replace("\\", "/").endswith(COMPAT_MODULE)
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as exc:
        return [Violation(path, exc.lineno or 1, exc.offset or 1, "QT6-SYNTAX", f"cannot parse: {exc.msg}")]
    checker = _Checker(path, source.splitlines(), is_compat, introspect)
    checker.visit(tree)
    return sorted(set(checker.found), key=lambda v: (v.line, v.col, v.rule))


def plugin_files(root: Path) -> List[Path]:
    """The files checked: root ``__init__.py``, ``medrcvl_plugin/**/*.py`` and any ``.qrc``."""
    files = [root / "__init__.py"] if (root / "__init__.py").exists() else []
    package = root / "medrcvl_plugin"
    files += sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts)
    files += sorted(p for d in (package, root / "resources") if d.exists() for p in d.rglob("*.qrc"))
    return files


def check_tree(root: Path, introspect: bool = True) -> List[Violation]:
    """All violations of the plugin tree under ``root`` (the repository root)."""
    found: List[Violation] = []
    for file in plugin_files(root):
        rel = file.relative_to(root).as_posix()
        if file.suffix == ".qrc":
            found.append(
                Violation(
                    rel,
                    1,
                    1,
                    "QT6-QRC",
                    ".qrc resource file (PyQt6 has no pyrcc)",
                    "ship the icons as files and load them by path",
                )
            )
            continue
        source = file.read_text(encoding="utf-8")
        if "qt_resource_data" in source:
            found.append(
                Violation(
                    rel,
                    1,
                    1,
                    "QT6-QRC",
                    "compiled resource module (pyrcc output)",
                    "delete it; load icons by file path",
                )
            )
            continue
        found.extend(check_source(source, rel, introspect=introspect))
    return sorted(found, key=lambda v: (v.path, v.line, v.col, v.rule))


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command line: print the violations, exit 1 when there is any."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default=str(Path(__file__).resolve().parents[1]))
    parser.add_argument(
        "--no-introspect", action="store_true", help="use the curated enum table even when qgis is importable"
    )
    args = parser.parse_args(argv)
    found = check_tree(Path(args.root).resolve(), introspect=not args.no_introspect)
    for violation in found:
        print(violation)
    mode = "introspection" if (_runtime_names() is not None and not args.no_introspect) else "static table"
    print(f"{len(found)} Qt6/QGIS 4 compatibility problem(s) ({mode})", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
