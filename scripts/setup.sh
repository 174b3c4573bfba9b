#!/usr/bin/env bash
# Unattended, idempotent setup of a Debian 12 (bookworm), 13 (trixie) or sid machine for MedRCVL:
# QGIS, tools, venv, .qm. Quick when everything is already there (no apt call at all).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(qgis python3-qgis qgis-providers python3-pandas python3-requests python3-venv
  gdal-bin xvfb xauth qttools5-dev-tools pyqt5-dev-tools poppler-utils fonts-dejavu-core
  postgresql postgis make git zip)

SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
apt_updated=0
apt_update() { [ $apt_updated = 1 ] || { $SUDO apt-get update -q; apt_updated=1; }; }
# The PostgreSQL major of Debian's `postgresql` metapackage (15 on bookworm, 17 on trixie, 18 on sid):
# its PostGIS extension package is postgresql-NN-postgis-3.
pg_major() {
  { dpkg-query -W -f='${Depends}\n' postgresql 2>/dev/null; apt-cache depends postgresql 2>/dev/null; } \
    | grep -oE 'postgresql-[0-9]+' | head -1 | cut -d- -f2
}

missing=()
for pkg in "${APT_PACKAGES[@]}"; do installed "$pkg" || missing+=("$pkg"); done
major=$(pg_major)
if [ -z "$major" ]; then apt_update; major=$(pg_major); fi
[ -n "$major" ] || { echo "setup: apt offers no postgresql package" >&2; exit 1; }
installed "postgresql-$major-postgis-3" || missing+=("postgresql-$major-postgis-3")
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  apt_update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Debian 13 dropped qtchooser: lrelease is then only in Qt 5's own bin folder.
LRELEASE=$(command -v lrelease || echo /usr/lib/qt5/bin/lrelease)
if ! command -v lrelease >/dev/null && [ -x "$LRELEASE" ]; then
  $SUDO ln -sf "$LRELEASE" /usr/local/bin/lrelease
fi

# The venv sees Debian's QGIS/PyQt/pandas (--system-site-packages); pip installs only inside it,
# which PEP 668 (Python 3.11+ "externally managed" Debian) allows.
VENV=.venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import qgis.core' 2>/dev/null; then
  rm -rf "$VENV"   # none yet, or made for another /usr/bin/python3 (e.g. after a Debian upgrade)
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
echo "setup: ready (QGIS $("$VENV/bin/python" -c 'from qgis.core import Qgis; print(Qgis.QGIS_VERSION)' 2>/dev/null))"
