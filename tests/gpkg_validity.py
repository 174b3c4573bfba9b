"""GDAL's GeoPackage validator (``validate_gpkg.py`` of the GDAL Python utilities) for the tests."""

from __future__ import annotations

from pathlib import Path


def gpkg_errors(path: Path | str) -> list[str]:
    """The requirement violations GDAL's ``validate_gpkg`` finds in ``path`` (empty: valid)."""
    try:
        from osgeo_utils.samples import validate_gpkg
    except ImportError:  # GDAL < 3.2 layout
        import pytest

        pytest.fail("osgeo_utils.samples.validate_gpkg (python3-gdal) is needed")
    try:
        errors = validate_gpkg.check(str(path), abort_at_first_error=False, warning_msg=False)
    except Exception as exc:  # the validator itself fails on what is not a GeoPackage at all
        return [f"validate_gpkg failed: {exc!r}"]
    return [str(e[1]) if isinstance(e, tuple) else str(e) for e in errors]


def assert_valid_gpkg(path: Path | str) -> None:
    """Fail with GDAL's messages unless ``path`` is a valid GeoPackage."""
    errors = gpkg_errors(path)
    assert not errors, f"{path}: " + "; ".join(errors)
