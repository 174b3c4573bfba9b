"""Parsed copies of source files as plain arrays: a DataFrame in a NumPy ``.npz`` read without pickle.

A parsed copy lives in a cache folder the user may point anywhere (a shared drive): it must never be
able to run code when loaded. ``np.load(allow_pickle=False)`` reads only numeric and text arrays; the
column layout, the index and ``DataFrame.attrs`` travel as JSON. Supported columns: NumPy numbers and
booleans, pandas' nullable integers and booleans, text (``str`` or None) and binary (``bytes`` or None,
e.g. WKB). Anything else is "not storable" and is simply parsed again next time.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

SEPARATOR = "\x1f"  # joins the texts of a column (a value holding it makes the column not storable)
#: ``DataFrame.attrs`` entries that only speed up later steps and are rebuilt when absent: not stored
DERIVED_ATTRS: frozenset = frozenset()


class NotStorable(Exception):
    """The value has a part that the safe layout cannot hold."""


def _text(values: np.ndarray) -> tuple[dict, dict]:
    mask = np.fromiter((v is None for v in values), dtype=bool, count=len(values))
    texts = ["" if m else v for v, m in zip(values.tolist(), mask.tolist())]
    if not all(isinstance(t, str) for t in texts):
        raise NotStorable("mixed object column")
    joined = SEPARATOR.join(texts)
    if joined.count(SEPARATOR) != max(0, len(texts) - 1):
        raise NotStorable("a text holds the separator")
    return {"kind": "text"}, {"blob": np.frombuffer(joined.encode("utf-8"), dtype=np.uint8), "mask": mask}


def _binary(values: np.ndarray) -> tuple[dict, dict]:
    mask = np.fromiter((v is None for v in values), dtype=bool, count=len(values))
    chunks = [b"" if m else v for v, m in zip(values.tolist(), mask.tolist())]
    lengths = np.fromiter(map(len, chunks), dtype=np.int64, count=len(chunks))
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    return {"kind": "binary"}, {
        "blob": np.frombuffer(b"".join(chunks), dtype=np.uint8),
        "mask": mask,
        "offsets": offsets,
    }


def _column(series: pd.Series) -> tuple[dict, dict]:
    """(layout, arrays) of one column."""
    dtype = series.dtype
    if isinstance(dtype, pd.Int64Dtype) or str(dtype) in ("Int64", "Int32", "boolean"):
        array = series.array
        return {"kind": "masked", "dtype": str(dtype)}, {
            "values": np.asarray(array._data),
            "mask": np.asarray(array._mask),
        }
    if dtype == np.dtype(object):
        values = series.to_numpy(dtype=object)
        present = [v for v in values.tolist() if v is not None]
        if present and all(isinstance(v, bytes) for v in present):
            return _binary(values)
        return _text(values)
    if isinstance(dtype, np.dtype) and dtype.kind in "biuf":
        return {"kind": "numpy"}, {"values": series.to_numpy()}
    raise NotStorable(f"column dtype {dtype}")


def _restore(layout: dict, arrays: dict[str, np.ndarray]) -> Any:
    kind = layout["kind"]
    if kind == "numpy":
        return arrays["values"]
    if kind == "masked":
        array_type = pd.arrays.BooleanArray if layout["dtype"] == "boolean" else pd.arrays.IntegerArray
        return array_type(arrays["values"], arrays["mask"])
    mask = arrays["mask"]
    if kind == "text":
        texts = arrays["blob"].tobytes().decode("utf-8").split(SEPARATOR) if len(mask) else []
        out = np.array(texts, dtype=object) if texts else np.empty(0, dtype=object)
    else:
        blob, offsets = arrays["blob"].tobytes(), arrays["offsets"]
        out = np.empty(len(mask), dtype=object)
        out[:] = [blob[offsets[i] : offsets[i + 1]] for i in range(len(mask))]
    out[mask] = None
    return out


def dump(frame: Any, path: Path, extra: dict | None = None) -> None:
    """Write ``frame`` (a DataFrame) and the JSON-able ``extra`` to ``path`` (NotStorable otherwise)."""
    if not isinstance(frame, pd.DataFrame):
        raise NotStorable(type(frame).__name__)
    if not all(isinstance(c, str) for c in frame.columns) or frame.columns.has_duplicates:
        raise NotStorable("column names")
    arrays: dict[str, np.ndarray] = {}
    layouts = []
    for number, name in enumerate(frame.columns):
        layout, parts = _column(frame[name])
        layouts.append(layout)
        arrays.update({f"c{number}_{part}": value for part, value in parts.items()})
    index = frame.index
    if isinstance(index, pd.RangeIndex):
        index_layout = {"range": [index.start, index.stop, index.step], "name": index.name}
    else:
        layout, parts = _column(pd.Series(index.to_numpy(), dtype=index.dtype))
        index_layout = {**layout, "name": index.name}
        arrays.update({f"index_{part}": value for part, value in parts.items()})
    try:
        meta = json.dumps(
            {
                "columns": list(frame.columns),
                "layouts": layouts,
                "index": index_layout,
                "attrs": {k: v for k, v in frame.attrs.items() if k not in DERIVED_ATTRS},
                "extra": extra or {},
            },
            ensure_ascii=False,
        )
    except (TypeError, ValueError) as exc:
        raise NotStorable(f"attrs: {exc}") from None
    arrays["meta"] = np.frombuffer(meta.encode("utf-8"), dtype=np.uint8)
    with open(path, "wb") as handle:
        np.savez(handle, **arrays)


def load(path: Path) -> tuple[pd.DataFrame, dict]:
    """(frame, extra) of a file written by ``dump``; never unpickles (ValueError on a foreign file)."""
    with np.load(path, allow_pickle=False) as stored:
        arrays = {name: stored[name] for name in stored.files}
    meta = json.loads(arrays.pop("meta").tobytes().decode("utf-8"))
    columns = {}
    for number, (name, layout) in enumerate(zip(meta["columns"], meta["layouts"])):
        prefix = f"c{number}_"
        parts = {k[len(prefix) :]: v for k, v in arrays.items() if k.startswith(prefix)}
        columns[name] = _restore(layout, parts)
    index_meta = meta["index"]
    if "range" in index_meta:
        index = pd.RangeIndex(*index_meta["range"], name=index_meta["name"])
    else:
        values = _restore(index_meta, {k[6:]: v for k, v in arrays.items() if k.startswith("index_")})
        index = pd.Index(values, name=index_meta["name"])
    frame = pd.DataFrame(columns, index=index, columns=meta["columns"])
    frame.attrs.update(meta["attrs"])
    return frame, meta["extra"]
