"""Pausing Python's cyclic garbage collector during bulk work.

A diagnostic builds hundreds of thousands of short-lived containers (row tuples, pandas objects) and
few reference cycles: the collector's full passes over every live object then cost a third of the
run. It is paused for the job and restored after (reference counting still frees memory at once).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic garbage collector inside the block (its previous state is restored)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
