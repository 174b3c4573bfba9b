"""MedRCVL command line: one module per subcommand, each with ``add_arguments`` and ``run``."""

from __future__ import annotations

import importlib
from types import ModuleType

# Subcommand modules (``cli/<name>.py``), all shipped with the plugin.
SUBCOMMANDS = ["diagnose", "atlas", "export", "tour"]


def subcommand_modules() -> dict[str, ModuleType]:
    """The subcommand modules, by name (an import error is raised, never skipped)."""
    return {name: importlib.import_module(f"{__name__}.{name}") for name in SUBCOMMANDS}
