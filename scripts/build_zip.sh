#!/usr/bin/env bash
# Build the installable plugin zip: compile i18n/*.ts to .qm, then `pb_tool zip` into zip_build/.
# Result: zip_build/MedRCVL.zip holding the folder MedRCVL/ (metadata.txt, __init__.py, medrcvl_plugin/,
# resources/, i18n/*.qm). pb_tool deploys into zip_build/ (never into your QGIS profile).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD="$ROOT/zip_build"
PBTOOL="${PBTOOL:-$ROOT/.venv/bin/pb_tool}"
[ -x "$PBTOOL" ] || PBTOOL=$(command -v pb_tool)

# 1. translations (.ts -> .qm); a missing .ts only means the plugin ships in English
shopt -s nullglob
for ts in i18n/*.ts; do
  lrelease -silent "$ts" -qm "${ts%.ts}.qm"
done
shopt -u nullglob

# 2. pb_tool: deploy into zip_build/MedRCVL then zip it (run from the repository root)
rm -rf "$BUILD"
mkdir -p "$BUILD"
"$PBTOOL" zip --config_file pb_tool.cfg --quick --no-docs --plugin_path "$BUILD"
mv -f MedRCVL.zip "$BUILD/MedRCVL.zip"

# 3. check the archive: required entries present, no tests, venv or caches
python3 - "$BUILD/MedRCVL.zip" <<'PY'
import sys
import zipfile

names = zipfile.ZipFile(sys.argv[1]).namelist()
required = ["MedRCVL/metadata.txt", "MedRCVL/__init__.py", "MedRCVL/medrcvl_plugin/__init__.py",
            "MedRCVL/medrcvl_plugin/plugin.py", "MedRCVL/resources/icon.svg"]
missing = [n for n in required if n not in names]
forbidden = [n for n in names if n.split("/")[1] in ("tests", ".venv", "zip_build", "out")
             or "__pycache__" in n or n.endswith(".pyc")]
if missing or forbidden:
    sys.exit(f"build_zip: bad archive; missing {missing}, forbidden {forbidden[:5]}")
qm = [n for n in names if n.startswith("MedRCVL/i18n/") and n.endswith(".qm")]
print(f"build_zip: {sys.argv[1]}: {len(names)} entries, translations: {qm or 'none'}")
PY
