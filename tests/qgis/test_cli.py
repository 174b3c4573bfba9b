"""``python -m medrcvl_plugin``: argument handling, exit codes and messages, and a real diagnose run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from medrcvl_plugin import cli
from medrcvl_plugin.cli import app, diagnose
from medrcvl_plugin.core.base.errors import MedrcvlError

ROOT = Path(__file__).resolve().parents[2]


def run_module(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    """Run ``python -m medrcvl_plugin ARGS`` from the repository root."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "medrcvl_plugin", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_no_command_prints_usage_and_exits_2():
    proc = run_module()
    assert proc.returncode == 2
    assert "diagnose" in proc.stderr and "Traceback" not in proc.stderr


def test_existing_output_without_overwrite_exits_3_and_keeps_the_file(tmp_path):
    gpkg = tmp_path / "diagnostic.gpkg"
    gpkg.write_bytes(b"precious")
    proc = run_module("diagnose", "--epci", "200043081", "--mirror", str(tmp_path), "--out", str(tmp_path))
    assert proc.returncode == app.EXIT_EXISTS
    assert "--overwrite" in proc.stderr and str(gpkg) in proc.stderr
    assert "Traceback" not in proc.stderr
    assert gpkg.read_bytes() == b"precious"


def test_commune_layer_needs_a_code_field(tmp_path, capsys, qgis_app):
    layer = tmp_path / "communes.geojson"
    layer.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    code = app.main(["diagnose", "--commune-layer", str(layer), "--out", str(tmp_path / "out")])
    assert code == app.EXIT_ERROR
    err = capsys.readouterr().err
    assert "--code-field" in err and "Traceback" not in err


def test_unknown_export_format_is_refused_before_any_work(tmp_path, capsys, qgis_app):
    code = app.main(["diagnose", "--epci", "200043081", "--export", "csv,pdfx", "--out", str(tmp_path)])
    assert code == app.EXIT_ERROR
    assert "pdfx" in capsys.readouterr().err
    assert not (tmp_path / "diagnostic.gpkg").exists()


def test_output_paths_folder_or_gpkg():
    assert diagnose.output_paths("out") == (Path("out/diagnostic.gpkg"), Path("out"))
    assert diagnose.output_paths("x/mine.gpkg") == (Path("x/mine.gpkg"), Path("x"))


def test_subcommands_are_all_importable_and_a_missing_one_is_loud(monkeypatch):
    modules = cli.subcommand_modules()
    assert list(modules) == ["diagnose", "atlas", "export", "tour"]
    assert all(hasattr(m, "add_arguments") and hasattr(m, "run") for m in modules.values())
    monkeypatch.setattr(cli, "SUBCOMMANDS", ["diagnose", "no_such_command"])
    with pytest.raises(ModuleNotFoundError, match="no_such_command"):
        cli.subcommand_modules()


def test_feedback_prints_progress_and_warnings(qgis_app):
    import io

    stream = io.StringIO()
    feedback = app.CliFeedback(stream=stream)
    feedback.setProgress(42)
    feedback.pushWarning("mirror lacks ARCEP")
    feedback.pushInfo("Results: {'x': 1}")
    text = stream.getvalue()
    assert "[ 42%]" in text and "mirror lacks ARCEP" in text and "Results" not in text


@pytest.mark.realdata
def test_unknown_epci_exits_1_with_a_message(shared_data, tmp_path, capsys, qgis_app):
    code = app.main(
        ["-q", "diagnose", "--epci", "999999999", "--mirror", str(shared_data), "--out", str(tmp_path)]
    )
    assert code == app.EXIT_ERROR
    err = capsys.readouterr().err
    assert "999999999" in err and "Traceback" not in err
    assert not (tmp_path / "diagnostic.gpkg").exists()


@pytest.mark.realdata
def test_diagnose_reference_epci_writes_the_gpkg(shared_data, tmp_path, capsys, qgis_app):
    from qgis.core import QgsVectorLayer

    code = app.main(["diagnose", "--epci", "200043081", "--mirror", str(shared_data), "--out", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 0, err[-3000:]
    assert "19 communes" in out
    assert "[100%]" in err
    gpkg = tmp_path / "diagnostic.gpkg"
    communes = QgsVectorLayer(f"{gpkg}|layername=communes", "communes", "ogr")
    assert communes.isValid() and communes.featureCount() == 19
    chinon = next(communes.getFeatures("\"code_insee\" = '37072'"))
    assert chinon["ifn_score"] == pytest.approx(6.8, abs=0.05)
    before = gpkg.stat().st_mtime_ns
    again = app.main(
        ["-q", "diagnose", "--epci", "200043081", "--mirror", str(shared_data), "--out", str(tmp_path)]
    )
    assert again == app.EXIT_EXISTS and gpkg.stat().st_mtime_ns == before


def test_atlas_and_export_steps_get_the_gpkg_and_folder(tmp_path, monkeypatch, capsys, qgis_processing):
    """``--atlas --export`` run after the diagnostic, in order, inside one output set; a failing step
    fails the run and nothing is announced as written."""

    from qgis import processing  # what the CLI imports (flake8-qgis QGS111)

    from medrcvl_plugin.core.base.errors import OutputWriteError

    calls = []

    def fake_run(algorithm_id, parameters, feedback=None):
        calls.append(("run", algorithm_id, parameters["OUTPUT"], parameters["OVERWRITE"]))
        return {"OUTPUT": parameters["OUTPUT"], "COMMUNE_COUNT": 19, "LIEUX_COUNT": 8, "UNMATCHED_COUNT": 0}

    def step(name, fail):
        def work(gpkg, out_dir, *rest):
            args = rest[-2]
            calls.append((name, gpkg, out_dir, args.export_formats))
            if fail:
                raise OutputWriteError("disk full", path=str(out_dir))
            return [f"{name} done"]

        return work

    def steps(fail_export):
        monkeypatch.setattr(diagnose.atlas, "planned_files", lambda out_dir, _x: [Path(out_dir) / "atlas.x"])
        monkeypatch.setattr(diagnose, "export_files", lambda out_dir, _x: [Path(out_dir) / "export.x"])
        monkeypatch.setattr(diagnose.atlas, "atlas_step", step("atlas", False))
        monkeypatch.setattr(diagnose.export, "export_all", step("export", fail_export))

    monkeypatch.setattr(processing, "run", fake_run)
    steps(fail_export=True)
    code = app.main(
        [
            "diagnose",
            "--communes",
            "37072,37011",
            "--out",
            str(tmp_path / "o"),
            "--atlas",
            "--export",
            "csv,xlsx",
            "--overwrite",
        ]
    )
    gpkg = (tmp_path / "o" / "diagnostic.gpkg").resolve()
    assert calls[0] == ("run", "medrcvl:diagnostic", str(gpkg), True)
    assert [c[0] for c in calls[1:]] == ["atlas", "export"]
    for _, step_gpkg, out_dir, formats in calls[1:]:
        assert Path(step_gpkg).resolve() == gpkg and Path(out_dir).resolve() == gpkg.parent
        assert formats == ["csv", "xlsx"]
    assert code == app.EXIT_ERROR
    captured = capsys.readouterr()
    assert "19 communes" not in captured.out and "disk full" in captured.err
    assert not (tmp_path / "o").exists()  # the folder made for the run is removed again
    steps(fail_export=False)
    assert (
        app.main(
            ["diagnose", "--communes", "37072", "--out", str(tmp_path / "o"), "--atlas", "--export", "csv"]
        )
        == 0
    )
    assert "19 communes, 8 places" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "kind", "value"),
    [
        (["--epci", "200043081"], "epci", "200043081"),
        (["--departement", "37"], "departement", "37"),
        (["--region", "24"], "region", "24"),
        (["--communes", "37072,37011"], "communes", "37072,37011"),
    ],
)
def test_territory_options_map_to_algorithm_parameters(argv, kind, value, qgis_app):
    import argparse

    from medrcvl_plugin.processing.algorithms.diagnostic import TERRITORY_KINDS

    parser = argparse.ArgumentParser()
    diagnose.add_arguments(parser)
    parameters = diagnose.territory_parameters(parser.parse_args(argv))
    assert TERRITORY_KINDS[parameters["TERRITORY_KIND"]] == kind
    assert parameters["TERRITORY"] == value


def test_commune_layer_option_maps_to_the_layer_kind(tmp_path, qgis_app):
    import argparse

    parser = argparse.ArgumentParser()
    diagnose.add_arguments(parser)
    layer = tmp_path / "c.geojson"
    layer.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    parameters = diagnose.territory_parameters(
        parser.parse_args(["--commune-layer", str(layer), "--code-field", "insee"])
    )
    assert parameters["COMMUNE_LAYER"] == str(layer.resolve()) and parameters["CODE_FIELD"] == "insee"
    with pytest.raises(MedrcvlError, match="does not exist"):
        diagnose.territory_parameters(
            parser.parse_args(["--commune-layer", str(tmp_path / "missing.shp"), "--code-field", "insee"])
        )
