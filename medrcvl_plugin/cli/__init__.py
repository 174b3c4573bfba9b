"""MedRCVL command line: one module per subcommand, each with ``add_arguments`` and ``run``."""

from __future__ import annotations

import importlib
from types import ModuleType

# Subcommand modules (``cli/<name>.py``); missing ones are skipped.
SUBCOMMANDS = ["diagnose", "atlas", "export", "tour"]


def subcommand_modules() -> dict[str, ModuleType]:
    """The importable subcommand modules, by name (a module absent from the install is skipped)."""
    modules = {}
    for name in SUBCOMMANDS:
        try:
            modules[name] = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"{__name__}.{name}":
                raise
    return modules
