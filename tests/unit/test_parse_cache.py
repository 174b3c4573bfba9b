"""core/cache.cached_parse: parsed copies reused, invalidated when the file changes, never wrong."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from medrcvl_plugin.core import cache
from medrcvl_plugin.core.readers import ifn

CSV = "code,total\n01001,5.5\n01002,7.25\n"


class Counting:
    """A reader that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, path):
        self.calls += 1
        frame = pd.read_csv(path, dtype={"code": str})
        frame.attrs["vintage"] = "2024"
        return frame


@pytest.fixture
def data(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_second_read_uses_the_parsed_copy_with_identical_result(data, tmp_path):
    reader = Counting()
    first = cache.cached_parse(data, reader, key="t", folder=tmp_path / "cache")
    second = cache.cached_parse(data, reader, key="t", folder=tmp_path / "cache")
    assert reader.calls == 1
    pd.testing.assert_frame_equal(first, second)
    assert second.attrs["vintage"] == "2024" and second["code"].tolist() == ["01001", "01002"]
    assert cache.parsed_path(tmp_path / "cache", data, "t").is_file()


def test_changed_file_is_read_again_and_replaces_its_copy(data, tmp_path):
    reader = Counting()
    folder = tmp_path / "cache"
    cache.cached_parse(data, reader, key="t", folder=folder)
    data.write_text(CSV + "01004,9.0\n", encoding="utf-8")
    stat = data.stat()
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    changed = cache.cached_parse(data, reader, key="t", folder=folder)
    assert reader.calls == 2 and changed["code"].tolist() == ["01001", "01002", "01004"]
    assert len(list((folder / cache.PARSED_FOLDER).iterdir())) == 1  # replaced, not added
    # same size, same length of text but other content and mtime: read again too
    data.write_text(CSV.replace("5.5", "6.5") + "01004,9.0\n", encoding="utf-8")
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns + 4_000_000_000))
    assert cache.cached_parse(data, reader, key="t", folder=folder)["total"].iloc[0] == 6.5
    assert reader.calls == 3


def test_keys_are_separate_and_no_folder_means_no_cache(data, tmp_path):
    reader = Counting()
    cache.cached_parse(data, reader, key="a", folder=tmp_path / "cache")
    cache.cached_parse(data, reader, key="b", folder=tmp_path / "cache")
    cache.cached_parse(data, reader, key="a", folder=None)
    cache.cached_parse(data, reader, key="a", folder=None)
    assert reader.calls == 4


def test_damaged_copy_is_ignored_and_rewritten(data, tmp_path):
    reader = Counting()
    folder = tmp_path / "cache"
    cache.cached_parse(data, reader, key="t", folder=folder)
    cache.parsed_path(folder, data, "t").write_bytes(b"not a pickle")
    again = cache.cached_parse(data, reader, key="t", folder=folder)
    assert reader.calls == 2 and len(again) == 2
    cache.cached_parse(data, reader, key="t", folder=folder)
    assert reader.calls == 2


def test_reader_errors_are_not_cached(tmp_path):
    bad = tmp_path / "ifn.csv"
    bad.write_text("code,total\n01001,abc\n", encoding="utf-8")
    from medrcvl_plugin.core.errors import DataFormatError

    for _ in range(2):
        with pytest.raises(DataFormatError):
            cache.cached_parse(bad, ifn.read_ifn, key="ifn", folder=tmp_path / "cache")
    assert not (tmp_path / "cache" / cache.PARSED_FOLDER).exists()


def test_real_ifn_identical_with_and_without_cache(shared_data, tmp_path):
    path = shared_data / "ifn" / "ifn-city-all-variation.csv"
    plain = ifn.read_ifn(path)
    cold = cache.cached_parse(path, ifn.read_ifn, key="ifn", folder=tmp_path / "cache")
    warm = cache.cached_parse(path, ifn.read_ifn, key="ifn", folder=tmp_path / "cache")
    for frame in (cold, warm):
        pd.testing.assert_frame_equal(plain, frame)
    assert warm.loc[warm["code"] == "37072", "ifn_score"].notna().all()


def test_new_reader_code_invalidates_the_copies(data, tmp_path, monkeypatch):
    reader = Counting()
    folder = tmp_path / "cache"
    cache.cached_parse(data, reader, key="t", folder=folder)
    assert cache._readers_stamp() in cache._code_stamp(ifn.read_ifn)
    monkeypatch.setattr(cache, "_code_stamp", lambda _reader: "upgraded")
    cache.cached_parse(data, reader, key="t", folder=folder)
    cache.cached_parse(data, reader, key="t", folder=folder)
    assert reader.calls == 2
