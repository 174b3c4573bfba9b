"""``core.exports.run``: the one export path of the CLI and the dialog (files, rows, refusals)."""

from __future__ import annotations

import ast
import csv
from pathlib import Path

import pytest
from pg_server import postgis_server  # noqa: F401 (session fixture)
from test_export_tables import load_builder

from medrcvl_plugin.core.base.errors import DataFormatError, MedrcvlError, OutputExistsError
from medrcvl_plugin.core.output.exports import run
from medrcvl_plugin.core.output.exports.tables import open_layer

PACKAGE = Path(run.__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def diagnostic_gpkg(qgis_app, shared_data, tmp_path_factory) -> Path:
    return load_builder().build(tmp_path_factory.mktemp("diag") / "diagnostic.gpkg", shared_data)


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";" if path.name != run.STANDARD_NAME else ","))


def test_parse_formats_orders_and_refuses_unknown():
    assert run.parse_formats("quality, CSV,xlsx") == ["csv", "xlsx", "quality"]
    assert run.parse_formats(["postgis", "standard"]) == ["standard", "postgis"]
    with pytest.raises(DataFormatError, match="ods"):
        run.parse_formats("csv,ods")


def test_planned_files_follow_the_formats(tmp_path):
    names = [p.name for p in run.planned_files(tmp_path, ["standard", "quality", "postgis"])]
    assert names == [run.STANDARD_NAME, run.QUALITY_NAME]
    from medrcvl_plugin.core.output.exports.tables import CSV_NAMES, XLSX_NAME

    csv_files = run.planned_files(tmp_path, ["csv"])
    assert {"communes.csv", "lieux.csv", "sources.csv"} <= {p.name for p in csv_files}
    assert run.planned_files(tmp_path, ["xlsx", "csv"]) == [tmp_path / n for n in CSV_NAMES.values()] + [
        tmp_path / XLSX_NAME
    ]


@pytest.mark.realdata
def test_every_file_export_writes_the_rows_of_the_gpkg(diagnostic_gpkg, tmp_path):
    from medrcvl_plugin.core.indicators.quality import quality_report
    from medrcvl_plugin.core.output.exports.standard import frame_from_layer

    out = tmp_path / "exports"
    lines = run.export_all(diagnostic_gpkg, out, ["quality", "standard", "xlsx", "csv"])
    written = {p.name for p in out.iterdir()}
    assert {
        "communes.csv",
        "lieux.csv",
        "sources.csv",
        "diagnostic.xlsx",
        run.STANDARD_NAME,
        run.QUALITY_NAME,
    } <= written
    assert written <= {p.name for p in run.planned_files(out, run.FORMATS)}
    communes = open_layer(diagnostic_gpkg, "communes")
    lieux = open_layer(diagnostic_gpkg, "lieux")
    assert len(rows(out / "communes.csv")) == communes.featureCount()
    assert {r["Code INSEE"] for r in rows(out / "communes.csv")} == {
        f["code_insee"] for f in communes.getFeatures()
    }
    assert len(rows(out / "lieux.csv")) == lieux.featureCount()
    standard = rows(out / run.STANDARD_NAME)
    standard_line = next(line for line in lines if run.STANDARD_NAME in line)
    assert f"({len(standard)} " in standard_line  # the line tells the rows really written
    assert 0 < len(standard) <= lieux.featureCount()
    expected = quality_report(frame_from_layer(lieux), communes)
    quality = rows(out / run.QUALITY_NAME)
    assert len(quality) == len(expected) > 0
    assert [r["Identifiant du lieu"] for r in quality] == [str(v) for v in expected["lieu_id"]]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary or lock left


@pytest.mark.realdata
def test_existing_files_are_refused_before_any_work(diagnostic_gpkg, tmp_path):
    (tmp_path / run.QUALITY_NAME).write_text("mine", encoding="utf-8")
    with pytest.raises(OutputExistsError, match=run.QUALITY_NAME):
        run.export_all(diagnostic_gpkg, tmp_path, ["csv", "quality"])
    assert sorted(p.name for p in tmp_path.iterdir()) == [run.QUALITY_NAME]  # no csv written either
    assert (tmp_path / run.QUALITY_NAME).read_text(encoding="utf-8") == "mine"
    run.export_all(diagnostic_gpkg, tmp_path, ["quality"], overwrite=True)
    assert (tmp_path / run.QUALITY_NAME).read_text(encoding="utf-8-sig").startswith("Identifiant du lieu")


@pytest.mark.realdata
def test_a_subfolder_of_a_running_set_is_made_and_swapped_in_with_the_set(diagnostic_gpkg, tmp_path):
    """The dialog's case: the GeoPackage's folder is one running set, the tables go to a new subfolder."""
    from medrcvl_plugin.core.output import sets as outputs

    target = tmp_path / "partage" / run.QUALITY_NAME
    with outputs.output_set(tmp_path, False, [target]):
        run.export_all(diagnostic_gpkg, tmp_path / "partage", ["quality"])
        assert not target.exists()  # a temporary until the set is finished
    assert rows(target) and set(rows(target)[0]) == set(run.QUALITY_HEADERS.values())


def test_postgis_without_a_target_fails_before_any_file(tmp_path):
    gpkg = tmp_path / "absent.gpkg"  # never opened: the target is checked first
    with pytest.raises(MedrcvlError, match="PostGIS"):
        run.export_all(gpkg, tmp_path / "out", ["csv", "postgis"])
    with pytest.raises(MedrcvlError, match="PostGIS"):
        run.export_all(gpkg, tmp_path / "out", ["postgis"], postgis=run.PostgisTarget(schema="x"))
    assert not (tmp_path / "out").exists()


@pytest.mark.realdata
def test_files_then_postgis_in_one_call(diagnostic_gpkg, tmp_path, postgis_server):  # noqa: F811
    target = run.PostgisTarget(uri=postgis_server.conninfo(), schema="shared", vintage="2026")
    lines = run.export_all(diagnostic_gpkg, tmp_path, ["postgis", "csv"], postgis=target)
    assert len(rows(tmp_path / "lieux.csv")) == open_layer(diagnostic_gpkg, "lieux").featureCount()
    assert "shared_2026" in lines[-1]  # PostGIS comes after the files
    assert postgis_server.psql("SELECT count(*) FROM shared_2026.lieux") == str(
        open_layer(diagnostic_gpkg, "lieux").featureCount()
    )
    assert postgis_server.psql("SELECT count(*) FROM shared_2026.communes") == str(
        open_layer(diagnostic_gpkg, "communes").featureCount()
    )


def test_cli_and_dialog_both_call_the_core_export():
    """The dialog imports nothing of the CLI (nor argparse); both go through ``core.output.exports.run``."""
    for path in sorted((PACKAGE / "gui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert "cli" not in (node.module or "").split("."), f"{path.name} imports {node.module}"
            if isinstance(node, ast.Import):
                assert "argparse" not in [a.name for a in node.names], f"{path.name} imports argparse"
    for name in ("gui/followups.py", "cli/export.py"):
        assert "core.output.exports.run import" in (PACKAGE / name).read_text(
            encoding="utf-8"
        ) or "core.output.exports import run" in (PACKAGE / name).read_text(encoding="utf-8")
