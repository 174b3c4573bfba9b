"""Typed exceptions of MedRCVL; every message is translated and names what went wrong where."""

from __future__ import annotations


class MedrcvlError(Exception):
    """Base class: ``str(error)`` is a user-facing, translated message."""


class DataFormatError(MedrcvlError):
    """A file or a download does not have the expected layout.

    ``source`` names the dataset or file, ``line`` (1-based, header = 1) and ``field``
    locate the problem when known.
    """

    def __init__(
        self, message: str, *, source: str = "", line: int | None = None, field: str | None = None
    ) -> None:
        super().__init__(message)
        self.source = source
        self.line = line
        self.field = field


class NetworkError(MedrcvlError):
    """A download failed; ``url`` and the server's ``status``/``answer`` are kept."""

    def __init__(self, message: str, *, url: str = "", status: int | None = None, answer: str = "") -> None:
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


class OutputWriteError(MedrcvlError):
    """An output could not be written, checked or put in place; ``path`` names it.

    The previous file at ``path`` (if any) is left as it was.
    """

    def __init__(self, message: str, *, path: str = "") -> None:
        super().__init__(message)
        self.path = path


class OutputLockedError(MedrcvlError):
    """Another MedRCVL run (``pid``) is writing into the same output folder."""

    def __init__(self, message: str, *, pid: int | None = None) -> None:
        super().__init__(message)
        self.pid = pid


def _reason_and_advice(error: BaseException) -> tuple[str, str]:
    """(what happened, what to do) in the user's language for an OS or SQLite error."""
    import errno

    from .i18n import tr

    number = getattr(error, "errno", None)
    winerror = getattr(error, "winerror", None)
    text = str(error).lower()
    if number == errno.EROFS or "read-only file system" in text or "readonly database" in text:
        return (
            tr("the file system is read-only"),
            tr("choose an output folder on a writable disk, or ask for it to be mounted read-write"),
        )
    if (
        number in (errno.ENOSPC, getattr(errno, "EDQUOT", -1))
        or "disk is full" in text
        or "no space left" in text
    ):
        return (
            tr("the disk is full (or your quota is reached)"),
            tr("free some space or choose a folder on another disk, then run again"),
        )
    if winerror in (32, 33):  # sharing/lock violation: open in another program (Excel, QGIS…)
        return (
            tr("the file is open in another program"),
            tr("close it (spreadsheet, PDF reader, QGIS project) and run again"),
        )
    if number in (errno.EACCES, errno.EPERM):
        return (
            tr("permission denied"),
            tr("choose a folder where you may write, or close the file if another program holds it"),
        )
    if number == errno.ENOENT:
        return (tr("the folder does not exist"), tr("check the path or create the folder"))
    if number == errno.ENOTDIR:
        return (tr("a part of the path is a file, not a folder"), tr("check the path"))
    if number == errno.EISDIR:
        return (tr("it is a folder"), tr("give a file name"))
    if number == errno.ENAMETOOLONG:
        return (tr("the path is too long"), tr("choose a shorter folder or file name"))
    if number in (errno.EMFILE, errno.ENFILE):
        return (tr("too many files are open"), tr("close some programs and run again"))
    if number == errno.EIO:
        return (
            tr("the disk reported an input/output error"),
            tr("check the disk or the network share, then run again"),
        )
    if number == errno.EBUSY:
        return (tr("the file is busy"), tr("close the program that uses it and run again"))
    if number in (errno.ETIMEDOUT, getattr(errno, "EHOSTDOWN", -1), getattr(errno, "ESTALE", -1)):
        return (tr("the network share does not answer"), tr("check the connection to the share"))
    detail = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return detail, tr("check the path and the disk, then run again")


def describe_os_error(error: BaseException, path: object = None, action: str = "") -> str:
    """One French sentence for an OS (or SQLite I/O) error: the path, what happened, what to do.

    ``action`` says what was being done (e.g. ``tr("write")``); the default is "write".
    """
    from .i18n import tr

    where = path if path is not None else (getattr(error, "filename", None) or "")
    reason, advice = _reason_and_advice(error)
    return tr("Cannot {action} {path}: {reason}. What to do: {advice}.").format(
        action=action or tr("write"), path=where or "?", reason=reason, advice=advice
    )


def is_disk_error(error: BaseException) -> bool:
    """True for OSError and for the SQLite errors that are really I/O errors (full disk, read-only…)."""
    import sqlite3

    if isinstance(error, OSError):
        return True
    text = str(error).lower()
    if isinstance(error, sqlite3.Error):
        return any(k in text for k in ("disk", "read-only", "readonly", "i/o", "unable to open"))
    if isinstance(error, RuntimeError):  # GDAL with exceptions on
        return any(
            k in text
            for k in (
                "no space left",
                "disk full",
                "disk is full",
                "read-only file system",
                "readonly database",
                "disk i/o error",
                "permission denied",
            )
        )
    return False


def user_message(error: BaseException) -> str:
    """The one user-facing message of ``error`` (dialog, command line and Processing alike).

    Typed errors: their message plus the file/URL, line, field or HTTP status they carry and it does
    not say; disk errors: one sentence (``describe_os_error``); anything else is unexpected.
    """
    from .i18n import tr

    if not isinstance(error, MedrcvlError):
        if is_disk_error(error):  # reading or writing: not known here
            return describe_os_error(error, action=tr("use"))
        return tr("Unexpected error: {error}").format(error=f"{type(error).__name__}: {error}")
    message = str(error) or type(error).__name__
    details = []
    if isinstance(error, DataFormatError):
        if error.source and error.source not in message:
            details.append(tr("source: {s}").format(s=error.source))
        if error.line is not None and str(error.line) not in message:
            details.append(tr("line {n}").format(n=error.line))
        if error.field and error.field not in message:
            details.append(tr("field {f}").format(f=error.field))
    elif isinstance(error, NetworkError):
        if error.url and error.url not in message:
            details.append(tr("URL: {u}").format(u=error.url))
        if error.status is not None and str(error.status) not in message:
            details.append(tr("HTTP status {s}").format(s=error.status))
    return message + (" (" + ", ".join(details) + ")" if details else "")
