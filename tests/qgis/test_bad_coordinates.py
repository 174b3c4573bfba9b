"""Absurd coordinates (infinite, latitude 91, Lambert-93 metres in degree columns, swapped) are listed
with their reason, never projected, never fatal: diagnostic, lieux layer edits and quality report."""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from medrcvl_plugin.core.geometry.coordinates import coordinate_checks, coordinate_problems, usable
from medrcvl_plugin.core.indicators import quality
from medrcvl_plugin.core.readers import lieux

ROOT = Path(__file__).resolve().parents[2]
STANDARD = "lieux-centre-val-de-loire-hub-lo-2020.standard.csv"
BAD = {  # lieu row -> (latitude, longitude, expected words of the reason)
    0: ("1e308", "1e308", "out of range"),
    1: ("91", "0.24", "out of range"),
    2: ("6700000", "490000", "Lambert-93"),
    3: ("inf", "-inf", "not finite"),
    4: ("0.24", "47.16", "swapped"),
}


def test_each_kind_of_bad_pair_has_its_reason():
    lat = [47.16, 1e308, 91, 6_700_000, np.inf, 0.24, 40.42, np.nan, -12.78, -21.1]
    lon = [0.24, 1e308, 0.24, 490_000, -np.inf, 47.16, -3.70, 0.5, 45.2, 55.5]
    kinds, reasons = coordinate_checks(lat, lon)
    invalid = "invalid_coordinates"
    assert kinds.tolist() == [None, *[invalid] * 5, "outside_france", None, None, None]
    assert "out of range" in reasons[1] and "91.0" in reasons[2]
    assert "Lambert-93" in reasons[3] and "not finite" in reasons[4] and "swapped" in reasons[5]
    assert "outside France" in reasons[6]
    assert usable(lat, lon).tolist() == [True] + [False] * 7 + [True, True]
    assert coordinate_problems(lat, lon).tolist() == reasons.tolist()


def places_file(shared_data: Path, path: Path) -> list[dict]:
    """Six places of the CC Chinon from the real file, five of them with absurd coordinates."""
    with open(shared_data / "lieux" / STANDARD, encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["code_insee"] in ("37072", "37011", "37242")][:6]
    assert len(rows) == 6
    for row, (lat, lon, _) in BAD.items():
        rows[row]["latitude"], rows[row]["longitude"] = lat, lon
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows(rows)
    return rows


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``python -m medrcvl_plugin ARGS`` in a real process (a segfault shows as a negative code)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "medrcvl_plugin", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.realdata
def test_diagnostic_lists_bad_coordinates_and_the_quality_export_survives(shared_data, tmp_path):
    import sqlite3

    rows = places_file(shared_data, tmp_path / "places.csv")
    out = tmp_path / "out"
    run = cli(
        "diagnose",
        "--epci",
        "200043081",
        "--mirror",
        str(shared_data),
        "--places",
        str(tmp_path / "places.csv"),
        "--out",
        str(out),
        "--export",
        "quality",
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "ERROR 1" not in run.stderr  # no raw GDAL/PROJ error: nothing absurd reached PROJ
    assert "with unusable coordinates were not placed" in run.stderr
    with sqlite3.connect(out / "diagnostic.gpkg") as db:
        unplaced = dict(db.execute("SELECT lieu_id, reason FROM lieux_unplaced").fetchall())
        placed = {r[0] for r in db.execute("SELECT lieu_id FROM lieux")}
    for row, (_, _, words) in BAD.items():
        assert words in unplaced[rows[row]["id"]], unplaced
        assert rows[row]["id"] not in placed
    assert (out / "qualite-lieux.csv").exists()


def test_quality_report_of_absurd_attributes(qgis_app):
    from tests.qgis.test_quality import communes_layer

    frame = lieux.finalise(
        pd.DataFrame(
            [
                {
                    "lieu_id": str(k),
                    "nom": f"lieu {k}",
                    "adresse": f"{k} rue",
                    "code_insee": "37011",
                    "latitude": float(lat),
                    "longitude": float(lon),
                    "date_maj": "2021-06-01",
                    "services": "X",
                }
                for k, (lat, lon, _) in BAD.items()
            ]
        )
    )
    report = quality.quality_report(frame, communes_layer(), today=dt.date(2021, 12, 31))
    detail = report[report["issue"] == "invalid_coordinates"].set_index("lieu_id")["detail"]
    assert {k: words in detail[str(k)] for k, (_, _, words) in BAD.items()} == dict.fromkeys(BAD, True)
    assert not {"duplicate", "code_insee_mismatch"} & set(report["issue"])


def test_a_lieux_point_moved_to_infinity_is_reported(qgis_app):
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    from medrcvl_plugin.core.output.exports.standard import frame_from_layer

    layer = QgsVectorLayer("Point?crs=EPSG:2154&field=lieu_id:string&field=nom:string", "lieux", "memory")
    features = []
    for lieu, x, y in (("ok", 490000.0, 6680000.0), ("inf", float("inf"), float("inf"))):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([lieu, lieu])
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)[0]
    frame = frame_from_layer(layer).assign(adresse=None, code_insee=None, date_maj=None, services=None)
    assert frame.loc[0, "latitude"] == pytest.approx(47.2, abs=0.2) and np.isnan(frame.loc[1, "latitude"])
    report = quality.quality_report(frame, today=dt.date(2021, 12, 31))
    invalid = report[report["issue"] == "invalid_coordinates"]
    assert invalid["lieu_id"].tolist() == ["inf"] and "cannot be converted" in invalid["detail"].iloc[0]
