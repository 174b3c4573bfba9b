"""The atlas of the real diagnostic output (core/diagnostic.py) of EPCI 200043081."""

from __future__ import annotations

import re
import subprocess

import pytest
from atlas_fixture import commune_names, ifn_scores

from medrcvl_plugin.core.output.atlas import AtlasOptions, export_atlas
from medrcvl_plugin.core.output.atlas.texts import format_number
from tests.conftest import REFERENCE_COMMUNES, REFERENCE_EPCI

pytestmark = pytest.mark.realdata


def test_atlas_of_the_real_diagnostic(shared_data, tmp_path):
    diagnostic = pytest.importorskip("medrcvl_plugin.core.diagnostic")
    from medrcvl_plugin.core.base.settings import Settings
    from medrcvl_plugin.core.territory.selection import Territory

    out = tmp_path / "out"
    params = diagnostic.DiagnosticParams(
        Territory("epci", REFERENCE_EPCI),
        out / "diagnostic.gpkg",
        mirror=str(shared_data),
        settings=Settings(cache_dir=str(tmp_path / "cache")),
    )
    built = diagnostic.build_diagnostic(params)
    assert built.communes == len(REFERENCE_COMMUNES)
    result = export_atlas(built.gpkg, out, AtlasOptions(dpi=50))
    assert result.pages == len(REFERENCE_COMMUNES) + 1
    text = subprocess.run(
        ["pdftotext", str(out / "atlas.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    for name in commune_names(shared_data, REFERENCE_COMMUNES).values():
        assert name in flat, name
    assert "6,8 sur 10" in flat  # Chinon's real IFN score, in French
    assert ifn_scores(shared_data, ["37072"])["37072"] == 6.8
    assert format_number(6.8) in flat
    assert "Sources : " in flat and "La MedNum/ANSA" in flat
    info = subprocess.run(["pdfinfo", str(out / "atlas.pdf")], capture_output=True, text=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) == result.pages
