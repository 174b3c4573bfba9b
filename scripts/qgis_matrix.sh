#!/usr/bin/env bash
# QGIS version matrix: run a command of this checkout inside a Debian chroot of another QGIS.
#
#   scripts/qgis_matrix.sh SUITE COMMAND...     e.g.  scripts/qgis_matrix.sh trixie make test
#
# SUITE: trixie (Debian 13: QGIS 3.40 LTR, GDAL 3.10, Python 3.13) or sid (QGIS 3.44, GDAL 3.13), any
# suite debootstrap knows. The chroot is built once with debootstrap from Debian's own packages into
# $MEDRCVL_MATRIX_DIR/SUITE (default /var/cache/medrcvl-matrix, outside any checkout, so a fresh clone on the
# same machine reuses it). Each run: copies the host CA bundle, pip and apt network configuration into it,
# mounts /proc, /sys, /dev and the host's ../shared (read-only) in a private mount namespace (unmounted on
# exit), brings its clone of this checkout to HEAD (plus uncommitted changes, unless MATRIX_CLEAN=1),
# runs scripts/setup.sh there (MATRIX_SETUP=0: skip) and then COMMAND, and prints the time of each part.
# Needs root.
set -euo pipefail

SUITE=${1:?usage: qgis_matrix.sh SUITE COMMAND...}
shift
[ $# -gt 0 ] || { echo "usage: qgis_matrix.sh SUITE COMMAND..." >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "qgis_matrix: needs root (debootstrap, chroot, mount)" >&2; exit 2; }

REPO=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
SHARED=$(cd "$REPO/.." && pwd)/shared
MATRIX_DIR=${MEDRCVL_MATRIX_DIR:-/var/cache/medrcvl-matrix}
ROOT=$MATRIX_DIR/$SUITE
MIRROR=${MEDRCVL_MATRIX_MIRROR:-http://deb.debian.org/debian}
WORK=/srv/medrcvl            # inside the chroot: $WORK/repo and $WORK/shared, as ../shared expects
LOG=$MATRIX_DIR/timings.log

# A private mount namespace: every mount below vanishes with this process, even if it is killed.
if [ -z "${MEDRCVL_MATRIX_NS:-}" ]; then
  exec env MEDRCVL_MATRIX_NS=1 unshare --mount --propagation private -- bash "$0" "$SUITE" "$@"
fi

t0=$(date +%s)
timing() {  # timing PART SECONDS
  printf 'matrix[%s] %-8s %5ss\n' "$SUITE" "$1" "$2" >&2
  printf '%s %s %s %ss\n' "$(date -u +%FT%TZ)" "$SUITE" "$1" "$2" >> "$LOG" 2>/dev/null || true
}

mkdir -p "$MATRIX_DIR"
# one run at a time per chroot (its clone of the checkout is reset by each run): others wait here
exec 9>"$MATRIX_DIR/$SUITE.lock"
flock -n 9 || { echo "qgis_matrix: waiting for the other run in the $SUITE chroot" >&2; flock 9; }
if [ ! -x "$ROOT/usr/bin/apt-get" ]; then
  if ! command -v debootstrap >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q debootstrap || { apt-get update -q && apt-get install -y -q debootstrap; }
  fi
  echo "qgis_matrix: building the $SUITE chroot in $ROOT" >&2
  rm -rf "$ROOT.partial"
  debootstrap --variant=minbase --include=ca-certificates,git,make "$SUITE" "$ROOT.partial" "$MIRROR" \
    > "$MATRIX_DIR/$SUITE.debootstrap.log" 2>&1 \
    || { tail -20 "$MATRIX_DIR/$SUITE.debootstrap.log" >&2; exit 1; }
  mv "$ROOT.partial" "$ROOT"
  timing chroot $(( $(date +%s) - t0 ))
fi

# --- host network configuration: CA bundle, pip, apt, DNS -------------------------------------------------
mkdir -p "$ROOT/usr/local/share/ca-certificates" "$ROOT/etc/ssl/certs" "$ROOT/etc/xdg"
cp -a /usr/local/share/ca-certificates/. "$ROOT/usr/local/share/ca-certificates/" 2>/dev/null || true
[ -f /etc/ssl/certs/ca-certificates.crt ] && cp /etc/ssl/certs/ca-certificates.crt "$ROOT/etc/ssl/certs/"
[ -f /etc/pip.conf ] && cp /etc/pip.conf "$ROOT/etc/pip.conf"
[ -d /etc/xdg/pip ] && { rm -rf "$ROOT/etc/xdg/pip"; cp -a /etc/xdg/pip "$ROOT/etc/xdg/pip"; }
[ -f /etc/apt/apt.conf ] && cp /etc/apt/apt.conf "$ROOT/etc/apt/apt.conf"
for conf in /etc/apt/apt.conf.d/*; do  # proxy / certificate / validity settings only, not the host's policy
  grep -qiE 'Acquire::|Proxy' "$conf" 2>/dev/null && cp "$conf" "$ROOT/etc/apt/apt.conf.d/"
done
cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
cp /etc/hosts "$ROOT/etc/hosts"
# no service of the chroot's packages (PostgreSQL...) starts on install: the tests start their own
printf '#!/bin/sh\nexit 101\n' > "$ROOT/usr/sbin/policy-rc.d" && chmod +x "$ROOT/usr/sbin/policy-rc.d"

# --- mounts (private namespace; the trap is for the run, the namespace for a killed run) ---------------
mounted=()
cleanup() {
  local i
  for (( i=${#mounted[@]}-1; i>=0; i-- )); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
bind() {  # bind SRC DST [ro]
  mkdir -p "$2"
  mount --bind "$1" "$2"
  mounted+=("$2")
  [ "${3:-}" = ro ] && mount -o remount,bind,ro "$2"
  return 0
}
mkdir -p "$ROOT/proc" && mount -t proc proc "$ROOT/proc" && mounted+=("$ROOT/proc")
bind /sys "$ROOT/sys" ro
bind /dev "$ROOT/dev"
[ -d /dev/pts ] && bind /dev/pts "$ROOT/dev/pts"
mkdir -p "$ROOT/dev/shm" && mount -t tmpfs -o mode=1777 shm "$ROOT/dev/shm" && mounted+=("$ROOT/dev/shm")
# local package folders that the host's pip configuration names (find-links, file:// indexes)
for dir in $(cat /etc/pip.conf /etc/xdg/pip/pip.conf 2>/dev/null | grep -oE '(file://)?/[^ ]+' | sed 's|^file://||') \
           ${PIP_FIND_LINKS:-}; do
  dir=${dir%/simple}
  case $dir in /opt/*|/srv/*|/var/*) [ -d "$dir" ] && bind "$dir" "$ROOT$dir" ro ;; esac
done
if [ -n "${MATRIX_EXCHANGE:-}" ]; then  # a host folder shared read-write at /srv/medrcvl/exchange
  mkdir -p "$MATRIX_EXCHANGE" && bind "$MATRIX_EXCHANGE" "$ROOT$WORK/exchange"
fi
if [ -d "$SHARED" ]; then
  bind "$SHARED" "$ROOT$WORK/shared" ro
else
  echo "qgis_matrix: warning: $SHARED not found; the chroot has no ../shared" >&2
fi

# --- the checkout: HEAD, plus uncommitted tracked changes and untracked files ----------------------------
clone=$ROOT$WORK/repo
if [ ! -d "$clone/.git" ]; then
  mkdir -p "$(dirname "$clone")"
  git clone -q --no-checkout "$REPO" "$clone"
fi
head=$(git -C "$REPO" rev-parse HEAD)
git -C "$clone" fetch -q "$REPO" "$head"
git -C "$clone" checkout -q -f --detach "$head"
git -C "$clone" clean -q -ffdx -e .venv   # keep the venv: setup.sh refreshes it when its pins change
if [ "${MATRIX_CLEAN:-0}" != 1 ]; then
  git -C "$REPO" diff --binary HEAD | git -C "$clone" apply --allow-empty --whitespace=nowarn
  git -C "$REPO" ls-files -z --others --exclude-standard | (cd "$REPO" && tar --null -T - -cf -) \
    | tar -C "$clone" -xf -
fi
echo "qgis_matrix: $SUITE at $(git -C "$clone" log -1 --format='%h %s')" >&2

# --- run ---------------------------------------------------------------------------------------------------
envs=(HOME=/root LANG=C.UTF-8 TERM=dumb PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
      DEBIAN_FRONTEND=noninteractive QT_QPA_PLATFORM=offscreen)
for var in CI MEDRCVL_DATA_LIVE $(compgen -e | grep -E '^(PIP_|.*_CA_BUNDLE$|.*_CA_CERTS?$|SSL_CERT_)' || true); do
  [ -n "${!var+x}" ] && envs+=("$var=${!var}")
done
cmd=$(printf '%q ' "$@")
inside() { chroot "$ROOT" /usr/bin/env -i "${envs[@]}" bash -c "cd $WORK/repo && $1"; }

if [ "${MATRIX_SETUP:-1}" = 1 ]; then   # MATRIX_SETUP=0: run COMMAND without scripts/setup.sh first
  t=$(date +%s)
  inside "bash scripts/setup.sh"
  timing setup $(( $(date +%s) - t ))
fi
t=$(date +%s)
rc=0
inside "$cmd" || rc=$?
timing command $(( $(date +%s) - t ))
timing total $(( $(date +%s) - t0 ))
echo "qgis_matrix: $SUITE: '$*' exited $rc" >&2
exit "$rc"
