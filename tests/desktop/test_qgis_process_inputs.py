"""qgis_process follows the same rule as the CLI for the user's commune layer: invalid polygons are
repaired and named (in French with a French profile), never an abort asking to change a setting."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.desktop import harness
from tests.gpkg_validity import assert_valid_gpkg
from tests.qgis.test_commune_layer_checks import commune_file

pytestmark = [pytest.mark.desktop, pytest.mark.realdata]


@pytest.fixture(scope="module")
def french_profiles(tmp_path_factory):
    if shutil.which("qgis_process.bin") is None:
        pytest.fail("qgis_process.bin is needed (QGIS is installed by scripts/setup.sh)")
    profiles = tmp_path_factory.mktemp("process_fr") / "profiles"
    harness.make_profile(profiles, harness.build_zip(), locale="fr_FR", name="default")
    return profiles


def test_qgis_process_repairs_and_names_invalid_polygons(french_profiles, shared_data, tmp_path):
    layer = commune_file(shared_data, tmp_path / "invalid.geojson", "invalid")
    out = tmp_path / "diag.gpkg"
    proc = harness.qgis_process(
        french_profiles,
        "run",
        "medrcvl:diagnostic",
        "--json",
        "--",
        "TERRITORY_KIND=4",
        f"COMMUNE_LAYER={layer}",
        "CODE_FIELD=code",
        f"MIRROR={shared_data}",
        f"OUTPUT={out}",
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    answer = json.loads(proc.stdout[proc.stdout.index("{") :])
    warnings = answer["results"]["WARNINGS"]
    assert "37072 (auto-intersection)" in warnings and "réparé" in warnings, warnings
    assert "37011" in warnings and "sans polygone utilisable" in warnings, warnings
    assert_valid_gpkg(out)
