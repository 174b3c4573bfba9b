"""DiagnosticTask mechanics: progress, success/failure on the main thread, cancel within a second."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from gui_helpers import wait_until
from qgis.core import QgsApplication

from medrcvl_plugin.core.base.errors import CancelledError, SourceUnavailable, user_message
from medrcvl_plugin.core.base.fileio import atomic_path
from medrcvl_plugin.gui.task import DiagnosticTask


class Outcome:
    """Records the signals of a task."""

    def __init__(self, task) -> None:
        self.values: list = []
        self.errors: list[str] = []
        self.cancelled = 0
        self.progress: list[float] = []
        task.succeeded.connect(self.values.append)
        task.failed.connect(self.errors.append)
        task.cancelled.connect(self._cancel)
        task.progressChanged.connect(self.progress.append)

    def _cancel(self) -> None:
        self.cancelled += 1

    def done(self) -> bool:
        return bool(self.values or self.errors or self.cancelled)


def slow_writer(params: dict, feedback) -> Path:
    """Writes a file atomically in 40 steps of 50 ms, polling the feedback like the core does."""
    with atomic_path(params["out"]) as tmp:
        with open(tmp, "wb") as handle:
            for step in range(40):
                if feedback.isCanceled():
                    raise CancelledError("cancelled")
                handle.write(b"x" * 1000)
                feedback.setProgress(step * 2.5)
                time.sleep(0.05)
    return Path(params["out"])


def test_success_runs_in_worker_and_reports_on_main_thread(qgis_app, tmp_path) -> None:
    out = tmp_path / "result.bin"
    task = DiagnosticTask({"out": out}, work=slow_writer)
    outcome = Outcome(task)
    QgsApplication.taskManager().addTask(task)
    wait_until(outcome.done, 15)
    assert outcome.values == [out]
    assert out.stat().st_size == 40_000
    assert max(outcome.progress) >= 95  # progress reached the task manager


def test_cancel_stops_within_a_second_and_leaves_nothing(qgis_app, tmp_path) -> None:
    out = tmp_path / "result.bin"
    task = DiagnosticTask({"out": out}, work=slow_writer)
    outcome = Outcome(task)
    QgsApplication.taskManager().addTask(task)
    wait_until(lambda: any(p > 10 for p in outcome.progress), 10)
    task.cancel()
    waited = wait_until(outcome.done, 5)
    assert waited < 1.0
    assert outcome.cancelled == 1 and not outcome.values and not outcome.errors
    assert list(tmp_path.iterdir()) == []  # no result, no temporary file


@pytest.mark.parametrize(
    "error, expected",
    [
        (SourceUnavailable("IFN is not available"), "IFN is not available"),
        (ZeroDivisionError("division by zero"), "Unexpected error: ZeroDivisionError: division by zero"),
    ],
)
def test_failure_message(qgis_app, error, expected) -> None:
    def broken(_params, _feedback):
        raise error

    task = DiagnosticTask({}, work=broken)
    outcome = Outcome(task)
    QgsApplication.taskManager().addTask(task)
    wait_until(outcome.done, 10)
    assert outcome.errors == [expected]
    assert user_message(error) == expected
