"""Fault injection with real processes: kill -9, full and read-only disks, two runs into one folder.

A good ``out/`` is made once by the real CLI (the reference EPCI, atlas and every file export); each
test copies it, hurts a second run, and checks that the previous outputs are byte-identical, that no
temporary is left once the next run has passed, and that what is there opens (GeoPackage validator,
``PRAGMA integrity_check``, ``pdfinfo``, the saved project's layers).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import require

from .helpers import (
    FULL_RUN,
    can_mount,
    diagnose_args,
    fill,
    gpkg_problems,
    kill_at,
    leftovers,
    project_problems,
    remount,
    run,
    snapshot,
    start,
    tmpfs,
)

pytestmark = [pytest.mark.realdata, pytest.mark.faults]


@pytest.fixture(scope="module")
def good_out(shared_data, tmp_path_factory) -> Path:
    """A complete previous output folder made by the real CLI."""
    out = tmp_path_factory.mktemp("good") / "out"
    proc = run(diagnose_args(shared_data, out, *FULL_RUN))
    assert proc.returncode == 0, proc.stderr
    return out


def copy_of(good: Path, where: Path) -> Path:
    shutil.copytree(good, where)
    return where


def assert_opens(out: Path) -> None:
    assert gpkg_problems(out / "diagnostic.gpkg") == []
    assert gpkg_problems(out / "atlas_pages.gpkg") == []
    assert project_problems(out / "diagnostic.qgz") == []
    assert subprocess.run(["pdfinfo", str(out / "atlas.pdf")], capture_output=True).returncode == 0


@pytest.mark.parametrize(
    "point",
    [
        "staged:diagnostic.gpkg",
        "staged:atlas_pages.gpkg",
        "staged:atlas.pdf",
        "staged:diagnostic.qgz",
        "staged:diagnostic.xlsx",
        "staged:qualite-lieux.csv",
        "aside",
    ],
)
def test_kill_before_the_swap_keeps_every_previous_output(good_out, shared_data, tmp_path, point):
    out = copy_of(good_out, tmp_path / "out")
    before = snapshot(out)
    kill_at(diagnose_args(shared_data, out, *FULL_RUN, "--overwrite"), point)
    if point == "aside":  # killed while putting the new set in place: the next run completes it
        journal = json.loads((out / ".medrcvl-commit.json").read_text())
        assert journal, "the journal is written before anything is moved"
    else:
        visible = {k: v for k, v in snapshot(out).items() if not k.startswith(".")}
        assert visible == before  # byte-identical, atlas_pages.gpkg included
        assert_opens(out)
    again = run(diagnose_args(shared_data, out, *FULL_RUN, "--overwrite"))
    assert again.returncode == 0, again.stderr
    assert leftovers(out) == []  # the killed run's temporaries are gone
    assert_opens(out)


def test_kill_after_the_journal_is_completed_by_the_next_run(good_out, shared_data, tmp_path):
    """Killed in the middle of the renames: the next run taking the folder (``recover``) finishes the
    swap from the journal; the set is then wholly the new one."""
    from medrcvl_plugin.core.output.sets import recover

    out = copy_of(good_out, tmp_path / "out")
    kill_at(diagnose_args(shared_data, out, *FULL_RUN, "--overwrite"), "renamed")
    pairs = json.loads((out / ".medrcvl-commit.json").read_text())
    expected = {target: snapshot(out).get(tmp) for tmp, target, _backup in pairs}
    expected = {t: h for t, h in expected.items() if h is not None}
    assert expected  # some temporaries were still waiting for their rename
    recover(out)
    after = snapshot(out)
    assert all(after[target] == digest for target, digest in expected.items())
    (out / ".medrcvl.lock").unlink()  # the killed holder's lock (a dead PID: also taken over by a run)
    assert leftovers(out) == []
    assert_opens(out)


@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.9])
def test_kill_at_any_moment_leaves_a_consistent_set(good_out, shared_data, tmp_path, fraction):
    """Timed kill -9 (a fraction of a normal run): old set intact, or a journal that completes the new."""
    from medrcvl_plugin.core.output.sets import recover

    out = copy_of(good_out, tmp_path / "out")
    before = snapshot(out)
    started = time.monotonic()
    probe = run(diagnose_args(shared_data, tmp_path / "probe", *FULL_RUN))
    assert probe.returncode == 0, probe.stderr
    duration = time.monotonic() - started
    proc = start(diagnose_args(shared_data, out, *FULL_RUN, "--overwrite"))
    time.sleep(duration * fraction)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    if (out / ".medrcvl-commit.json").exists():
        recover(out)
    # all old, or all new: every file that surely differs from one run to the next (dates inside) is new;
    # a file whose dates are coarse (the XLSX's, to the minute) may or may not differ from the probe's
    variable = {k for k, v in snapshot(tmp_path / "probe").items() if before.get(k) != v}
    changed = {k for k, v in snapshot(out).items() if k in before and before[k] != v}
    assert variable, "the probe run should differ from the old set somewhere"
    assert not changed or variable <= changed, (changed, variable)
    assert_opens(out)


def test_second_run_into_a_busy_folder_refuses_at_once_and_a_dead_holder_is_taken_over(
    good_out, shared_data, tmp_path
):
    out = copy_of(good_out, tmp_path / "out")
    before = snapshot(out)
    first = start(
        diagnose_args(shared_data, out, *FULL_RUN, "--overwrite"),
        MEDRCVL_FAULT_POINT="staged:diagnostic.gpkg",
    )
    for line in first.stderr:
        if "medrcvl-fault-point" in line:
            break
    holder = json.loads((out / ".medrcvl.lock").read_text())
    assert holder["pid"] == first.pid
    busy = snapshot(out)
    second = run(diagnose_args(shared_data, out, *FULL_RUN, "--overwrite"), timeout=60)
    assert second.returncode == 75, second.stderr
    assert str(first.pid) in second.stderr and str(out) in second.stderr
    assert "Traceback" not in second.stderr
    assert snapshot(out) == busy  # refused before writing anything, the first run's files untouched
    os.kill(first.pid, signal.SIGKILL)
    first.wait(30)
    assert {k: v for k, v in snapshot(out).items() if not k.startswith(".")} == before
    third = run(diagnose_args(shared_data, out, *FULL_RUN, "--overwrite"))  # stale lock of a dead PID
    assert third.returncode == 0, third.stderr
    assert leftovers(out) == []
    assert_opens(out)


def test_two_runs_at_once_one_wins_never_a_corrupt_geopackage(good_out, shared_data, tmp_path):
    """The second run starts the moment the first begins writing (its lock or first temporary shows):
    it refuses, the first wins, the GeoPackage is valid."""
    out = copy_of(good_out, tmp_path / "out")
    first = start(diagnose_args(shared_data, out, *FULL_RUN, "--overwrite"))
    deadline = time.monotonic() + 120
    while first.poll() is None and time.monotonic() < deadline:
        if any(p.name.startswith(".") for p in out.iterdir()):
            break
        time.sleep(0.005)
    second = start(diagnose_args(shared_data, out, *FULL_RUN, "--overwrite"))
    results = [(p.wait(300), p.stderr.read()) for p in (first, second)]
    assert [code for code, _ in results] == [0, 75], results
    assert "Another MedRCVL run" in results[1][1] and "Traceback" not in results[1][1]
    assert leftovers(out) == []
    assert_opens(out)


@pytest.fixture
def mount_point(tmp_path):
    reason = can_mount()
    require(not reason, reason)
    return tmp_path / "mnt"


def _sizes(good: Path) -> dict[str, int]:
    return {p.name: -(-p.stat().st_size // 4096) * 4096 for p in good.iterdir()}  # tmpfs pages


@pytest.mark.parametrize("full_during", ["diagnostic.gpkg", "atlas.pdf"])
def test_full_disk_keeps_the_previous_outputs(good_out, shared_data, mount_point, full_during):
    sizes = _sizes(good_out)
    order = ["diagnostic.gpkg", "atlas_pages.gpkg", "atlas.pdf"]
    before_it = sum(sizes[n] for n in order[: order.index(full_during)])
    room = sum(sizes.values()) + before_it + sizes[full_during] // 2 + 64 * 1024
    with tmpfs(mount_point, str(room)):
        out = copy_of(good_out, mount_point / "out")
        before = snapshot(out)
        proc = run(diagnose_args(shared_data, out, *FULL_RUN, "--overwrite"))
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "disk is full" in proc.stderr and str(out) in proc.stderr, proc.stderr
        assert "Written:" not in proc.stdout and "Traceback" not in proc.stderr
        assert snapshot(out) == before
        assert leftovers(out) == []


def test_xlsx_export_with_4_kb_free_keeps_the_workbook(good_out, mount_point):
    room = sum(_sizes(good_out).values()) + 512 * 1024
    with tmpfs(mount_point, str(room)):
        out = copy_of(good_out, mount_point / "out")
        fill(mount_point, 4096)
        before = snapshot(out)
        proc = run(
            ["export", "--diagnostic", str(out / "diagnostic.gpkg"), "--formats", "xlsx", "--overwrite"]
        )
        assert proc.returncode == 1, proc.stderr
        assert "diagnostic.xlsx" in proc.stderr and "Traceback" not in proc.stderr
        assert snapshot(out) == before
        assert leftovers(out) == []


def test_read_only_disk_gives_a_french_sentence(good_out, shared_data, mount_point):
    with tmpfs(mount_point, "16m"):
        out = copy_of(good_out, mount_point / "out")
        before = snapshot(out)
        remount(mount_point, "ro")
        proc = run(
            diagnose_args(shared_data, out, *FULL_RUN, "--overwrite"),
            LC_ALL="fr_FR.UTF-8",
            LANG="fr_FR.UTF-8",
        )
        assert proc.returncode == 1
        assert "Errno" not in proc.stderr and "Read-only" not in proc.stderr, proc.stderr
        assert "lecture seule" in proc.stderr and str(out) in proc.stderr, proc.stderr
        assert snapshot(out) == before


def test_ctrl_c_while_writing_exits_130_and_removes_the_temporaries(good_out, shared_data, tmp_path):
    out = copy_of(good_out, tmp_path / "out")
    before = snapshot(out)
    proc = start(
        diagnose_args(shared_data, out, *FULL_RUN, "--overwrite"), MEDRCVL_FAULT_POINT="staged:atlas.pdf"
    )
    for line in proc.stderr:
        if "medrcvl-fault-point" in line:
            break
    os.kill(proc.pid, signal.SIGINT)
    assert proc.wait(60) == 130
    assert snapshot(out) == before  # nothing replaced, and no temporary, lock or journal left
