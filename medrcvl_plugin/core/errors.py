"""Typed exceptions of MedRCVL; every message is translated and names what went wrong where."""

from __future__ import annotations


class MedrcvlError(Exception):
    """Base class: ``str(error)`` is a user-facing, translated message."""


class DataFormatError(MedrcvlError):
    """A file or a download does not have the expected layout.

    ``source`` names the dataset or file, ``line`` (1-based, header = 1) and ``field``
    locate the problem when known.
    """

    def __init__(self, message: str, *, source: str = "", line: int | None = None,
                 field: str | None = None) -> None:
        super().__init__(message)
        self.source = source
        self.line = line
        self.field = field


class NetworkError(MedrcvlError):
    """A download failed; ``url`` and the server's ``status``/``answer`` are kept."""

    def __init__(self, message: str, *, url: str = "", status: int | None = None,
                 answer: str = "") -> None:
        super().__init__(message)
        self.url = url
        self.status = status
        self.answer = answer


class CancelledError(MedrcvlError):
    """The user cancelled the operation (through ``QgsFeedback``)."""


class OutputExistsError(MedrcvlError):
    """An output file or layer exists and overwriting was not requested."""


class TerritoryError(MedrcvlError):
    """The requested territory is unknown or empty."""


class SourceUnavailable(MedrcvlError):
    """A dataset cannot be had (not in the mirror, no stable URL, host unreachable).

    The diagnostic turns it into a warning and leaves that dataset's fields NULL.
    """

    def __init__(self, message: str, *, source_id: str = "") -> None:
        super().__init__(message)
        self.source_id = source_id
