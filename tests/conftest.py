"""Shared fixtures: the real-data folder, fixtures folder, and the CI rule (missing data fails)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_DATA = Path(os.environ.get("MEDRCVL_DATA", ROOT.parent / "shared" / "data")).resolve()
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(condition: bool, reason: str) -> None:
    """Skip with ``reason`` when ``condition`` is false; under CI=true, fail instead."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true and {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real public datasets (../shared/data); skips (fails under CI) when absent."""
    require((SHARED_DATA / "README.md").exists(), f"real data folder {SHARED_DATA} is missing")
    return SHARED_DATA


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """Small hand-written fixtures of the test suite."""
    return FIXTURES


REFERENCE_EPCI = "200043081"
REFERENCE_COMMUNES = (
    "37004 37011 37022 37042 37072 37074 37076 37088 37089 37118 37126 37144 37201 37202 "
    "37210 37220 37242 37248 37258"
).split()


@pytest.fixture
def medrcvl_provider(qgis_app):
    """The ``medrcvl`` Processing provider, registered for one test and removed afterwards.

    Tests that load the plugin itself need the registry free of it, so no test may leave it behind.
    """
    from qgis.core import QgsApplication

    from medrcvl_plugin.processing.provider import MedrcvlProvider

    registry = QgsApplication.processingRegistry()
    existing = registry.providerById("medrcvl")
    if existing is not None:
        yield existing
        return
    provider = MedrcvlProvider()
    assert registry.addProvider(provider)
    yield provider
    registry.removeProvider(provider)
