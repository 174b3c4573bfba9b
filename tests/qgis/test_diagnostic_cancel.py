"""Cancel does not wait for a slow background read: the diagnostic stops at once and writes nothing."""

from __future__ import annotations

import threading
import time

import pytest
from qgis.core import QgsFeedback

from medrcvl_plugin.core.base.errors import CancelledError
from medrcvl_plugin.core.base.settings import Settings
from medrcvl_plugin.core.diagnostic import DiagnosticParams, build_diagnostic
from medrcvl_plugin.core.readers import epci
from medrcvl_plugin.core.territory.selection import Territory
from tests.conftest import REFERENCE_EPCI

pytestmark = pytest.mark.realdata


def test_cancel_during_a_blocked_read_returns_before_the_read_ends(shared_data, tmp_path, monkeypatch):
    feedback = QgsFeedback()
    started, release = threading.Event(), threading.Event()
    real_reader = epci.read_epci_composition

    def slow_reader(path, source=""):
        started.set()
        feedback.cancel()  # the user presses Cancel while the workbook is being parsed
        release.wait(60)
        return real_reader(path, source)

    monkeypatch.setattr(epci, "read_epci_composition", slow_reader)
    out = tmp_path / "diagnostic.gpkg"
    params = DiagnosticParams(
        Territory("epci", REFERENCE_EPCI),
        out,
        mirror=str(shared_data),
        settings=Settings(cache_dir=str(tmp_path / "cache")),
        parse_cache=False,
    )
    try:
        begin = time.monotonic()
        with pytest.raises(CancelledError):
            build_diagnostic(params, feedback)
        elapsed = time.monotonic() - begin
        assert started.is_set(), "the slow read was never started"
        assert not release.is_set(), "the diagnostic waited for the read it should have abandoned"
    finally:
        release.set()
    assert elapsed < 30, f"cancel took {elapsed:.1f} s"
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".gpkg", ".part")]
