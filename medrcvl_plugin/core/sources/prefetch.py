"""The state of one diagnostic run: background reads (thread pool), cancel, progress, warnings.

The files are obtained and parsed by worker threads in the order the steps need them while the main
thread reconciles; ``wait`` checks for cancel every 0.1 s so that a cancel answers at once.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

import pandas as pd

from ..base.errors import CancelledError, DataFormatError, SourceUnavailable
from ..base.i18n import tr
from ..base.settings import Settings
from .catalogue import source
from .network import strip_credentials

log = logging.getLogger("medrcvl_plugin.core.diagnostic")

PREFETCH_WORKERS = 3


class Run:
    """State of one run: feedback, warnings, provenance rows, unmatched codes."""

    def __init__(self, params, feedback, loader) -> None:
        """``params``: DiagnosticParams; ``loader(run, source_id, reader, params)`` -> (fetched, frame,
        warnings of the reader)."""
        self.params, self.feedback, self.loader = params, feedback, loader
        self.settings = params.settings if params.settings is not None else Settings.load()
        self.warnings: list[str] = []
        self.provenance: list[dict] = []
        self.unmatched: list[pd.DataFrame] = []
        self.missing: list[str] = []  # ids of the optional datasets that could not be had
        self.mappings: dict[str, object] = {}  # source id -> reconcile.Mapping of a national dataset
        self.pool: ThreadPoolExecutor | None = None
        self.pending: dict[tuple, Future] = {}

    def submit(self, key: tuple, function, *args) -> None:
        """Start ``function(*args)`` in a worker thread; its result is claimed with ``claim(key)``."""
        if self.pool is None:
            self.pool = ThreadPoolExecutor(max_workers=PREFETCH_WORKERS, thread_name_prefix="medrcvl")
        self.pending[key] = self.pool.submit(function, *args)

    def claim(self, key: tuple) -> Future | None:
        """The future of a submitted job (None when it was not submitted)."""
        return self.pending.pop(key, None)

    def prefetch(self, source_id: str, reader, params: dict | None = None) -> None:
        """Obtain and parse a dataset in the background (independent files are read in parallel)."""
        self.submit(read_key(source_id, params), self._load, source_id, reader, params)

    def close(self) -> None:
        """Stop the workers (jobs not started are dropped)."""
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None

    def _load(self, source_id: str, reader, params: dict | None):
        """(Fetched, parsed frame, reader warnings) of one dataset, through the run's loader."""
        return self.loader(self, source_id, reader, params)

    def check_cancel(self) -> None:
        """Raise CancelledError when the user cancelled."""
        if self.feedback is not None and self.feedback.isCanceled():
            raise CancelledError(tr("Diagnostic cancelled."))

    def wait(self, future: Future):
        """The result of a background job, checking for cancel every 0.1 s (cancel answers at once)."""
        while True:
            self.check_cancel()
            try:
                return future.result(timeout=0.1)
            except FutureTimeout:
                continue

    def step(self, percent: float, text: str) -> None:
        """Report progress; raise CancelledError when the user cancelled."""
        self.check_cancel()
        if self.feedback is not None:
            self.feedback.setProgress(percent)
            if hasattr(self.feedback, "pushInfo"):
                self.feedback.pushInfo(text)
        log.info("%s", text)

    def warn(self, message: str) -> None:
        """Record a warning for the result (and the log)."""
        self.warnings.append(message)
        log.warning("%s", message)
        if self.feedback is not None and hasattr(self.feedback, "pushWarning"):
            self.feedback.pushWarning(message)

    def read(self, source_id: str, reader, fields: str, params: dict | None = None, required=False):
        """Obtain and read one dataset; None (and a warning) when unavailable unless ``required``."""
        future = self.claim(read_key(source_id, params))
        try:
            self.check_cancel()
            if future is not None:
                fetched, frame, notes = self.wait(future)
            else:
                fetched, frame, notes = self._load(source_id, reader, params)
        except (SourceUnavailable, DataFormatError) as exc:
            chosen = self.params.locations.get(source_id)
            if required or chosen:  # a source the user chose that fails, fails the run
                if chosen and not required:
                    raise SourceUnavailable(
                        tr("The source you chose cannot be used, the run stops: {error}").format(error=exc),
                        source_id=source_id,
                    ) from exc
                raise
            self.warn(
                tr("{title} unavailable, fields {fields} left empty: {error}").format(
                    title=source(source_id).title, fields=fields, error=exc
                )
            )
            row = source(source_id).provenance(mode="unavailable").to_dict()
            row["notes"] = strip_credentials(str(exc))
            self.provenance.append({**row, "fields": fields})
            self.missing.append(source_id)
            return None
        for note in dict.fromkeys(notes):  # logged in a worker or at the first run: shown on every run
            self.warn(note)
        row = fetched.provenance.to_dict()
        row["notes"] = " | ".join(row.get("notes") or [])
        self.provenance.append({**row, "fields": fields})
        return frame


def read_key(source_id: str, params: dict | None) -> tuple:
    """The key of a prefetched read."""
    return ("read", source_id, tuple(sorted((params or {}).items())))
