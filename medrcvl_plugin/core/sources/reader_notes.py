"""The warnings a reader logs while it parses a file, collected so that they reach the user.

Readers log with ``logging`` (often in a worker thread that has no feedback); :func:`collected`
gathers the WARNING records of the current thread under the ``medrcvl_plugin`` logger, so that
``cache.cached_parse`` can keep them with the parsed copy and the run show them on every run.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator

ROOT_LOGGER = "medrcvl_plugin"


class _Collector(logging.Handler):
    """Keeps the messages of the WARNING records emitted by one thread."""

    def __init__(self, thread: int) -> None:
        super().__init__(logging.WARNING)
        self.thread = thread
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            with contextlib.suppress(Exception):
                self.messages.append(record.getMessage())


@contextlib.contextmanager
def collected() -> Iterator[list[str]]:
    """``with collected() as notes:`` -> the warnings logged by this thread inside the block."""
    handler = _Collector(threading.get_ident())
    logger = logging.getLogger(ROOT_LOGGER)
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
