"""Atomic writes of core/fileio.py."""

from __future__ import annotations

import pytest

from medrcvl_plugin.core.base.errors import OutputExistsError
from medrcvl_plugin.core.base.fileio import atomic_path, atomic_write_bytes, atomic_write_text


def test_write_new_file(tmp_path):
    target = tmp_path / "sub" / "a.bin"
    assert atomic_write_bytes(target, b"abc") == target
    assert target.read_bytes() == b"abc"
    assert [p.name for p in target.parent.iterdir()] == ["a.bin"]


def test_existing_file_not_overwritten(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("good")
    with pytest.raises(OutputExistsError, match="a.txt"):
        atomic_write_text(target, "bad")
    assert target.read_text() == "good"
    atomic_write_text(target, "new", overwrite=True)
    assert target.read_text() == "new"


def test_failure_keeps_target_and_removes_temp(tmp_path):
    target = tmp_path / "a.csv"
    target.write_text("good")
    with pytest.raises(RuntimeError):
        with atomic_path(target, overwrite=True) as tmp:
            assert tmp.parent == tmp_path and tmp.suffix == ".csv" and tmp != target
            tmp.write_text("half")
            raise RuntimeError("boom")
    assert target.read_text() == "good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]


def test_atomic_path_success_replaces(tmp_path):
    target = tmp_path / "b.gpkg"
    with atomic_path(target) as tmp:
        assert not tmp.exists()
        tmp.write_bytes(b"x")
        assert not target.exists()
    assert target.read_bytes() == b"x"


def test_nothing_written_is_an_error(tmp_path):
    target = tmp_path / "c.txt"
    with pytest.raises(OSError):
        with atomic_path(target):
            pass
    assert not target.exists()
