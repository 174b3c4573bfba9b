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

from ..core.base.errors import CancelledError, MedrcvlError, describe_os_error, is_disk_error
from ..core.base.i18n import tr

log = logging.getLogger(__name__)

Work = Callable[[Any, Optional[QgsFeedback]], Any]


def default_work(params: Any, feedback: Optional[QgsFeedback] = None) -> Any:
    """The real work: ``core.diagnostic.build_diagnostic`` (imported lazily)."""
    from ..core.diagnostic import build_diagnostic

    return build_diagnostic(params, feedback)


def error_message(error: BaseException) -> str:
    """A user-facing message for ``error`` (typed errors carry a translated message)."""
    if isinstance(error, MedrcvlError):
        return str(error)
    if is_disk_error(error):  # read-only or full disk, permission: a sentence, not a trace
        return describe_os_error(error, action=tr("use"))
    return tr("Unexpected error: {error}").format(error=f"{type(error).__name__}: {error}")


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
            self.failed.emit(error_message(self.error) if self.error else tr("The task failed."))


class DiagnosticTask(WorkTask):
    """The diagnostic: ``build_diagnostic(params, feedback)`` in the background."""

    def __init__(self, params: Any, work: Optional[Work] = None, description: str = "") -> None:
        super().__init__(description or tr("MedRCVL diagnostic"), params, work or default_work)
        self.params = params


class IndexTask(WorkTask):
    """Load the territory search index (COG communes + EPCI composition) in the background."""

    def __init__(self, locations: dict, work: Optional[Work] = None) -> None:
        super().__init__(tr("MedRCVL: list of territories"), locations, work or load_territory_index)


def _index_source(source_id: str, locations: dict, feedback: Optional[QgsFeedback]):
    """The local path of ``source_id`` from a file, the mirror or the cache, never a live download."""
    from ..core.base.errors import SourceUnavailable
    from ..core.sources.catalogue import source
    from ..core.sources.fetch import obtain

    mirror = locations.get("mirror")
    if locations.get(source_id) or mirror:
        return obtain(source_id, location=locations.get(source_id), mirror=mirror, feedback=feedback)
    from ..core.sources.cache import Cache
    from ..core.sources.fetch import Fetched

    entry = Cache().lookup(source(source_id).url) if source(source_id).url else None
    if entry is None:
        raise SourceUnavailable(tr("no mirror is set (Sources tab or MedRCVL options)"), source_id=source_id)
    return Fetched(entry.path, source(source_id).provenance(entry.url, "cache", entry.retrieved))


def load_territory_index(locations: dict, feedback: Optional[QgsFeedback] = None):
    """Build the search index from the COG communes and the EPCI composition (file, mirror or cache).

    ``locations`` holds ``mirror`` and optional per-source ``cog_communes``/``epci_composition``.
    Opening the dialog never downloads: without a mirror only cached copies are used. The EPCI
    list is optional: without it only départements and communes are searchable.
    """
    from ..core.territory.search import load_index

    cog = _index_source("cog_communes", locations, feedback)
    if feedback is not None and feedback.isCanceled():
        raise CancelledError(tr("Cancelled."))
    try:
        epci = _index_source("epci_composition", locations, feedback)
    except MedrcvlError as error:
        log.warning("%s", error)
        epci = None
    got = [f for f in (cog, epci) if f is not None]
    key = tuple((str(f.path), f.path.stat().st_mtime_ns) for f in got)
    if key not in _INDEXES:  # reopening the dialog on the same files is instant
        _INDEXES.clear()
        try:
            _INDEXES[key] = load_index(cog.path, epci.path if epci is not None else None)
        except BaseException:
            for fetched in got:  # a download that does not parse is not kept
                fetched.reject()
            raise
    for fetched in got:
        fetched.confirm()
    return _INDEXES[key]


_INDEXES: dict = {}
