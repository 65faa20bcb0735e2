#!/usr/bin/env bash
# Installs the Debian packages the project needs, only those that are missing.
# The PostgreSQL major version is taken from what is installed, else from what apt
# would install, so the matching postgresql-N-postgis-3 is chosen on Debian 12 (15) or 13 (17).
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

pg_major() {
  local installed
  installed=$(ls -1 /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1 || true)
  if [ -n "$installed" ] && [ -x "/usr/lib/postgresql/$installed/bin/initdb" ]; then
    echo "$installed"; return
  fi
  # Not installed yet: ask apt which version the 'postgresql' metapackage depends on.
  apt-cache depends postgresql 2>/dev/null | sed -n 's/.*Depends: postgresql-\([0-9][0-9]*\)$/\1/p' | head -n 1
}

missing() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

updated=0
apt_update() {
  if [ "$updated" -eq 0 ]; then $SUDO apt-get update -qq; updated=1; fi
}

major=$(pg_major)
if [ -z "$major" ]; then apt_update; major=$(pg_major); fi
if [ -z "$major" ]; then echo "system-deps: cannot tell which PostgreSQL version apt offers" >&2; exit 1; fi

# python3-venv: Debian's own Python needs it for `python3 -m venv`.
want=(postgresql-"$major" postgresql-"$major"-postgis-3 postgresql-contrib gdal-bin libgdal-dev chromium fonts-wqy-microhei gettext
  python3-venv)
need=$(missing "${want[@]}")
if [ -n "$need" ]; then
  echo "system-deps: installing $need"
  apt_update
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null
fi

# nginx: the proxy recipe in deploy/nginx/ is tested against Debian's own nginx (tests/deploy/).
# The tests start their own instances on free loopback ports; the package's service is not
# started here (a policy-rc.d that refuses, only for this install, if none is in place already).
if [ -n "$(missing nginx)" ]; then
  echo "system-deps: installing nginx"
  apt_update
  policy=/usr/sbin/policy-rc.d
  own_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null; $SUDO chmod 755 "$policy"; own_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nginx >/dev/null
  if [ "$own_policy" -eq 1 ]; then $SUDO rm -f "$policy"; fi
fi
echo "$major" > "${1:-/dev/null}"
