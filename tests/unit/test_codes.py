"""The one commune-code cleaner (core/base/codes.py) used by readers, layers and the dialog."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from qgis.core import NULL

from medrcvl_plugin.core.base.codes import COMMUNE_CODE, commune_code, commune_codes, normalise_code


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("37072", ("37072", False)),
        (" 37072 ", ("37072", False)),
        (1053, ("01053", True)),
        (1053.0, ("01053", True)),
        ("1053.0", ("01053", True)),
        ("2a004", ("2A004", False)),
        ("", (None, False)),
        ("NULL", (None, False)),
        (None, (None, False)),
        (math.nan, (None, False)),
        (NULL, (None, False)),
        ("37 072", ("37 072", False)),
        (37072.5, ("37072.5", False)),
    ],
)
def test_normalise_code(value, expected):
    assert normalise_code(value) == expected


def test_commune_codes_of_a_column_equal_the_cell_cleaner():
    values = pd.Series(["1053", 1053, None, math.nan, "2B033", "x"], index=list("abcdef"), dtype=object)
    got = commune_codes(values)
    assert got.index.equals(values.index)
    assert got.tolist() == [commune_code(v) for v in values] == ["01053", "01053", None, None, "2B033", "X"]
    assert [bool(COMMUNE_CODE.match(c)) for c in got.dropna()] == [True, True, True, False]
