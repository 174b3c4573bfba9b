"""scripts/check_qt6.py and the flake8-qgis rules of `make test`: together they flag the Qt5/QGIS-3-only forms
of the fixtures (each rule by one tool), accept the portable ones, and the tree is clean."""

from __future__ import annotations

import importlib.util
import re
import shlex
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
QT6_FIXTURES = ROOT / "tests" / "fixtures" / "qt6"
EXPECT = re.compile(r"#\s*expect:\s*([A-Z0-9 -]+?)\s*$")
QGS_RULES = re.compile(r"^QGS_RULES\s*:=\s*(.+)$", re.MULTILINE)
EXPECT_INTROSPECT = re.compile(r"#\s*expect-introspect:\s*([A-Z0-9 -]+?)\s*$")


def _load_checker():
    """Import scripts/check_qt6.py (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("check_qt6", ROOT / "scripts" / "check_qt6.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_qt6"] = module
    spec.loader.exec_module(module)
    return module


check_qt6 = _load_checker()
MODES = [pytest.param(True, id="introspect-qgis-3.22"), pytest.param(False, id="static-table")]


def _expected(path: Path, introspect: bool, tool: str = "QT6-") -> Counter:
    """(line, rule) counts announced by the fixture's ``# expect:`` comments for one tool (QT6- or QGS)."""
    wanted: Counter = Counter()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        patterns = [EXPECT] + ([EXPECT_INTROSPECT] if introspect else [])
        for pattern in patterns:
            match = pattern.search(line)
            if match:
                wanted.update((number, rule) for rule in match.group(1).split() if rule.startswith(tool))
    return wanted


def _flake8_qgis(path: Path) -> list[tuple[int, str]]:
    """(line, code) of flake8-qgis on ``path`` with the rules the Makefile's test target selects."""
    rules = QGS_RULES.search((ROOT / "Makefile").read_text(encoding="utf-8"))
    assert rules, "Makefile: no QGS_RULES line"
    command = [
        sys.executable,
        "-m",
        "flake8",
        "--isolated",
        *shlex.split(rules.group(1)),
        "--format=%(row)d %(code)s",
        str(path),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1) and not done.stderr.strip(), done.stderr
    return [(int(row), code) for row, code in (line.split() for line in done.stdout.splitlines())]


def _found(violations) -> Counter:
    """(line, rule) counts of the checker's output."""
    return Counter((v.line, v.rule) for v in violations)


def _diff(wanted: Counter, got: Counter, violations) -> str:
    """A readable explanation of a mismatch."""
    missing = sorted((wanted - got).elements())
    extra = [str(v) for v in violations if (v.line, v.rule) in (got - wanted)]
    return f"missed (line, rule): {missing}\nunexpected:\n" + "\n".join(extra)


@pytest.mark.parametrize("introspect", MODES)
def test_bad_forms_are_each_reported(introspect: bool) -> None:
    """Every tagged line of bad_forms.py is reported with its rule, and nothing else is."""
    path = QT6_FIXTURES / "bad_forms.py"
    violations = check_qt6.check_source(
        path.read_text(encoding="utf-8"), "pkg/bad_forms.py", introspect=introspect
    )
    wanted, got = _expected(path, introspect), _found(violations)
    assert len(wanted) >= 35
    assert got == wanted, _diff(wanted, got, violations)


def test_bad_forms_left_to_flake8_qgis_are_reported_by_it() -> None:
    """The forms dropped from check_qt6.py (exec_, qApp, QRegExp, PyQt5 imports...) are flake8-qgis's: each
    QGS-tagged line of bad_forms.py is reported with that code, and nothing else; the good forms pass."""
    path = QT6_FIXTURES / "bad_forms.py"
    wanted, got = _expected(path, True, "QGS"), Counter(_flake8_qgis(path))
    assert len(wanted) >= 15
    missed, extra = sorted((wanted - got).elements()), sorted((got - wanted).elements())
    assert got == wanted, f"missed: {missed}, extra: {extra}"
    assert _flake8_qgis(QT6_FIXTURES / "good_forms.py") == []
    assert _flake8_qgis(QT6_FIXTURES / "compat_forms.py") == []  # QVariant.String: QGS402 is not selected


@pytest.mark.parametrize("introspect", MODES)
def test_good_forms_pass(introspect: bool) -> None:
    """The portable spellings (scoped enums, exec(), qgis.PyQt, compat constants) raise nothing."""
    path = QT6_FIXTURES / "good_forms.py"
    violations = check_qt6.check_source(
        path.read_text(encoding="utf-8"), "pkg/good_forms.py", introspect=introspect
    )
    assert violations == [], "\n".join(map(str, violations))


@pytest.mark.parametrize("introspect", MODES)
def test_compat_only_forms_are_allowed_in_compat_module_only(introspect: bool) -> None:
    """3.22 fallbacks (QVariant, QgsUnitTypes.Layout*, QgsProcessing.SourceType) live in compat.py only."""
    path = QT6_FIXTURES / "compat_forms.py"
    source = path.read_text(encoding="utf-8")
    elsewhere = check_qt6.check_source(source, "medrcvl_plugin/gui/page.py", introspect=introspect)
    wanted = _expected(path, introspect)
    assert _found(elsewhere) == wanted, _diff(wanted, _found(elsewhere), elsewhere)
    assert check_qt6.check_source(source, "medrcvl_plugin/compat.py", introspect=introspect) == []
    broken = "from qgis.PyQt.QtCore import QVariant\nSTRING = QVariant.Type.String\n"
    in_compat = check_qt6.check_source(broken, "medrcvl_plugin/compat.py", introspect=introspect)
    assert [(v.line, v.rule) for v in in_compat] == [(2, "QT6-QVARIANT")]  # PyQt6 has no QVariant.Type


def test_suggestions_name_the_scoped_form() -> None:
    """The message gives file:line and the replacement to write (verified on this QGIS)."""
    source = (
        "from qgis.PyQt.QtWidgets import QMessageBox, QTableWidget\nfrom qgis.core import Qgis\n"
        "a = QMessageBox.Yes\nb = QTableWidget.SingleSelection\nc = Qgis.Warning\n"
        "e = d.fontMetrics().width('x')\n"
    )
    lines = [str(v) for v in check_qt6.check_source(source, "medrcvl_plugin/gui/x.py")]
    assert lines[0].startswith("medrcvl_plugin/gui/x.py:3:5: QT6-ENUM")
    assert lines[0].endswith("-> QMessageBox.StandardButton.Yes")
    assert lines[1].endswith("-> QTableWidget.SelectionMode.SingleSelection")
    assert lines[2].endswith("-> Qgis.MessageLevel.Warning")
    assert lines[3].startswith("medrcvl_plugin/gui/x.py:6:5: QT6-REMOVED")
    assert lines[3].endswith("-> horizontalAdvance()")


def test_pragma_needs_a_reason() -> None:
    """``# qt6-ok:`` silences a line only when a reason follows."""
    with_reason = "from qgis.PyQt.QtCore import Qt\nx = Qt.AlignLeft  # qt6-ok: legacy test\n"
    without = "from qgis.PyQt.QtCore import Qt\nx = Qt.AlignLeft  # qt6-ok:\n"
    assert check_qt6.check_source(with_reason, "m.py") == []
    assert [v.rule for v in check_qt6.check_source(without, "m.py")] == ["QT6-ENUM"]


def test_command_line_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """The CLI scans __init__.py, medrcvl_plugin/**.py and .qrc files; exit 1 on violations, else 0."""
    package = tmp_path / "medrcvl_plugin"
    (package / "gui").mkdir(parents=True)
    (tmp_path / "__init__.py").write_text("def classFactory(iface):\n    return None\n", encoding="utf-8")
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "gui" / "page.py").write_text(
        "from qgis.PyQt.QtCore import Qt\n\nA = Qt.AlignLeft\n", encoding="utf-8"
    )
    (package / "icons.qrc").write_text("<RCC/>", encoding="utf-8")
    assert check_qt6.main([str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2
    assert out[0].startswith("medrcvl_plugin/gui/page.py:3:5: QT6-ENUM unscoped enum Qt.AlignLeft")
    assert out[0].endswith("-> Qt.AlignmentFlag.AlignLeft")
    assert out[1].startswith("medrcvl_plugin/icons.qrc:1:1: QT6-QRC")
    fixed = "from qgis.PyQt.QtCore import Qt\n\nA = Qt.AlignmentFlag.AlignLeft\n"
    (package / "gui" / "page.py").write_text(fixed, encoding="utf-8")
    (package / "icons.qrc").unlink()
    assert check_qt6.main([str(tmp_path)]) == 0


def test_plugin_tree_is_qt6_ready() -> None:
    """The real plugin (root __init__.py + medrcvl_plugin/) has no Qt6/QGIS 4 problem."""
    files = check_qt6.plugin_files(ROOT)
    assert ROOT / "__init__.py" in files and ROOT / "medrcvl_plugin" / "plugin.py" in files
    violations = check_qt6.check_tree(ROOT)
    assert violations == [], "Qt6/QGIS 4 problems:\n" + "\n".join(map(str, violations))
