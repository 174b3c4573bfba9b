#!/usr/bin/env bash
# Unattended, idempotent setup of a Debian (bookworm) machine for MedRCVL: QGIS, tools, venv, .qm.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(qgis python3-qgis qgis-providers python3-pandas python3-requests python3-venv
  gdal-bin xvfb xauth qttools5-dev-tools pyqt5-dev-tools poppler-utils fonts-dejavu-core
  postgresql postgis postgresql-15-postgis-3)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

VENV=.venv
if [ ! -x "$VENV/bin/python" ]; then
  /usr/bin/python3 -m venv --system-site-packages "$VENV"
fi
stamp="$VENV/.requirements.sha"
want=$(sha256sum requirements-dev.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  "$VENV/bin/pip" install -q --disable-pip-version-check -r requirements-dev.txt
  echo "$want" > "$stamp"
fi

# French translation: compile i18n/*.ts to .qm
for ts in i18n/*.ts; do
  [ -e "$ts" ] || continue
  lrelease -silent "$ts" -qm "${ts%.ts}.qm"
done
echo "setup: ready (QGIS $(/usr/bin/python3 -c 'from qgis.core import Qgis; print(Qgis.QGIS_VERSION)' 2>/dev/null))"
