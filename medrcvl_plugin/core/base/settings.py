"""Typed plugin settings, stored with ``QgsSettings`` under the ``medrcvl/`` group."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from qgis.core import QgsApplication, QgsSettings

GROUP = "medrcvl"


def default_cache_dir() -> str:
    """The cache folder inside the QGIS profile (falls back to ~/.cache outside QGIS)."""
    base = QgsApplication.qgisSettingsDirPath()
    if base:
        return str(Path(base) / "medrcvl" / "cache")
    return str(Path.home() / ".cache" / "medrcvl")


@dataclass
class Settings:
    """User preferences of MedRCVL."""

    mirror: str = ""  # a folder or a base URL laid out like ../shared/data; empty = live hosts
    mirror_then_live: bool = False  # ask the live host for what the mirror lacks (else: missing)
    cache_dir: str = ""  # empty = default_cache_dir()
    cache_max_mb: int = 500
    timeout_s: int = 60  # longest wait for an answer, and longest silence during a download
    deadline_s: int = 300  # longest time for one dataset, retries included
    retries: int = 2
    default_territory: str = "200043081"
    output_dir: str = ""
    atlas_orientation: str = "portrait"
    last_territory_kind: str = "epci"
    last_sources: str = ""  # JSON of per-source choices of the dialog
    last_territory: str = ""  # JSON of the territory page of the dialog (kind, code, name, layer, field)
    last_indicators: str = ""  # JSON of the indicators page of the dialog (fields, thresholds)
    last_outputs: str = ""  # JSON of the outputs page of the dialog (paths, atlas, exports)

    def effective_cache_dir(self) -> Path:
        """The cache folder to use."""
        return Path(self.cache_dir or default_cache_dir())

    @classmethod
    def load(cls) -> Settings:
        """Read the settings from ``QgsSettings``."""
        qs = QgsSettings()
        values: dict[str, Any] = {}
        for f in fields(cls):
            default: Any = f.default  # every field has a plain default (str, bool, int or float)
            raw = qs.value(f"{GROUP}/{f.name}", default)
            try:
                if raw is None:
                    values[f.name] = default
                elif isinstance(default, bool):  # QgsSettings may give "true"/"false" as text
                    values[f.name] = raw if isinstance(raw, bool) else str(raw).lower() in ("1", "true")
                else:
                    values[f.name] = type(default)(raw)
            except (TypeError, ValueError):
                values[f.name] = default
        return cls(**values)

    def save(self) -> None:
        """Write the settings to ``QgsSettings``."""
        qs = QgsSettings()
        for f in fields(self):
            qs.setValue(f"{GROUP}/{f.name}", getattr(self, f.name))
