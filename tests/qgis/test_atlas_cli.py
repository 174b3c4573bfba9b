"""The ``atlas`` subcommand and the ``medrcvl:exportatlas`` Processing algorithm."""

from __future__ import annotations

import argparse
import shutil

import pytest
from atlas_fixture import cached_diagnostic
from qgis.core import QgsProcessingContext, QgsProcessingFeedback

from medrcvl_plugin.cli import atlas as cli_atlas
from medrcvl_plugin.compat import ALGORITHM_FLAG_NO_THREADING
from medrcvl_plugin.core.base.errors import DataFormatError, OutputExistsError
from medrcvl_plugin.processing.algorithms import ALGORITHMS
from medrcvl_plugin.processing.algorithms.export_atlas import ExportAtlasAlgorithm
from tests.conftest import REFERENCE_COMMUNES

pytestmark = pytest.mark.realdata


@pytest.fixture()
def gpkg(shared_data, tmp_path):
    """A copy of the reference diagnostic in tmp_path/out."""
    path = tmp_path / "out" / "diagnostic.gpkg"
    path.parent.mkdir()
    shutil.copy(cached_diagnostic(shared_data, REFERENCE_COMMUNES), path)
    return path


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    cli_atlas.add_arguments(parser)
    return parser.parse_args(list(argv))


def test_cli_atlas_per_commune(gpkg, capsys):
    args = _args(
        "--diagnostic",
        str(gpkg),
        "--per-commune",
        "--order",
        "score",
        "--dpi",
        "40",
        "--filter",
        '"flag_priority" = 1',
        "--orientation",
        "landscape",
    )
    assert cli_atlas.run(args, QgsProcessingFeedback()) == 0
    folder = gpkg.parent / "atlas"
    pdfs = sorted(p.name for p in folder.glob("*.pdf"))
    assert pdfs[0].startswith("00-cc-chinon-vienne-et-loire")
    assert 1 < len(pdfs) < 20  # the cover and the priority communes only
    assert (folder / "diagnostic.qgz").exists()
    assert "Atlas: " in capsys.readouterr().out
    with pytest.raises(OutputExistsError):
        cli_atlas.run(args, QgsProcessingFeedback())
    assert cli_atlas.run(_args(*args_list(args), "--overwrite"), QgsProcessingFeedback()) == 0


def args_list(args: argparse.Namespace) -> list[str]:
    """The command line of ``args`` again."""
    return [
        "--diagnostic",
        args.diagnostic,
        "--per-commune",
        "--order",
        args.order,
        "--dpi",
        str(args.dpi),
        "--filter",
        args.filter,
        "--orientation",
        args.orientation,
    ]


def test_cli_rejects_bad_input(gpkg, tmp_path):
    with pytest.raises(DataFormatError):
        cli_atlas.run(_args("--diagnostic", str(tmp_path / "none.gpkg")), QgsProcessingFeedback())
    with pytest.raises(DataFormatError):
        cli_atlas.run(_args("--diagnostic", str(gpkg), "--dpi", "5"), QgsProcessingFeedback())
    with pytest.raises(SystemExit):
        _args("--diagnostic", str(gpkg), "--order", "random")


def test_processing_algorithm(gpkg, tmp_path):
    assert "export_atlas:ExportAtlasAlgorithm" in ALGORITHMS
    algorithm = ExportAtlasAlgorithm().create()
    assert algorithm.name() == "exportatlas"
    assert algorithm.flags() & ALGORITHM_FLAG_NO_THREADING
    out = tmp_path / "alg"
    params = {"INPUT": str(gpkg), "OUTPUT_FOLDER": str(out), "DPI": 40, "FILTER": '"ifn_score" >= 7'}
    results, ok = algorithm.run(params, QgsProcessingContext(), QgsProcessingFeedback())
    assert ok, results
    assert results["PAGES"] > 1 and (out / "atlas.pdf").exists() and (out / "diagnostic.qgz").exists()
    results, ok = algorithm.run(
        {"INPUT": str(gpkg), "OUTPUT_FOLDER": str(out)}, QgsProcessingContext(), QgsProcessingFeedback()
    )
    assert not ok  # exists, no overwrite asked
