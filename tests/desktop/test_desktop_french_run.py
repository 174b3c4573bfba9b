"""The real QGIS desktop in French (Xvfb, plugin installed from its zip) runs the reference diagnostic
through the dialog and leaves a styled map; screenshots of the dialog and of the map canvas.

Regenerate ``docs/screenshots/fr-*.png`` with
``.venv/bin/python tests/desktop/harness.py --french-run``
(or run this test with MEDRCVL_UPDATE_SCREENSHOT=1).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess

import pytest
from qgis.PyQt.QtGui import QImage

from tests.desktop import harness

pytestmark = [pytest.mark.desktop, pytest.mark.realdata]
STYLED = {"RuleRenderer", "graduatedSymbol", "categorizedSymbol"}


def french_catalogue() -> dict:
    """English source → French translation of i18n/medrcvl_fr.ts (through scripts/i18n.py)."""
    spec = importlib.util.spec_from_file_location("i18n_script", harness.ROOT / "scripts" / "i18n.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script.read_ts()


@pytest.fixture(scope="module")
def french_run(shared_data, tmp_path_factory):
    if shutil.which("xvfb-run") is None or shutil.which("qgis") is None:
        pytest.fail("xvfb-run and qgis are needed (scripts/setup.sh installs them)")
    work = tmp_path_factory.mktemp("desktop_french_run")
    harness.make_profile(work / "profiles", harness.build_zip(), locale="fr_FR")
    shots = work / "shots"
    run = harness.run_french_diagnostic(work / "profiles", work, shared_data.resolve(), shots)
    print(
        json.dumps(
            {k: v for k, v in run.result.items() if not k.startswith("dialog_texts")},
            indent=1,
            ensure_ascii=False,
        )
    )
    if os.environ.get("MEDRCVL_UPDATE_SCREENSHOT") and not run.result.get("errors"):
        for name in harness.FRENCH_SHOTS:
            if (shots / name).exists():
                shutil.copyfile(shots / name, harness.SHOTS / name)
    run.work = work
    run.shots = shots
    return run


def test_the_scripted_run_completed(french_run):
    assert french_run.result, f"no report (exit {french_run.returncode}): {french_run.stderr[-2000:]}"
    assert french_run.result["errors"] == []
    assert french_run.result["problems_before_run"] == []
    assert french_run.result["running_after_click"] is True
    assert "200043081" in french_run.result["selected"] or "Chinon" in french_run.result["selected"]


def test_styled_layers_in_the_medrcvl_group(french_run):
    layers = {layer["source"].replace("layername=", ""): layer for layer in french_run.result["layers"]}
    assert {"communes", "lieux"} <= set(layers)
    for name in ("communes", "lieux"):
        assert layers[name]["group"].startswith("MedRCVL – "), layers[name]
        assert layers[name]["renderer"] in STYLED, layers[name]
    assert layers["communes"]["features"] == 19 and layers["lieux"]["features"] == 8
    assert french_run.result["groups"][0] == layers["communes"]["group"]


def test_atlas_pdf_has_20_pages(french_run):
    pdf = french_run.work / "out" / "atlas.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages == 20  # cover + 19 communes
    assert french_run.result["click_to_pdf_seconds"] < 120


def test_dialog_and_message_bar_are_in_french(french_run):
    french = french_catalogue()
    result = french_run.result
    assert result["run_button"] == french["Run the diagnostic"] != "Run the diagnostic"
    tabs = ("1. Territory", "2. Sources", "3. Indicators", "4. Outputs")
    assert result["tabs"] == [french[t] for t in tabs] and result["tabs"][0] != tabs[0]
    assert result["window_title"] == french["MedRCVL – digital-fragility diagnostic"]
    # no visible text is left as an English source that has a French translation
    english = {source for source, target in french.items() if target and target != source}
    left = sorted({text for text in result["dialog_texts"] + result["dialog_texts_done"] if text in english})
    assert left == []
    summary = french["{territory}: {communes} communes, {lieux} places, {unmatched} unmatched codes."]
    expected = summary.split("{communes}")[1].split("{lieux}")[1].split("{unmatched}")[0]  # " lieux, "
    assert any(
        "19 communes" in text and expected.strip(" ,") in text for text in result["message_bar"]
    ), result["message_bar"]
    assert "Atlas" in result["status"] and "20" in result["status"]


def test_no_python_error_logged(french_run):
    assert french_run.python_errors == [], json.dumps(french_run.python_errors, indent=1)[:3000]
    assert "Traceback" not in french_run.stderr


def test_screenshots_saved(french_run):
    for name in harness.FRENCH_SHOTS:
        image = QImage(str(french_run.shots / name))
        assert not image.isNull(), name
        colours = {
            image.pixel(x, y) for x in range(0, image.width(), 20) for y in range(0, image.height(), 20)
        }
        assert len(colours) > 5, name
    canvas = QImage(str(french_run.shots / "fr-carte.png"))
    assert canvas.width() >= 1000 and canvas.height() >= 600
