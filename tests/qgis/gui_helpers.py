"""Helpers of the GUI tests: wait on the Qt event loop, isolate the MedRCVL settings."""

from __future__ import annotations

import time
from typing import Callable

from qgis.core import QgsApplication, QgsSettings


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> float:
    """Process events until ``condition()`` holds; return the seconds waited (AssertionError on timeout)."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"condition not met within {timeout} s")
        QgsApplication.processEvents()
        time.sleep(0.01)
    return time.monotonic() - start


def snapshot_settings() -> dict:
    """Every value under medrcvl/ (to restore after a test)."""
    qs = QgsSettings()
    qs.beginGroup("medrcvl")
    values = {key: qs.value(key) for key in qs.allKeys()}
    qs.endGroup()
    return values


def restore_settings(values: dict) -> None:
    """Put back a :func:`snapshot_settings`."""
    qs = QgsSettings()
    qs.remove("medrcvl")
    for key, value in values.items():
        qs.setValue(f"medrcvl/{key}", value)
