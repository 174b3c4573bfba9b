#!/usr/bin/env bash
# GeoPackages exchanged both ways between the host's QGIS (3.22 on Debian 12) and the QGIS of a chroot of
# scripts/qgis_matrix.sh (trixie = 3.40, sid = 3.44): each writes the reference diagnostic, the other opens it
# and must read the same layers, fields, aliases, default styles and metadata (scripts/gpkg_exchange.py).
set -euo pipefail
SUITE=${1:?usage: gpkg_exchange.sh SUITE}
cd "$(dirname "$0")/.."
PY=.venv/bin/python
EXCHANGE=$(mktemp -d /tmp/medrcvl-exchange.XXXXXX)
trap 'rm -rf "$EXCHANGE"' EXIT
export QT_QPA_PLATFORM=offscreen
$PY scripts/gpkg_exchange.py write "$EXCHANGE/host"
MATRIX_EXCHANGE=$EXCHANGE bash scripts/qgis_matrix.sh "$SUITE" bash -c \
  '.venv/bin/python scripts/gpkg_exchange.py check /srv/medrcvl/exchange/host &&
   .venv/bin/python scripts/gpkg_exchange.py write /srv/medrcvl/exchange/chroot --mirror ../shared/data'
$PY scripts/gpkg_exchange.py check "$EXCHANGE/chroot"
echo "GeoPackages exchanged between the host and $SUITE, both ways:"
echo "gpkg_exchange: 2 passed, 0 failed"
