"""The real QGIS desktop (Xvfb) and qgis_process load the built plugin zip from a throw-away profile.

Regenerate the documentation screenshot with ``.venv/bin/python tests/desktop/harness.py``
(or run these tests with MEDRCVL_UPDATE_SCREENSHOT=1).
"""

from __future__ import annotations

import json
import os
import shutil

import pytest
from qgis.PyQt.QtGui import QImage

from medrcvl_plugin.core.base.metadata import plugin_version
from tests.desktop import harness

pytestmark = pytest.mark.desktop
ALGORITHMS = {"medrcvl:loadcommunes", "medrcvl:loaddataset", "medrcvl:diagnostic"}


@pytest.fixture(scope="module")
def plugin_zip():
    if shutil.which("xvfb-run") is None or shutil.which("qgis") is None:
        pytest.fail("xvfb-run and qgis are needed (scripts/setup.sh installs them)")
    return harness.build_zip()


@pytest.fixture(scope="module")
def desktop(plugin_zip, tmp_path_factory):
    work = tmp_path_factory.mktemp("desktop")
    profiles = work / "profiles"
    harness.make_profile(profiles, plugin_zip)
    screenshot = work / "desktop-menu.png"
    run = harness.run_desktop(profiles, work, screenshot)
    if run.screenshot and os.environ.get("MEDRCVL_UPDATE_SCREENSHOT"):
        shutil.copyfile(run.screenshot, harness.SCREENSHOT)
    return run


@pytest.fixture(scope="module")
def desktop_fr(plugin_zip, tmp_path_factory):
    work = tmp_path_factory.mktemp("desktop_fr")
    harness.make_profile(work / "profiles", plugin_zip, locale="fr_FR")
    return harness.run_desktop(work / "profiles", work)


@pytest.fixture(scope="module")
def process_profiles(plugin_zip, tmp_path_factory):
    profiles = tmp_path_factory.mktemp("process") / "profiles"
    harness.make_profile(profiles, plugin_zip, name="default")
    return profiles


def test_zip_layout(plugin_zip):
    import zipfile

    names = zipfile.ZipFile(plugin_zip).namelist()
    assert "MedRCVL/metadata.txt" in names and "MedRCVL/__init__.py" in names
    assert "MedRCVL/medrcvl_plugin/processing/provider.py" in names
    assert not [n for n in names if n.startswith(("MedRCVL/tests/", "MedRCVL/.venv/"))]


def test_qgis_started_and_reported(desktop):
    assert desktop.result, f"QGIS wrote no report (exit {desktop.returncode}): {desktop.stderr[-2000:]}"
    assert desktop.result["errors"] == []


def test_plugin_is_active(desktop):
    assert "MedRCVL" in desktop.result["active_plugins"]
    assert desktop.result["plugin_object"] == "MedrcvlPlugin"
    assert desktop.result["version"] == plugin_version()


def test_provider_and_algorithms_registered(desktop):
    assert desktop.result["provider"] is True
    assert ALGORITHMS <= set(desktop.result["algorithms"])


def test_menu_and_toolbar(desktop):
    assert desktop.result["menu"] == "MedRCVL"
    assert "Digital-fragility diagnostic…" in desktop.result["menu_actions"]
    assert "MedRCVL help" in desktop.result["menu_actions"]
    assert desktop.result["toolbar_actions"]


def test_diagnostic_dialog_opens_from_the_menu(desktop):
    assert desktop.result["dialog"], "the MedRCVL dialog did not open from its menu action"


def test_no_python_error_logged(desktop):
    assert desktop.python_errors == [], json.dumps(desktop.python_errors, indent=1)[:3000]
    assert "Traceback" not in desktop.stderr


def test_screenshot_shows_the_window(desktop):
    assert desktop.screenshot is not None
    image = QImage(str(desktop.screenshot))
    assert (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, 1280, 40) for y in range(0, 800, 40)}
    assert len(colours) > 5  # not a blank screen


def test_french_qgis_shows_the_french_menu(desktop_fr):
    import importlib.util

    from tests.desktop.harness import ROOT

    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    french = script.read_ts()["Digital-fragility diagnostic…"]
    assert desktop_fr.result["menu_actions"][0] == french
    assert desktop_fr.python_errors == []


def test_a_broken_plugin_is_detected(plugin_zip, tmp_path):
    """Negative control: an exception in initGui shows up as a Python error and no active plugin."""
    profiles = tmp_path / "profiles"
    profile = harness.make_profile(profiles, plugin_zip)
    plugin_py = profile / "python" / "plugins" / "MedRCVL" / "medrcvl_plugin" / "plugin.py"
    text = plugin_py.read_text(encoding="utf-8")
    text = text.replace(
        '        """Create the menu and toolbar actions and the options page."""\n',
        '        """Create the menu and toolbar actions and the options page."""\n'
        '        raise RuntimeError("medrcvl-broken-on-purpose")\n',
        1,
    )
    plugin_py.write_text(text, encoding="utf-8")
    run = harness.run_desktop(profiles, tmp_path)
    assert any("medrcvl-broken-on-purpose" in e["message"] for e in run.python_errors)
    assert "MedRCVL" not in run.result.get("active_plugins", [])


def test_qgis_process_lists_the_algorithms(process_profiles):
    proc = harness.qgis_process(process_profiles, "list")
    assert proc.returncode == 0, proc.stderr[-2000:]
    for algorithm in ALGORITHMS:
        assert algorithm in proc.stdout


@pytest.mark.realdata
def test_qgis_process_runs_loadcommunes_with_the_mirror(process_profiles, shared_data, tmp_path):
    from qgis.core import QgsVectorLayer

    out = tmp_path / "communes.gpkg"
    proc = harness.qgis_process(
        process_profiles,
        "run",
        "medrcvl:loadcommunes",
        "--json",
        "--",
        "TERRITORY_KIND=0",
        "TERRITORY=200043081",
        f"MIRROR={shared_data}",
        f"OUTPUT={out}",
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    answer = json.loads(proc.stdout[proc.stdout.index("{") :])
    assert answer["results"]["OUTPUT"].startswith(str(out))
    layer = QgsVectorLayer(str(out), "communes", "ogr")
    assert layer.isValid() and layer.featureCount() == 19
    assert "37072" in {f["code_insee"] for f in layer.getFeatures()}


@pytest.mark.realdata
def test_qgis_process_runs_the_diagnostic_with_the_mirror(process_profiles, shared_data, tmp_path):
    from qgis.core import QgsVectorLayer

    out = tmp_path / "diagnostic.gpkg"
    proc = harness.qgis_process(
        process_profiles,
        "run",
        "medrcvl:diagnostic",
        "--json",
        "--",
        "TERRITORY_KIND=0",
        "TERRITORY=200043081",
        f"MIRROR={shared_data}",
        f"OUTPUT={out}",
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    answer = json.loads(proc.stdout[proc.stdout.index("{") :])["results"]
    layer = QgsVectorLayer(f"{out}|layername=communes", "communes", "ogr")
    assert layer.isValid() and layer.featureCount() == answer["COMMUNE_COUNT"] == 19
    places = QgsVectorLayer(f"{out}|layername=lieux", "lieux", "ogr")
    assert places.isValid() and places.featureCount() == answer["LIEUX_COUNT"] > 0
