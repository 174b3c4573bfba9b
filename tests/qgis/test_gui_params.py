"""``gui/params.py``: each DiagnosticParams field is set from the dialog or left at its default on purpose."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from medrcvl_plugin.core.diagnostic import DiagnosticParams
from medrcvl_plugin.core.territory.selection import Territory
from medrcvl_plugin.gui import params


def choices(tmp_path: Path) -> dict:
    """Dialog choices that differ from every default."""
    return {
        "territory": Territory("epci", "200043081"),
        "mirror": str(tmp_path / "mirror"),
        "locations": {"ifn": "/data/ifn.csv"},
        "thresholds": {"ifn_score": 7.25, "dist_lieu_km": 12},
        "gpkg": str(tmp_path / "out.gpkg"),
        "overwrite": True,
    }


def test_every_field_is_either_set_by_the_dialog_or_left_at_default():
    names = {f.name for f in dataclasses.fields(DiagnosticParams)}
    assert not set(params.SET_BY_DIALOG) & set(params.LEFT_AT_DEFAULT)
    assert names == set(params.SET_BY_DIALOG) | set(params.LEFT_AT_DEFAULT)


def test_built_params_carry_the_dialog_values(tmp_path):
    built = params.make_params(choices(tmp_path))
    expected = {
        "territory": Territory("epci", "200043081"),
        "mirror": str(tmp_path / "mirror"),
        "locations": {"ifn": "/data/ifn.csv"},
        "ifn_threshold": 7.25,
        "distance_km": 12.0,
        "output": tmp_path / "out.gpkg",
        "overwrite": True,
    }
    assert set(expected) == set(params.SET_BY_DIALOG)
    defaults = DiagnosticParams(territory=Territory("communes", ["00000"]), output="x")
    for name in params.SET_BY_DIALOG:
        assert getattr(built, name) == expected[name], name
        assert getattr(built, name) != getattr(defaults, name), f"{name}: the test value is the default"
    for name in params.LEFT_AT_DEFAULT:
        assert getattr(built, name) == getattr(defaults, name), name


def test_an_empty_mirror_is_none_and_the_locations_are_a_copy(tmp_path):
    given = choices(tmp_path) | {"mirror": ""}
    built = params.make_params(given)
    assert built.mirror is None
    given["locations"]["cog_communes"] = "/other.csv"
    assert built.locations == {"ifn": "/data/ifn.csv"}


@pytest.mark.parametrize("key", ["territory", "mirror", "locations", "thresholds", "gpkg", "overwrite"])
def test_a_missing_choice_raises(tmp_path, key):
    given = choices(tmp_path)
    del given[key]
    with pytest.raises(KeyError, match=key):
        params.make_params(given)
