"""Registry of MedRCVL Processing algorithms: one module per algorithm, listed here."""

from __future__ import annotations

import importlib

# "module:ClassName" of every algorithm; each helper appends its own line.
ALGORITHMS: list[str] = [
    "load_communes:LoadCommunesAlgorithm",
    "load_dataset:LoadDatasetAlgorithm",
    "diagnostic:DiagnosticAlgorithm",
    "export_standard:ExportStandardAlgorithm",
    "quality_report:QualityReportAlgorithm",
    "export_tables:ExportTablesAlgorithm",
    "publish_postgis:PublishPostgisAlgorithm",
    "export_atlas:ExportAtlasAlgorithm",
    "tour:TourAlgorithm",
]


def algorithm_classes() -> list[type]:
    """Import and return the algorithm classes listed in :data:`ALGORITHMS`."""
    classes = []
    for entry in ALGORITHMS:
        module_name, class_name = entry.split(":")
        module = importlib.import_module(f"{__name__}.{module_name}")
        classes.append(getattr(module, class_name))
    return classes
