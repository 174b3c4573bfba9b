"""core/cache.cached_parse: parsed copies reused, invalidated when the file changes, never wrong."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from medrcvl_plugin.core.readers import ifn
from medrcvl_plugin.core.sources import cache

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
    from medrcvl_plugin.core.base.errors import DataFormatError

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


def test_parsed_copies_are_plain_arrays_never_unpickled(data, tmp_path):
    """A parsed copy on a shared drive cannot run code: the file is an .npz read with
    ``allow_pickle=False``; a pickle planted in its place is ignored, never loaded."""
    import pickle

    import numpy as np

    folder = tmp_path / "cache"
    reader = Counting()
    cache.cached_parse(data, reader, key="t", folder=folder)
    copy = cache.parsed_path(folder, data, "t")
    with np.load(copy, allow_pickle=False) as stored:
        assert "meta" in stored.files and all(stored[name].dtype != object for name in stored.files)

    class Payload:
        def __reduce__(self):
            target = str(tmp_path / "pwned")
            return (exec, (f"import pathlib; pathlib.Path({target!r}).write_text('pwned')",))

    copy.write_bytes(pickle.dumps({"stamp": None, "value": Payload()}))
    again = cache.cached_parse(data, reader, key="t", folder=folder)
    assert reader.calls == 2 and again["code"].tolist() == ["01001", "01002"]
    assert not (tmp_path / "pwned").exists()


def test_a_changed_file_of_equal_size_and_date_is_parsed_again(data, tmp_path):
    reader = Counting()
    folder = tmp_path / "cache"
    cache.cached_parse(data, reader, key="t", folder=folder)
    stat = data.stat()
    data.write_text(CSV.replace("5.5", "6.5"), encoding="utf-8")  # same size
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same date
    assert data.stat().st_size == stat.st_size and data.stat().st_mtime_ns == stat.st_mtime_ns
    assert cache.cached_parse(data, reader, key="t", folder=folder)["total"].iloc[0] == 6.5
    assert reader.calls == 2


def test_every_reader_output_round_trips_through_the_safe_layout(shared_data, tmp_path):
    from medrcvl_plugin.core.readers import cog, epci, lieux, population
    from medrcvl_plugin.core.sources import parsed_store

    frames = [
        cog.read_cog_communes(shared_data / "cog" / "communes.csv"),
        cog.read_cog_movements(shared_data / "cog" / "mouvements-communes.csv"),
        population.read_population(shared_data / "population" / "donnees_communes.csv"),
        ifn.read_ifn(shared_data / "ifn" / "ifn-epci-all-variation.csv", division="epci"),
        epci.read_epci_composition(shared_data / "epci" / "epcicom.xlsx"),
        lieux.read_france_services(shared_data / "lieux" / "liste-fs-20240801.csv"),
        pd.DataFrame(
            {"n": pd.array([1, None], dtype="Int64"), "b": [b"\x01\x02", None], "t": ["é\n", None]},
            index=pd.Index(["a", "b"], name="k"),
        ),
    ]
    for number, frame in enumerate(frames):
        path = tmp_path / f"{number}.npz"
        parsed_store.dump(frame, path, {"x": 1})
        back, extra = parsed_store.load(path)
        pd.testing.assert_frame_equal(back, frame)
        assert back.attrs == frame.attrs and extra == {"x": 1}
    with pytest.raises(parsed_store.NotStorable):
        parsed_store.dump(pd.DataFrame({"o": [object()]}), tmp_path / "x.npz")


def test_parsed_copies_are_counted_and_cleared_with_the_cache(data, tmp_path):
    from medrcvl_plugin.core.sources.cache import Cache

    folder = tmp_path / "cache"
    cache.cached_parse(data, Counting(), key="t", folder=folder)
    store = Cache(folder, max_mb=1)
    on_disk = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    assert store.size() > 0 and store.size() == on_disk
    assert store.clear() > 0 and store.size() == 0
    assert not list(folder.rglob("*.npz"))


def test_cache_size_survives_a_file_removed_while_it_counts(tmp_path, monkeypatch):
    """Another thread's temporary vanishes between listing and stat: counting must not fail a commit."""
    from medrcvl_plugin.core.sources.cache import Cache

    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "kept.csv").write_bytes(b"x" * 10)
    gone = folder / ".gone-part.json"
    real = type(folder).rglob

    def listing(self, pattern):
        yield from real(self, pattern)
        yield gone  # listed, then removed before its stat

    monkeypatch.setattr(type(folder), "rglob", listing)
    assert Cache(folder, max_mb=1).size() == 10
