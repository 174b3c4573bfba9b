"""The guided diagnostic dialog: Territory, Sources, Indicators, Outputs, then a background run."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Optional

from qgis.core import Qgis, QgsApplication, QgsFeatureRequest
from qgis.gui import QgsFileWidget
from qgis.PyQt.QtCore import QTimer, QUrl
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.base.errors import MedrcvlError, user_message
from ..core.base.i18n import tr
from ..core.base.settings import Settings
from . import followups, results
from .pages.indicators import IndicatorsPage
from .pages.outputs import OutputsPage
from .pages.sources import SourcesPage
from .pages.territory import TerritoryPage
from .params import make_params
from .run_outputs import RunOutputs
from .run_outputs import planned as planned_outputs
from .task import DiagnosticTask, IndexTask, WorkTask
from .widgets import ERROR_STYLE

log = logging.getLogger(__name__)
README = Path(__file__).resolve().parents[2] / "README.md"


def _loads(text: str) -> dict:
    """A dict from saved JSON ({} when empty or unreadable)."""
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _scrolled(page: QWidget) -> QScrollArea:
    """``page`` in a frameless scroll area: a short screen scrolls instead of squeezing the fields."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    return area


class DiagnosticDialog(QDialog):
    """Choose a territory, the sources, the indicators and the outputs, then run the diagnostic."""

    def __init__(self, iface, parent: Optional[QWidget] = None, work=None) -> None:
        super().__init__(parent)
        self.iface = iface
        self.work = work  # injected work function (tests); None = core.diagnostic.build_diagnostic
        self.settings = Settings.load()
        self.task: Optional[WorkTask] = None
        self.run_outputs: Optional[RunOutputs] = None  # the run's output sets, until its last step
        self.index_task: Optional[IndexTask] = None
        self.export_task: Optional[WorkTask] = None
        self.publish_task: Optional[WorkTask] = None
        self.last_result: Any = None
        self.last_gpkg: Optional[Path] = None
        self.result_group = None
        self.problems: list[str] = []
        self.setWindowTitle(tr("MedRCVL – digital-fragility diagnostic"))
        self.setMinimumSize(720, 620)

        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.territory_page = TerritoryPage(self)
        self.sources_page = SourcesPage(self.settings, self)
        self.indicators_page = IndicatorsPage(self)
        self.outputs_page = OutputsPage(self.settings, self)
        self.tabs.addTab(_scrolled(self.territory_page), tr("1. Territory"))
        self.tabs.addTab(self.sources_page, tr("2. Sources"))  # scrolls its own list
        self.tabs.addTab(_scrolled(self.indicators_page), tr("3. Indicators"))
        self.tabs.addTab(_scrolled(self.outputs_page), tr("4. Outputs"))
        layout.addWidget(self.tabs, 1)

        self.problem_label = QLabel(self)
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.problem_label)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        layout.addWidget(self.progress)

        buttons = QHBoxLayout()
        self.help_button = QPushButton(tr("Help"), self)
        self.unmatched_button = QPushButton(tr("Show unmatched codes"), self)
        self.unmatched_button.setVisible(False)
        self.tour_button = QPushButton(tr("Plan a tour…"), self)
        self.tour_button.setToolTip(tr("Choose the stops of an itinerant service on a diagnostic"))
        self.run_button = QPushButton(tr("Run the diagnostic"), self)
        self.run_button.setDefault(True)
        self.cancel_button = QPushButton(tr("Cancel"), self)
        self.cancel_button.setEnabled(False)
        self.close_button = QPushButton(tr("Close"), self)
        buttons.addWidget(self.help_button)
        buttons.addWidget(self.unmatched_button)
        buttons.addWidget(self.tour_button)
        buttons.addStretch(1)
        for button in (self.run_button, self.cancel_button, self.close_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)

        self.help_button.clicked.connect(self.open_help)
        self.unmatched_button.clicked.connect(self.show_unmatched)
        self.tour_button.clicked.connect(self.open_tour)
        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.close)

        self.restore()
        self._validate_timer = QTimer(self)
        self._validate_timer.setSingleShot(True)
        self._validate_timer.setInterval(250)
        self._validate_timer.timeout.connect(self.validate)
        self._watch_changes()
        self._index_timer = QTimer(self)
        self._index_timer.setSingleShot(True)
        self._index_timer.setInterval(800)
        self._index_timer.timeout.connect(self.load_index)
        self.sources_page.mirror.fileChanged.connect(lambda _p: self._index_timer.start())
        self.validate()
        self.load_index()

    # -- settings ----------------------------------------------------------------------------------
    def restore(self) -> None:
        """Restore the last choices from the settings."""
        s = self.settings
        self.territory_page.restore(_loads(s.last_territory), s.default_territory)
        self.sources_page.restore(_loads(s.last_sources))
        self.indicators_page.restore(_loads(s.last_indicators))
        self.outputs_page.restore(_loads(s.last_outputs))

    def remember(self) -> None:
        """Save the current choices (last territory, sources, indicators, outputs)."""
        s = Settings.load()
        territory = self.territory_page.state()
        s.last_territory = json.dumps(territory)
        s.last_territory_kind = territory.get("kind") or s.last_territory_kind
        s.last_sources = json.dumps(self.sources_page.state())
        s.last_indicators = json.dumps(self.indicators_page.state())
        s.last_outputs = json.dumps(self.outputs_page.state())
        s.atlas_orientation = self.outputs_page.orientation.currentData()
        s.save()
        self.settings = s

    # -- validation --------------------------------------------------------------------------------
    def _watch_changes(self) -> None:
        """Revalidate (debounced) whenever a field changes."""
        schedule = self._validate_timer.start
        for page in (self.territory_page, self.sources_page, self.indicators_page, self.outputs_page):
            for widget in page.findChildren(QLineEdit):
                widget.textChanged.connect(schedule)
            for widget in page.findChildren(QComboBox):
                widget.currentIndexChanged.connect(schedule)
            for widget in page.findChildren(QAbstractButton):
                widget.toggled.connect(schedule)
            for widget in page.findChildren(QAbstractSpinBox):
                widget.editingFinished.connect(schedule)
            for widget in page.findChildren(QgsFileWidget):
                widget.fileChanged.connect(schedule)
        self.outputs_page.atlas.toggled.connect(schedule)
        self.outputs_page.exports.toggled.connect(schedule)
        self.outputs_page.postgis.toggled.connect(schedule)
        self.territory_page.changed.connect(schedule)

    def validate(self) -> list[str]:
        """Check every page; the problems show under their fields and the Run button follows."""
        self._validate_timer.stop()
        problems = []
        for index, page in enumerate(
            (self.territory_page, self.sources_page, self.indicators_page, self.outputs_page)
        ):
            for message in page.validate():
                problems.append(f"{self.tabs.tabText(index)} : {message}")
        self.problems = problems
        running = self.is_running()
        self.run_button.setEnabled(not problems and not running)
        self.run_button.setToolTip("\n".join(problems))
        if problems:
            more = len(problems) - 1
            text = problems[0] + (tr(" (and {n} more)").format(n=more) if more else "")
            self.problem_label.setText(text)
        else:
            self.problem_label.setText("")
        self.problem_label.setVisible(bool(problems))
        return problems

    # -- territory index ---------------------------------------------------------------------------
    def load_index(self) -> None:
        """Load the list of territories in the background (from the mirror, a file or the cache)."""
        self._index_timer.stop()
        mirror = self.sources_page.mirror_value()
        if self.sources_page.validate():  # a missing mirror folder: say so, do not go live
            mirror = ""
        locations = {"mirror": mirror or None, **self.sources_page.locations()}
        self.territory_page.index_status.setText(tr("Loading the list of territories…"))
        task = IndexTask(locations)

        def loaded(index) -> None:
            if task is self.index_task:  # a newer load (mirror changed) wins
                self.territory_page.set_index(index)

        def failed(message: str) -> None:
            if task is self.index_task:
                self.territory_page.set_index(
                    None,
                    tr(
                        "The list of territories could not be loaded ({error}); type an EPCI SIREN, "
                        "a département or a commune code."
                    ).format(error=message),
                )

        task.succeeded.connect(loaded)
        task.failed.connect(failed)
        self.index_task = task
        QgsApplication.taskManager().addTask(task)

    # -- run ---------------------------------------------------------------------------------------
    def is_running(self) -> bool:
        """True while a diagnostic task is active."""
        return self.task is not None

    def territory_choice(self):
        """The ``core.territory.Territory`` chosen on the first page."""
        from ..core.territory.selection import Territory

        page = self.territory_page
        if page.use_layer():
            layer = page.layer_combo.currentLayer()
            # a private in-memory copy: the worker thread never touches a project layer
            copy = layer.materialize(QgsFeatureRequest())
            return Territory("layer", layer.name(), layer=copy, code_field=page.field_combo.currentField())
        chosen = page.selected
        if chosen.kind == "commune":
            return Territory("communes", [chosen.code])
        return Territory(chosen.kind, chosen.code)

    def choices(self) -> dict:
        """What the user chose for the diagnostic, the keys :func:`params.make_params` reads."""
        outputs = self.outputs_page
        return {
            "territory": self.territory_choice(),
            "mirror": self.sources_page.mirror_value(),
            "locations": self.sources_page.locations(),
            "thresholds": self.indicators_page.thresholds(),
            "gpkg": outputs.gpkg_path(),
            "overwrite": outputs.overwrite.isChecked(),
        }

    def run(self) -> None:
        """Validate, remember the choices and start the diagnostic task."""
        if self.is_running() or self.validate():
            return
        self.remember()
        try:
            params = make_params(self.choices())
        except Exception as error:
            self._report_error(user_message(error))
            return
        self.last_gpkg = self.outputs_page.gpkg_path()
        self.unmatched_button.setVisible(False)
        run_outputs = RunOutputs(*planned_outputs(self.outputs_page), self.outputs_page.overwrite.isChecked())
        try:  # every output checked and every folder locked before any work
            run_outputs.begin()
        except MedrcvlError as error:
            self._report_error(str(error))
            return
        self.run_outputs = run_outputs
        name = self.territory_page.territory_name()
        task = DiagnosticTask(
            params, work=self.work, description=tr("MedRCVL diagnostic: {name}").format(name=name)
        )
        task.progressChanged.connect(self._on_progress)
        task.feedback.info.connect(self._on_step)
        task.succeeded.connect(self._on_success)
        task.failed.connect(lambda message: (self._drop_outputs(), self._report_error(message)))
        task.cancelled.connect(self._on_cancelled)
        self.task = task
        self._set_running(True)
        self.status_label.setStyleSheet("")
        self.status_label.setText(tr("Diagnostic running… (see also the task manager)"))
        QgsApplication.taskManager().addTask(task)

    def _on_progress(self, value: float) -> None:
        self.progress.setValue(int(value))

    def _on_step(self, text: str) -> None:
        if self.task is not None:
            self.status_label.setText(text)

    def cancel(self) -> None:
        """Stop the running diagnostic."""
        if self.task is not None:
            self.status_label.setText(tr("Cancelling…"))
            self.task.cancel()

    def _set_running(self, running: bool) -> None:
        self.tabs.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        if not running:
            self.task = None
            self.validate()
        else:
            self.run_button.setEnabled(False)
            self.progress.setValue(0)

    def _drop_outputs(self) -> None:
        """A step failed or was cancelled: the previous outputs stay, the temporaries go."""
        run_outputs, self.run_outputs = self.run_outputs, None
        if run_outputs is not None:
            run_outputs.finish(False)

    def _on_cancelled(self) -> None:
        self._drop_outputs()
        self._set_running(False)
        self.progress.setValue(0)
        self.status_label.setText(tr("Diagnostic cancelled: nothing was written."))
        results.push_summary(
            self.iface, tr("Diagnostic cancelled: nothing was written."), Qgis.MessageLevel.Info, duration=5
        )

    def _report_error(self, message: str) -> None:
        """Show an error in the dialog, the message bar and the log panel."""
        self._set_running(False)
        self.status_label.setText(message)
        self.status_label.setStyleSheet(ERROR_STYLE)
        log.error(message)
        results.push_summary(self.iface, message, Qgis.MessageLevel.Critical)

    def _on_success(self, result: Any) -> None:
        """Main thread: layers, atlas, exports, summary."""
        self._set_running(False)
        self.problem_label.setVisible(False)  # "the GeoPackage exists" is no news now: its field says it
        self.status_label.setStyleSheet("")
        self.progress.setValue(100)
        self.last_result = result
        gpkg = Path(getattr(result, "gpkg", self.last_gpkg))
        self.last_gpkg = gpkg
        name = self.territory_page.territory_name()
        for warning in getattr(result, "warnings", []) or []:
            log.warning(warning)
        text = results.summary_text(result, name)
        unmatched = int(getattr(result, "unmatched", 0) or 0)
        button = (tr("Show unmatched codes"), self.show_unmatched) if unmatched else None
        worrying = getattr(result, "warnings", None) or getattr(result, "missing", None)
        level = Qgis.MessageLevel.Warning if worrying else Qgis.MessageLevel.Success
        atlas_ok, extra = self._run_atlas(gpkg)
        extra += self._start_exports(gpkg, lambda ok: self._complete(ok and atlas_ok, gpkg, unmatched))
        self.status_label.setText(" ".join([text, *extra]))
        results.push_summary(self.iface, text, level, button)

    def _complete(self, ok: bool, gpkg: Path, unmatched: int) -> bool:
        """The last step is done: every output in place (or all dropped), then the layers."""
        run_outputs, self.run_outputs = self.run_outputs, None
        if run_outputs is None or not run_outputs.complete(self.iface, ok):
            return False
        self.unmatched_button.setVisible(unmatched > 0)
        if self.outputs_page.add_layers.isChecked():
            self.result_group, layers = results.add_result_layers(
                gpkg, self.territory_page.territory_name(), field=self.indicators_page.mapped_field()
            )
            results.zoom_to(self.iface, layers.get("communes"))
        return True

    def _run_atlas(self, gpkg: Path) -> tuple[bool, list[str]]:
        """Export the atlas on the main thread (layouts cannot be exported from a worker)."""
        options = self.outputs_page.atlas_options()
        if options is None:
            return True, []
        self.status_label.setText(tr("Exporting the atlas…"))
        QgsApplication.processEvents()
        ok, line = followups.export_atlas_now(
            self.iface,
            gpkg,
            options,
            self.outputs_page.overwrite.isChecked(),
            self.indicators_page.mapped_field(),
        )
        return ok, [line]

    def _start_exports(self, gpkg: Path, done) -> list[str]:
        """Write the partner/standard/quality CSVs in a background task, ``done(ok)``, then publish."""
        outputs = self.outputs_page

        def keep(name: str, task: WorkTask) -> None:
            setattr(self, name, task)

        return followups.start_followups(
            self.iface,
            gpkg,
            outputs.export_options(),
            outputs.publish_options(),
            outputs.overwrite.isChecked(),
            keep,
            done,
        )

    # -- misc --------------------------------------------------------------------------------------
    def show_unmatched(self) -> None:
        """Add the ``unmatched_codes`` report table to the project and open it."""
        if self.last_gpkg is None:
            return
        layer = results.add_unmatched_table(self.last_gpkg, self.result_group)
        if layer is not None:
            results.show_table(self.iface, layer)

    def open_tour(self) -> None:
        """The tour dialog on the last diagnostic (or a GeoPackage the user picks)."""
        from .tour_dialog import TourDialog

        TourDialog(self.iface, self.last_gpkg, self).exec()

    def open_help(self) -> None:
        """Open the documentation."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(README)))

    def reject(self) -> None:
        """Escape/close button: remember the choices too."""
        self.remember()
        super().reject()

    def closeEvent(self, event) -> None:
        """Remember the choices; a running task goes on in the task manager."""
        self.remember()
        super().closeEvent(event)
