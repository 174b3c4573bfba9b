"""Outputs page: GeoPackage, layers in the project, atlas PDF, tables and sharing exports, PostGIS."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from qgis.gui import QgsFileWidget
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ...core.base.i18n import tr
from ...core.base.settings import Settings
from ..widgets import error_label, set_error
from .publish import PublishBox


class OutputsPage(QWidget):
    """Where and what to write."""

    def __init__(self, settings: Settings, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        base = Path(settings.output_dir or Path.home())

        gpkg_box = QGroupBox(tr("Diagnostic GeoPackage"), self)
        gpkg_layout = QVBoxLayout(gpkg_box)
        self.gpkg = QgsFileWidget(gpkg_box)
        self.gpkg.setStorageMode(QgsFileWidget.StorageMode.SaveFile)
        self.gpkg.setFilter(tr("GeoPackage (*.gpkg)"))
        self.gpkg.setFilePath(str(base / "diagnostic.gpkg"))
        self.overwrite = QCheckBox(tr("Overwrite the GeoPackage if it exists"), gpkg_box)
        self.add_layers = QCheckBox(tr("Add the styled layers to the project"), gpkg_box)
        self.add_layers.setChecked(True)
        self.gpkg_error = error_label(gpkg_box)
        for widget in (self.gpkg, self.gpkg_error, self.overwrite, self.add_layers):
            gpkg_layout.addWidget(widget)
        layout.addWidget(gpkg_box)

        self.atlas = QGroupBox(tr("Atlas (PDF)"), self)
        self.atlas.setCheckable(True)
        self.atlas.setChecked(False)
        form = QFormLayout(self.atlas)
        self.atlas_mode = QComboBox(self.atlas)
        self.atlas_mode.addItem(tr("One PDF for the territory"), "single")
        self.atlas_mode.addItem(tr("One PDF per commune"), "per_commune")
        self.orientation = QComboBox(self.atlas)
        self.orientation.addItem(tr("Portrait"), "portrait")
        self.orientation.addItem(tr("Landscape"), "landscape")
        self.orientation.setCurrentIndex(max(self.orientation.findData(settings.atlas_orientation), 0))
        self.order = QComboBox(self.atlas)
        self.order.addItem(tr("Most fragile first"), "score")
        self.order.addItem(tr("Commune name"), "name")
        self.pdf = QgsFileWidget(self.atlas)
        self.pdf.setStorageMode(QgsFileWidget.StorageMode.SaveFile)
        self.pdf.setFilter(tr("PDF (*.pdf)"))
        self.pdf.setFilePath(str(base / "atlas.pdf"))
        self.pdf_label = QLabel(tr("PDF file"), self.atlas)
        self.pdf_error = error_label(self.atlas)
        form.addRow(tr("Pages"), self.atlas_mode)
        form.addRow(tr("Orientation"), self.orientation)
        form.addRow(tr("Order"), self.order)
        form.addRow(self.pdf_label, self.pdf)
        form.addRow(self.pdf_error)
        layout.addWidget(self.atlas)

        self.exports = QGroupBox(tr("Tables for partners"), self)
        self.exports.setCheckable(True)
        self.exports.setChecked(False)
        export_layout = QVBoxLayout(self.exports)
        formats = QGridLayout()
        self.formats = {
            "csv": QCheckBox(tr("CSV (French layout)"), self.exports),
            "xlsx": QCheckBox(tr("Spreadsheet (XLSX)"), self.exports),
            "standard": QCheckBox(tr("Places in the national standard (CSV)"), self.exports),
            "quality": QCheckBox(tr("Quality report of the places (CSV)"), self.exports),
        }
        for number, (name, box) in enumerate(self.formats.items()):
            box.setChecked(name in ("csv", "xlsx"))
            formats.addWidget(box, number // 2, number % 2)
        self.formats["standard"].setToolTip(
            tr(
                "The places in the national data schema of the "
                "digital-mediation places, ready for data.gouv.fr."
            )
        )
        self.formats["quality"].setToolTip(
            tr(
                "One row per problem found in the places: missing or "
                "misplaced coordinates, duplicates, stale updates…"
            )
        )
        formats.setColumnStretch(2, 1)
        export_layout.addLayout(formats)
        self.export_dir = QgsFileWidget(self.exports)
        self.export_dir.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.export_dir.setFilePath(str(base / "tableaux"))
        export_layout.addWidget(QLabel(tr("Folder of the tables"), self.exports))
        export_layout.addWidget(self.export_dir)
        self.export_error = error_label(self.exports)
        export_layout.addWidget(self.export_error)
        layout.addWidget(self.exports)

        self.postgis = PublishBox(self)
        layout.addWidget(self.postgis)
        layout.addStretch(1)
        self.atlas_mode.currentIndexChanged.connect(self._sync_pdf)
        self._sync_pdf()

    def _sync_pdf(self) -> None:
        per_commune = self.atlas_mode.currentData() == "per_commune"
        self.pdf.setStorageMode(
            QgsFileWidget.StorageMode.GetDirectory if per_commune else QgsFileWidget.StorageMode.SaveFile
        )
        self.pdf_label.setText(tr("Folder of the PDFs") if per_commune else tr("PDF file"))

    def gpkg_path(self) -> Path:
        """The GeoPackage to write (``.gpkg`` added when missing)."""
        text = self.gpkg.filePath().strip()
        path = Path(text).expanduser()
        return path if path.suffix.lower() == ".gpkg" else path.with_name(path.name + ".gpkg")

    def atlas_options(self) -> Optional[dict]:
        """The atlas options (None when no atlas is asked)."""
        if not self.atlas.isChecked():
            return None
        return {
            "mode": self.atlas_mode.currentData(),
            "orientation": self.orientation.currentData(),
            "order": self.order.currentData(),
            "output": self.pdf.filePath().strip(),
        }

    def export_options(self) -> Optional[dict]:
        """The table exports (None when not asked)."""
        if not self.exports.isChecked():
            return None
        return {
            "formats": [f for f, box in self.formats.items() if box.isChecked()],
            "out_dir": self.export_dir.filePath().strip(),
        }

    def publish_options(self) -> Optional[dict]:
        """The PostGIS publication (None when not asked)."""
        return self.postgis.options()

    def state(self) -> dict:
        """The choices as a JSON-able dict."""
        return {
            "gpkg": self.gpkg.filePath(),
            "overwrite": self.overwrite.isChecked(),
            "add_layers": self.add_layers.isChecked(),
            "atlas": self.atlas.isChecked(),
            "atlas_mode": self.atlas_mode.currentData(),
            "orientation": self.orientation.currentData(),
            "order": self.order.currentData(),
            "pdf": self.pdf.filePath(),
            "exports": self.exports.isChecked(),
            "formats": [f for f, box in self.formats.items() if box.isChecked()],
            "export_dir": self.export_dir.filePath(),
            **self.postgis.state(),
        }

    def restore(self, state: dict) -> None:
        """Restore :meth:`state`."""
        if state.get("gpkg"):
            self.gpkg.setFilePath(state["gpkg"])
        self.overwrite.setChecked(bool(state.get("overwrite", False)))
        self.add_layers.setChecked(bool(state.get("add_layers", True)))
        self.atlas.setChecked(bool(state.get("atlas", False)))
        for combo, key in (
            (self.atlas_mode, "atlas_mode"),
            (self.orientation, "orientation"),
            (self.order, "order"),
        ):
            index = combo.findData(state.get(key))
            if index >= 0:
                combo.setCurrentIndex(index)
        if state.get("pdf"):
            self.pdf.setFilePath(state["pdf"])
        self.exports.setChecked(bool(state.get("exports", False)))
        if "formats" in state:
            for name, box in self.formats.items():
                box.setChecked(name in state["formats"])
        if state.get("export_dir"):
            self.export_dir.setFilePath(state["export_dir"])
        self.postgis.restore(state)

    def validate(self) -> list[str]:
        """Check the paths; show each problem under its field and return them."""
        problems = []
        gpkg_text = str(self.gpkg_path()) if self.gpkg.filePath().strip() else ""
        gpkg_message = _target_problem(
            gpkg_text, self.overwrite.isChecked(), tr("Choose where to write the GeoPackage.")
        )
        set_error(self.gpkg_error, gpkg_message)
        problems += [gpkg_message] if gpkg_message else []
        pdf_message = ""
        options = self.atlas_options()
        if options is not None:
            if options["mode"] == "per_commune":
                pdf_message = _folder_problem(options["output"], tr("Choose the folder of the PDFs."))
            else:
                pdf_message = _target_problem(
                    options["output"], self.overwrite.isChecked(), tr("Choose the PDF file of the atlas.")
                )
            if not pdf_message:  # the project and pages saved next to the PDF(s) too
                pdf_message = _existing_problem(_atlas_files(options), self.overwrite.isChecked())
        set_error(self.pdf_error, pdf_message)
        problems += [pdf_message] if pdf_message else []
        export_message = ""
        exports = self.export_options()
        if exports is not None:
            if not exports["formats"]:
                export_message = tr("Tick at least one table format.")
            else:
                export_message = _folder_problem(exports["out_dir"], tr("Choose the folder of the tables."))
            if not export_message:
                from ...core.output.exports.run import planned_files

                planned = planned_files(Path(exports["out_dir"]).expanduser(), exports["formats"])
                export_message = _existing_problem(planned, self.overwrite.isChecked())
        set_error(self.export_error, export_message)
        problems += [export_message] if export_message else []
        problems += self.postgis.validate()
        return problems


def _atlas_files(options: dict) -> list[Path]:
    """The files the atlas of ``options`` writes (PDF, project, pages), known before it runs."""
    from ...core.base.errors import MedrcvlError
    from ...core.output.atlas.export import planned_files
    from ...core.output.atlas.options import AtlasOptions

    try:
        return planned_files(
            Path(options["output"]).expanduser(), AtlasOptions(per_commune=options["mode"] == "per_commune")
        )
    except MedrcvlError:  # e.g. a .pdf name for one PDF per commune: the export says why
        return []


def _existing_problem(paths: list[Path], overwrite: bool) -> str:
    """The list of ``paths`` that exist when ``overwrite`` is off ('' otherwise)."""
    from ...core.output.sets import existing

    found = [] if overwrite else existing(paths)
    if not found:
        return ""
    return tr("These files already exist: {l}. Tick “Overwrite” or choose another folder.").format(
        l=", ".join(str(p) for p in found)
    )


def _folder_problem(text: str, empty_message: str) -> str:
    """Why an output folder cannot be used ('' when it can be created or exists)."""
    if not text.strip():
        return empty_message
    path = Path(text).expanduser()
    parent = next((p for p in (path, *path.parents) if p.exists()), None)
    if parent is None or not parent.is_dir():
        return tr("The folder {p} cannot be created.").format(p=path)
    return ""


def _target_problem(text: str, overwrite: bool, empty_message: str) -> str:
    """Why an output file cannot be written ('' when it can)."""
    if not text.strip():
        return empty_message
    path = Path(text).expanduser()
    if path.is_dir():
        return tr("{p} is a folder: give a file name.").format(p=path)
    if not path.parent.is_dir():
        return tr("The folder {p} does not exist.").format(p=path.parent)
    if path.exists() and not overwrite:
        return tr("The file {p} already exists: tick “Overwrite” or choose another name.").format(p=path)
    return ""
