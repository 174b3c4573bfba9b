"""Options and result of an atlas export."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

ORDERS = ("name", "score")
ORIENTATIONS = ("portrait", "landscape")


@dataclass
class AtlasOptions:
    """How to export the atlas; defaults give one A4 portrait PDF ordered by commune name."""

    per_commune: bool = False  # one PDF per page (cover included) in the output folder
    order: str = "name"  # "name" or "score" (most fragile first)
    filter_expression: str = ""  # QGIS expression on the commune fields, e.g. "flag_priority" = 1
    dpi: int = 150
    orientation: str = "portrait"
    template: Optional[Path] = None  # a .qpt made from resources/atlas.qpt
    overwrite: bool = False
    save_project: bool = True  # write diagnostic.qgz next to the PDF(s)
    field: str = "ifn_score"  # the mapped commune field
    method: str = "jenks"
    classes: int = 5
    near_km: float = 3.0  # places within this distance of a commune are listed as "near"
    layout_name: str = "Atlas MedRCVL"


@dataclass
class AtlasResult:
    """Number of pages exported and the files written (PDFs, then the project)."""

    pages: int
    files: list[Path] = field(default_factory=list)
    project: Optional[Path] = None
