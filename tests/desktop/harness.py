"""Start the real QGIS desktop (Xvfb) with a throw-away profile holding the built plugin zip.

Also usable by hand to regenerate ``docs/screenshots/desktop-menu.png``:
``.venv/bin/python tests/desktop/harness.py [--screenshot docs/screenshots/desktop-menu.png]``
and, with ``--french-run``, the French reference run (``docs/screenshots/fr-*.png``):
``.venv/bin/python tests/desktop/harness.py --french-run [--mirror ../shared/data]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PROFILE = "medrcvl-test"
ZIP = ROOT / "zip_build" / "MedRCVL.zip"
SCREENSHOT = ROOT / "docs" / "screenshots" / "desktop-menu.png"
INI = """[PythonPlugins]
MedRCVL=true

[qgis]
checkVersion=false
showTips{version}=false
allowVersionCheck=false

[locale]
overrideFlag=true
userLocale={locale}

[UI]
UITheme=default
"""


@dataclass
class DesktopRun:
    """What one QGIS desktop session reported."""

    returncode: int
    result: dict
    messages: list[dict]
    stderr: str
    profile_dir: Path
    screenshot: Path | None = None
    python_errors: list[dict] = field(default_factory=list)


def build_zip() -> Path:
    """Build zip_build/MedRCVL.zip with scripts/build_zip.sh and return its path."""
    subprocess.run(
        ["bash", str(ROOT / "scripts" / "build_zip.sh")], cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )
    return ZIP


def make_profile(profiles_path: Path, plugin_zip: Path, locale: str = "en_US", name: str = PROFILE) -> Path:
    """Create ``profiles/<name>`` with the plugin unzipped into python/plugins and enabled.

    The desktop uses ``--profile medrcvl-test``; qgis_process (3.22) reads the profile named ``default``
    under ``QGIS_CUSTOM_CONFIG_PATH``.
    """
    profile = profiles_path / "profiles" / name
    plugins = profile / "python" / "plugins"
    plugins.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(plugin_zip) as archive:
        archive.extractall(plugins)
    ini = profile / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True, exist_ok=True)
    from qgis.core import Qgis

    ini.write_text(INI.format(version=Qgis.QGIS_VERSION_INT // 100, locale=locale), encoding="utf-8")
    return profile


def _launch(
    profiles_path: Path,
    work: Path,
    script: str,
    env_extra: dict,
    timeout: int,
    screenshot: Path | None = None,
) -> DesktopRun:
    """Run QGIS under xvfb-run with ``script`` (a file of this folder); return its report and log messages."""
    result_file, log_file = work / "result.json", work / "messages.jsonl"
    for path in (result_file, log_file):
        path.unlink(missing_ok=True)
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)  # the real xcb platform under Xvfb
    env.update(
        {
            "PYQGIS_STARTUP": str(HERE / "startup.py"),
            "MEDRCVL_DESKTOP_LOG": str(log_file),
            "MEDRCVL_DESKTOP_RESULT": str(result_file),
            "XDG_RUNTIME_DIR": str(work / "runtime"),
            "HOME": str(work / "home"),
            **env_extra,
        }
    )
    (work / "runtime").mkdir(mode=0o700, exist_ok=True)
    (work / "home").mkdir(exist_ok=True)
    command = [
        "xvfb-run",
        "-a",
        "-s",
        "-screen 0 1280x800x24",
        "qgis",
        "--profiles-path",
        str(profiles_path),
        "--profile",
        PROFILE,
        "--nologo",
        "--noversioncheck",
        "--code",
        str(HERE / script),
    ]
    proc = subprocess.Popen(
        command,
        env=env,
        cwd=work,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # xvfb-run, Xvfb and qgis: the group this call started
        _, stderr = proc.communicate()
        stderr += f"\n[harness] QGIS killed after {timeout} s"
    result = json.loads(result_file.read_text(encoding="utf-8")) if result_file.exists() else {}
    messages = []
    if log_file.exists():
        messages = [json.loads(line) for line in log_file.read_text(encoding="utf-8").splitlines() if line]
    errors = [
        m
        for m in messages
        if m["tag"] == "Python error" or ("medrcvl" in m["message"].lower() and "Traceback" in m["message"])
    ]
    return DesktopRun(
        proc.returncode,
        result,
        messages,
        stderr,
        profiles_path / "profiles" / PROFILE,
        screenshot if screenshot and screenshot.exists() else None,
        errors,
    )


def run_desktop(
    profiles_path: Path, work: Path, screenshot: Path | None = None, timeout: int = 120
) -> DesktopRun:
    """Run QGIS under xvfb-run with ``inside_qgis.py``; return its report and log messages."""
    return _launch(
        profiles_path,
        work,
        "inside_qgis.py",
        {"MEDRCVL_DESKTOP_SCREENSHOT": str(screenshot or "")},
        timeout,
        screenshot,
    )


def qgis_process(profiles_path: Path, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    """Run qgis_process with the throw-away profile (QGIS_CUSTOM_CONFIG_PATH → default profile).

    Debian 12's ``qgis_process`` is a wrapper that needs a display: its ``qgis_process.bin`` is run then.
    """
    env = dict(os.environ)
    env.update({"QT_QPA_PLATFORM": "offscreen", "QGIS_CUSTOM_CONFIG_PATH": str(profiles_path)})
    binary = shutil.which("qgis_process.bin") or "qgis_process"
    return subprocess.run([binary, *args], env=env, capture_output=True, text=True, timeout=timeout)


SHOTS = ROOT / "docs" / "screenshots"
FRENCH_SHOTS = ("fr-dialog-territoire.png", "fr-dialog-sorties.png", "fr-dialog-termine.png", "fr-carte.png")


def run_french_diagnostic(
    profiles_path: Path, work: Path, mirror: Path, shots: Path, timeout: int = 300
) -> DesktopRun:
    """Run QGIS in French under Xvfb with ``inside_qgis_french.py``: the reference diagnostic via the dialog.

    The profile must have been made with ``make_profile(..., locale="fr_FR")``; outputs go to
    ``work/out``, screenshots to ``shots``; the report is ``DesktopRun.result``.
    """
    out = work / "out"
    out.mkdir(parents=True, exist_ok=True)
    shots.mkdir(parents=True, exist_ok=True)
    return _launch(
        profiles_path,
        work,
        "inside_qgis_french.py",
        {
            "MEDRCVL_DESKTOP_SHOTS": str(shots),
            "MEDRCVL_DESKTOP_MIRROR": str(Path(mirror).resolve()),
            "MEDRCVL_DESKTOP_OUT": str(out),
            "LANG": "fr_FR.UTF-8",
            "LANGUAGE": "fr",
        },
        timeout,
    )


def french_run(work: Path, mirror: Path, shots: Path = SHOTS) -> int:
    """Build the zip, run the French reference diagnostic in the desktop, save ``shots/fr-*.png``."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    make_profile(work / "profiles", build_zip(), locale="fr_FR")
    run = run_french_diagnostic(work / "profiles", work, mirror, shots)
    (work / "report.json").write_text(json.dumps(run.result, indent=1, ensure_ascii=False), encoding="utf-8")
    print(
        json.dumps(
            {k: v for k, v in run.result.items() if k not in ("dialog_texts", "dialog_texts_done")},
            indent=1,
            ensure_ascii=False,
        )
    )
    for error in run.python_errors:
        print("PYTHON ERROR:", error["message"], file=sys.stderr)
    ok = run.result and not run.result.get("errors") and not run.python_errors
    return 0 if ok else 1


def main(argv: list[str]) -> int:
    """Build the zip, start QGIS once, print the report and save the screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screenshot", type=Path, default=SCREENSHOT)
    parser.add_argument("--work", type=Path, default=ROOT / "zip_build" / "desktop")
    parser.add_argument(
        "--french-run",
        action="store_true",
        help="run the reference diagnostic in French and save docs/screenshots/fr-*.png",
    )
    parser.add_argument("--mirror", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args(argv)
    if args.french_run:
        return french_run(args.work, args.mirror)
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    make_profile(args.work / "profiles", build_zip())
    make_profile(args.work / "profiles", ZIP, name="default")
    run = run_desktop(args.work / "profiles", args.work, args.screenshot.resolve())
    print(json.dumps(run.result, indent=1))
    for error in run.python_errors:
        print("PYTHON ERROR:", error["message"], file=sys.stderr)
    return 0 if run.result and not run.python_errors else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
