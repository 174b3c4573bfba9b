"""Turn the dialog's choices into ``core.diagnostic.DiagnosticParams``, field by field."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.diagnostic import DiagnosticParams

# The DiagnosticParams fields the dialog sets, and those it leaves at their defaults on purpose (the
# dialog offers no choice for them). A new field must be put in one of the two (tests check it).
SET_BY_DIALOG = ("territory", "output", "mirror", "locations", "ifn_threshold", "distance_km", "overwrite")
LEFT_AT_DEFAULT = ("layer_mode", "place_sources", "settings", "parse_cache")


def make_params(choices: dict) -> DiagnosticParams:
    """A ``DiagnosticParams`` from ``DiagnosticDialog.choices()``; a missing choice raises KeyError."""
    from ..core.diagnostic import DiagnosticParams

    thresholds = choices["thresholds"]
    return DiagnosticParams(
        territory=choices["territory"],
        output=Path(choices["gpkg"]),
        mirror=choices["mirror"] or None,
        locations=dict(choices["locations"]),
        ifn_threshold=float(thresholds["ifn_score"]),
        distance_km=float(thresholds["dist_lieu_km"]),
        overwrite=bool(choices["overwrite"]),
    )
