"""Start QGIS headless, register the MedRCVL provider and dispatch to a subcommand."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sqlite3
import sys
import tempfile
import threading
from pathlib import Path
from typing import Iterator, Sequence

from qgis.core import QgsApplication, QgsProcessingException, QgsProcessingFeedback

from ..core.base.errors import (
    CancelledError,
    DataFormatError,
    MedrcvlError,
    OutputExistsError,
    OutputLockedError,
    user_message,
)
from ..core.base.i18n import tr

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_EXISTS = 3
EXIT_LOCKED = 75  # sysexits EX_TEMPFAIL: another run writes into the folder, try again later
EXIT_CANCELLED = 130

_STATE: dict = {}


class CliFeedback(QgsProcessingFeedback):
    """Processing feedback printing progress and messages to stderr."""

    def __init__(self, verbose: bool = False, quiet: bool = False, stream=None) -> None:
        super().__init__()
        self.verbose = verbose
        self.quiet = quiet
        self.stream = stream if stream is not None else sys.stderr
        self.errors: list[str] = []
        self._last_step = -1
        self.progressChanged.connect(self._progress)

    def _write(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def _progress(self, value: float) -> None:
        step = int(value // 10)
        if not self.quiet and step != self._last_step:
            self._last_step = step
            self._write(f"[{int(value):3d}%]")

    def setProgressText(self, text: str) -> None:
        super().setProgressText(text)
        if not self.quiet:
            self._write(text)

    def pushInfo(self, info: str) -> None:
        if self.verbose or (not self.quiet and not info.startswith("Results: {")):
            self._write(info)

    def pushCommandInfo(self, info: str) -> None:
        if self.verbose:
            self._write(info)

    def pushDebugInfo(self, info: str) -> None:
        if self.verbose:
            self._write(info)

    def pushConsoleInfo(self, info: str) -> None:
        if self.verbose:
            self._write(info)

    def pushWarning(self, warning: str) -> None:
        self._write(tr("warning: {w}").format(w=warning))

    def reportError(self, error: str, fatalError: bool = False) -> None:  # noqa: N803
        self.errors.append(error)
        if self.verbose:
            self._write(tr("error: {e}").format(e=error))


def start_qgis() -> QgsApplication:
    """Start (once) a headless QGIS with Processing and the ``medrcvl`` provider."""
    if "app" in _STATE:
        return _STATE["app"]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if not os.environ.get("XDG_RUNTIME_DIR"):
        runtime = Path(tempfile.gettempdir()) / f"runtime-medrcvl-{os.getuid()}"
        runtime.mkdir(mode=0o700, exist_ok=True)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    app = QgsApplication.instance()
    if app is None:
        app = QgsApplication([], False)
        app.initQgis()
        _STATE["owned"] = True
    plugins = os.path.join(QgsApplication.pkgDataPath(), "python", "plugins")
    if os.path.isdir(plugins) and plugins not in sys.path:
        sys.path.append(plugins)
    from processing.core.Processing import Processing

    Processing.initialize()
    registry = QgsApplication.processingRegistry()
    if registry.providerById("medrcvl") is None:
        from ..processing.provider import MedrcvlProvider

        provider = MedrcvlProvider()
        registry.addProvider(provider)
        _STATE["provider"] = provider
    from ..translation import install_translator

    _STATE["translator"] = install_translator()
    _STATE["app"] = app
    return app


def stop_qgis() -> None:
    """Unregister the provider and exit QGIS if this module started it."""
    provider = _STATE.pop("provider", None)
    if provider is not None:
        QgsApplication.processingRegistry().removeProvider(provider)
    from ..core.sources.network import abort_all

    abort_all()  # no download thread may outlive QGIS
    app = _STATE.pop("app", None)
    if app is not None and _STATE.pop("owned", False):
        app.exitQgis()


def diagnostic_paths(args: argparse.Namespace) -> tuple[Path, Path]:
    """The existing diagnostic GeoPackage named by ``--diagnostic`` and the output folder (``--out``)."""
    gpkg = Path(args.diagnostic).expanduser()
    if not gpkg.exists():
        raise DataFormatError(
            tr("The diagnostic GeoPackage {p} does not exist.").format(p=gpkg), source=str(gpkg)
        )
    return gpkg, (Path(args.out).expanduser() if args.out else gpkg.parent)


def check_outputs(paths: list[Path], overwrite: bool) -> None:
    """Refuse at once, naming every existing output, unless ``--overwrite``; nothing is written."""
    from ..core.output.sets import check_outputs as check
    from ..core.output.sets import existing

    found = [] if overwrite else existing(paths)
    if len(found) == 1:
        raise OutputExistsError(tr("{p} already exists; pass --overwrite to replace it.").format(p=found[0]))
    if found:
        raise OutputExistsError(
            tr(
                "These outputs already exist: {l}. Nothing was written; pass --overwrite " "to replace them."
            ).format(l=", ".join(map(str, found)))
        )
    check(paths, overwrite)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-parser per available subcommand."""
    from . import subcommand_modules

    parser = argparse.ArgumentParser(
        prog="python -m medrcvl_plugin",
        description=tr("MedRCVL: digital-fragility diagnostics of French territories."),
    )
    parser.add_argument("-v", "--verbose", action="store_true", help=tr("print every message"))
    parser.add_argument("-q", "--quiet", action="store_true", help=tr("print only warnings and errors"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in subcommand_modules().items():
        doc = (module.__doc__ or name).strip().splitlines()[0]
        sub = commands.add_parser(name, help=doc, description=doc)
        module.add_arguments(sub)
        sub.set_defaults(module=module)
    return parser


def fail(message: str, code: int = EXIT_ERROR) -> int:
    """Print ``medrcvl: error: message`` to stderr and return ``code``."""
    print(tr("medrcvl: error: {m}").format(m=message), file=sys.stderr, flush=True)
    return code


@contextlib.contextmanager
def interrupt_cancels(feedback) -> Iterator[None]:
    """Ctrl-C cancels ``feedback`` (the downloads and steps of worker threads stop at once) and
    interrupts the main thread: nothing half-written is left, and the process does not wait for a
    download to end before it exits."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(_signum, _frame):
        feedback.cancel()
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (no traceback for expected errors)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "module", None) is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    if args.verbose:  # otherwise the algorithms route the package's log records to the feedback
        logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s: %(message)s")
    feedback = CliFeedback(verbose=args.verbose, quiet=args.quiet)
    try:
        start_qgis()
        with interrupt_cancels(feedback):
            code = int(args.module.run(args, feedback) or 0)
        return fail(tr("Interrupted."), EXIT_CANCELLED) if feedback.isCanceled() else code
    except OutputExistsError as error:
        return fail(str(error), EXIT_EXISTS)
    except OutputLockedError as error:
        return fail(str(error), EXIT_LOCKED)
    except CancelledError as error:
        return fail(str(error) or tr("Cancelled."), EXIT_CANCELLED)
    except KeyboardInterrupt:
        return fail(tr("Interrupted."), EXIT_CANCELLED)
    except (MedrcvlError, QgsProcessingException, OSError, sqlite3.Error) as error:
        if feedback.isCanceled():  # a Ctrl-C surfaced as the algorithm's error
            return fail(tr("Interrupted."), EXIT_CANCELLED)
        message = user_message(error) if not isinstance(error, QgsProcessingException) else str(error)
        return fail(message or "; ".join(feedback.errors), EXIT_ERROR)
    finally:
        stop_qgis()
