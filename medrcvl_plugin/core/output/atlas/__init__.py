"""The French PDF atlas for elected officials (cover page + one page per commune)."""

from __future__ import annotations

from .options import AtlasOptions, AtlasResult


def export_atlas(gpkg_path, output, options=None, feedback=None) -> AtlasResult:
    """Export the atlas of a diagnostic GeoPackage (see :func:`.export.export_atlas`)."""
    from .export import export_atlas as _export_atlas

    return _export_atlas(gpkg_path, output, options, feedback)


__all__ = ["AtlasOptions", "AtlasResult", "export_atlas"]
