"""Provenance of a dataset: where a value comes from, its vintage and its licence."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


@dataclass
class Provenance:
    """Origin of one dataset as it entered a diagnostic."""

    source_id: str  # catalogue id, e.g. "ifn_communes"
    title: str
    producer: str
    licence: str
    vintage: str
    attribution: str  # the line printed on maps: "Source : La MedNum/ANSA – IFN 2023"
    location: str = ""  # URL or file path actually read
    mode: str = ""  # "live", "mirror", "file", "cache", "tiles", "layer"
    retrieved: str = ""  # ISO date-time of the download / file modification
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Plain dict (for JSON, tables and layer metadata)."""
        return asdict(self)

    def to_json(self) -> str:
        """JSON text."""
        return json.dumps(self.to_dict(), ensure_ascii=False)
