"""Background tasks of the dialog: the diagnostic and the loading of the territory index.

The GUI-free work runs in :meth:`QgsTask.run` (worker thread); the results are handed back
through signals emitted from :meth:`QgsTask.finished`, which QGIS calls on the main thread
(layout/atlas export and layer-tree changes must happen there).
"""

from __future__ import annotations

import logging
import traceback
from typing import Any, Callable, Optional

from qgis.core import QgsFeedback, QgsTask
from qgis.PyQt.QtCore import pyqtSignal

from ..core.base.errors import CancelledError, MedrcvlError, is_disk_error, user_message
from ..core.base.i18n import tr

log = logging.getLogger(__name__)

Work = Callable[[Any, Optional[QgsFeedback]], Any]


def default_work(params: Any, feedback: Optional[QgsFeedback] = None) -> Any:
    """The real work: ``core.diagnostic.build_diagnostic`` (imported lazily)."""
    from ..core.diagnostic import build_diagnostic

    return build_diagnostic(params, feedback)


def index_work(locations: dict, feedback: Optional[QgsFeedback] = None) -> Any:
    """The real work: ``core.territory.index.load_territory_index`` (imported lazily)."""
    from ..core.territory.index import load_territory_index

    return load_territory_index(locations, feedback)


class TaskFeedback(QgsFeedback):
    """A feedback whose step texts and warnings reach the main thread as signals."""

    info = pyqtSignal(str)
    warning = pyqtSignal(str)

    def pushInfo(self, text: str) -> None:
        """A step of the work (shown under the progress bar)."""
        self.info.emit(text)

    def pushWarning(self, text: str) -> None:
        """A warning of the work."""
        self.warning.emit(text)


class WorkTask(QgsTask):
    """Run ``work(payload, feedback)`` in the background; ``succeeded``/``failed`` on the main thread."""

    succeeded = pyqtSignal(object)
    failed = pyqtSignal(str)
    cancelled = pyqtSignal()

    def __init__(self, description: str, payload: Any, work: Work) -> None:
        super().__init__(description, QgsTask.Flag.CanCancel)
        self.payload = payload
        self.work = work
        self.feedback = TaskFeedback()
        self.feedback.progressChanged.connect(self._forward_progress)
        self.result: Any = None
        self.error: Optional[BaseException] = None
        self.details = ""

    def _forward_progress(self, value: float) -> None:
        self.setProgress(value)

    def run(self) -> bool:
        """Worker thread: call the work function, keep its result or error."""
        try:
            self.result = self.work(self.payload, self.feedback)
        except CancelledError as error:
            self.error = error
            return False
        except Exception as error:  # reported in finished(): a task must never raise
            self.error = error
            if not isinstance(error, MedrcvlError) and not is_disk_error(error):  # others need the trace
                self.details = traceback.format_exc()
            return False
        if self.feedback.isCanceled():
            self.error = CancelledError(tr("Cancelled."))
            return False
        return True

    def cancel(self) -> None:
        """Ask the work to stop: the core polls ``feedback.isCanceled()``."""
        self.feedback.cancel()
        super().cancel()

    def finished(self, result: bool) -> None:
        """Main thread: emit the outcome."""
        if result:
            self.succeeded.emit(self.result)
        elif self.isCanceled() or self.feedback.isCanceled() or isinstance(self.error, CancelledError):
            self.cancelled.emit()
        else:
            if self.details:
                log.error("%s\n%s", self.description(), self.details)
            self.failed.emit(user_message(self.error) if self.error else tr("The task failed."))


class DiagnosticTask(WorkTask):
    """The diagnostic: ``build_diagnostic(params, feedback)`` in the background."""

    def __init__(self, params: Any, work: Optional[Work] = None, description: str = "") -> None:
        super().__init__(description or tr("MedRCVL diagnostic"), params, work or default_work)
        self.params = params


class IndexTask(WorkTask):
    """Load the territory search index (COG communes + EPCI composition) in the background."""

    def __init__(self, locations: dict, work: Optional[Work] = None) -> None:
        super().__init__(tr("MedRCVL: list of territories"), locations, work or index_work)
