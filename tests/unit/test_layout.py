"""The layout of ``medrcvl_plugin``: no import circles, and each stage of ``core`` imports only the stages
before it (the rule written in ``core/__init__.py`` and docs/ARCHITECTURE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "medrcvl_plugin"

#: stage -> the stages its modules may import (themselves included); core's own modules are "core"
ALLOWED = {
    "base": {"base"},
    "sources": {"base", "sources"},
    "geometry": {"base", "geometry"},
    "readers": {"base", "sources", "geometry", "readers"},
    "territory": {"base", "sources", "geometry", "readers", "territory"},
    "indicators": {"base", "sources", "geometry", "readers", "territory", "indicators"},
    "output": {"base", "sources", "geometry", "readers", "territory", "indicators", "output"},
    "tour": {"base", "geometry", "output", "tour"},
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(dotted: str) -> bool:
    path = PACKAGE.parent / dotted.replace(".", "/")
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def import_graph() -> dict[str, set[str]]:
    """Module -> the plugin modules it imports (every import, lazy ones inside functions included)."""
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = _module_name(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    target = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    target = node.module or ""
                if not target.startswith("medrcvl_plugin"):
                    continue
                for alias in node.names:
                    full = f"{target}.{alias.name}"
                    targets.add(full if _is_module(full) else target)
            elif isinstance(node, ast.Import):
                targets.update(a.name for a in node.names if a.name.startswith("medrcvl_plugin"))
        targets.discard(name)
        graph[name] = targets
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_import_graph_is_read():
    graph = import_graph()
    assert "medrcvl_plugin.core.diagnostic" in graph
    assert "medrcvl_plugin.core.territory.reconcile" in graph["medrcvl_plugin.core.diagnostic"]


def test_no_import_circle():
    assert _cycles(import_graph()) == []


def test_a_circle_is_found():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_core_imports_no_gui_cli_or_processing():
    graph = import_graph()
    leaks = [
        (module, target)
        for module, targets in graph.items()
        if module.startswith("medrcvl_plugin.core")
        for target in targets
        if target.split(".")[1] in ("gui", "cli", "processing", "plugin")
    ]
    assert leaks == []


@pytest.mark.parametrize("stage", sorted(ALLOWED))
def test_each_stage_imports_only_earlier_stages(stage):
    graph = import_graph()
    prefix = f"medrcvl_plugin.core.{stage}"
    modules = [m for m in graph if m == prefix or m.startswith(prefix + ".")]
    assert modules, f"no module in {prefix}"
    wrong = []
    for module in modules:
        for target in graph[module]:
            parts = target.split(".")
            if parts[:2] != ["medrcvl_plugin", "core"]:
                continue  # compat and translation helpers outside core
            other = parts[2] if len(parts) > 2 else "core"
            if other not in ALLOWED[stage]:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_every_stage_is_documented():
    core = PACKAGE / "core"
    stages = sorted(p.name for p in core.iterdir() if (p / "__init__.py").is_file())
    assert stages == sorted(ALLOWED)
    for stage in stages:
        text = (core / stage / "__init__.py").read_text(encoding="utf-8")
        assert "May import" in text or stage == "base", stage
