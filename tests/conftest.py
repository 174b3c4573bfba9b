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


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item (``item.rep_call``) for the fixtures below."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def _is_sqlite(path: Path) -> bool:
    """Whether ``path`` is an SQLite file (a GeoPackage written by the code, not a placeholder)."""
    try:
        with open(path, "rb") as handle:
            return path.is_file() and handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


@pytest.fixture(autouse=True)
def _geopackages_pass_gdal_validator(request):
    """Every GeoPackage a passing test leaves in its ``tmp_path`` passes GDAL's ``validate_gpkg``
    (tests that leave broken ones on purpose are marked ``invalid_gpkg``)."""
    yield
    if "tmp_path" not in request.fixturenames or request.node.get_closest_marker("invalid_gpkg"):
        return
    report = getattr(request.node, "rep_call", None)
    if report is None or not report.passed:
        return
    from tests.gpkg_validity import gpkg_errors

    folder = request.getfixturevalue("tmp_path")
    failures = {str(p): gpkg_errors(p) for p in sorted(folder.rglob("*.gpkg")) if _is_sqlite(p)}
    failures = {p: e for p, e in failures.items() if e}
    if failures:
        pytest.fail(
            "GeoPackages failing GDAL's validate_gpkg: "
            + "; ".join(f"{p}: {', '.join(e)}" for p, e in failures.items())
        )
