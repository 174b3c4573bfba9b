"""Turn the dialog's choices into ``core.diagnostic.DiagnosticParams``."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

# DiagnosticParams field -> how to get its value from the dialog's choices
_CANDIDATES: dict[str, Any] = {
    "territory": lambda c: c["territory"],
    "territory_kind": lambda c: c["territory"].kind,
    "territory_value": lambda c: c["territory"].value,
    "kind": lambda c: c["territory"].kind,
    "value": lambda c: c["territory"].value,
    "layer": lambda c: c["territory"].layer,
    "commune_layer": lambda c: c["territory"].layer,
    "code_field": lambda c: c["territory"].code_field,
    "territory_name": lambda c: c.get("territory_name") or None,
    "name": lambda c: c.get("territory_name") or None,
    "mirror": lambda c: c["mirror"] or None,
    "locations": lambda c: dict(c["locations"]),
    "sources": lambda c: dict(c["locations"]),
    "thresholds": lambda c: dict(c["thresholds"]),
    "ifn_threshold": lambda c: c["thresholds"]["ifn_score"],
    "distance_km": lambda c: c["thresholds"]["dist_lieu_km"],
    "priority_distance_km": lambda c: c["thresholds"]["dist_lieu_km"],
    "output": lambda c: Path(c["gpkg"]),
    "output_path": lambda c: Path(c["gpkg"]),
    "out": lambda c: Path(c["gpkg"]),
    "gpkg": lambda c: Path(c["gpkg"]),
    "overwrite": lambda c: bool(c["overwrite"]),
    "field": lambda c: c.get("mapped_field", "ifn_score"),
    "style_field": lambda c: c.get("mapped_field", "ifn_score"),
}


def make_params(choices: dict, params_class: Any = None) -> Any:
    """Build a ``DiagnosticParams`` from ``choices`` (keys of ``DiagnosticDialog.choices``)."""
    if params_class is None:
        from ..core.diagnostic import DiagnosticParams as params_class  # noqa: N813
    values = {}
    for field in dataclasses.fields(params_class):
        getter = _CANDIDATES.get(field.name)
        if getter is None:
            continue
        try:
            values[field.name] = getter(choices)
        except (KeyError, AttributeError):
            continue
    return params_class(**values)
