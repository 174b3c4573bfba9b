"""Validation against the national Table Schema of digital-mediation places."""

from __future__ import annotations

import json

import pytest

from medrcvl_plugin.core.readers import lieux_schema
from medrcvl_plugin.core.readers.csvtools import read_table


def _raw(path):
    return read_table(path, source=str(path), required=["id"])


def test_fixture_without_problem(fixtures):
    assert lieux_schema.validate(_raw(fixtures / "lieux" / "standard-small.csv")) == []


def test_violations_name_line_and_field(fixtures):
    problems = lieux_schema.validate(_raw(fixtures / "lieux" / "standard-violations.csv"))
    found = {(p.line, p.field) for p in problems}
    assert found == {
        (2, "pivot"),  # required
        (3, "code_postal"),
        (3, "services"),  # pattern, vocabulary
        (4, "latitude"),
        (4, "telephone"),
        (4, "itinerance"),
        (4, "date_maj"),  # number, pattern, date
        (5, "id"),
        (5, "date_maj"),
        (5, "dispositif_programmes_nationaux"),
        (5, "code_insee"),
    }
    by_key = {(p.line, p.field): p for p in problems}
    assert by_key[(3, "services")].message.startswith("line 3, field services:")
    assert "'Cuisine'" in by_key[(3, "services")].message
    assert "Aide aux" not in by_key[(3, "services")].message.split("'Cuisine'")[1]
    assert "'Pass Numérique'" in by_key[(5, "dispositif_programmes_nationaux")].message
    assert "line 2" in by_key[(5, "id")].message  # the first use of the id
    assert by_key[(4, "latitude")].value == "47,16"
    assert by_key[(2, "pivot")].value is None
    assert by_key[(5, "code_insee")].value == "3701"
    assert "does not match the pattern" in by_key[(5, "code_insee")].message


def test_missing_column_and_custom_schema(tmp_path):
    schema = {
        "fields": [
            {"name": "id", "type": "string", "constraints": {"required": True}},
            {"name": "n", "type": "integer", "constraints": {"minimum": 1, "maximum": 5}},
            {"name": "kind", "type": "string", "constraints": {"enum": ["A", "B"]}},
            {"name": "other", "type": "string"},
        ]
    }
    schema_path = tmp_path / "schema.json"
    schema_path.write_text(json.dumps(schema), encoding="utf-8")
    data = tmp_path / "data.csv"
    data.write_text("id,n,kind\nx,3,A|B\ny,9,C\nz,2.5,A\n", encoding="utf-8")
    problems = lieux_schema.validate(_raw(data), schema_path)
    assert [(p.line, p.field) for p in problems] == [(1, "other"), (3, "kind"), (3, "n"), (4, "n")]
    assert "maximum is 5" in problems[2].message


def test_unreadable_schema(tmp_path):
    from medrcvl_plugin.core.base.errors import DataFormatError

    bad = tmp_path / "schema.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(DataFormatError, match="fields"):
        lieux_schema.load_schema(bad)
