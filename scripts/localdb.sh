#!/usr/bin/env bash
# A project-local PostgreSQL + PostGIS cluster for development and tests.
#   scripts/localdb.sh start   initialise (first time) and start; write var/localdb.env
#   scripts/localdb.sh stop    stop it
#   scripts/localdb.sh status
# PostgreSQL refuses to run as root, so as root the server runs as the 'postgres' user.
# When that user cannot enter this checkout (a private home or temp directory), the data
# directory lives under /var/tmp/resourcemap-pg/<checkout hash> and var/pgdata links to it.
# The port is derived from the checkout path, so two checkouts do not collide.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PG_SCRIPT=localdb PG_NONE="no cluster"
# shellcheck source=scripts/lib-pg.sh
. "$ROOT/scripts/lib-pg.sh"
ENVFILE="$VAR/localdb.env"
mkdir -p "$VAR"

start() {
  local data; data=$(pg_datadir pgdata "" pgdata)
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$data"; chmod 700 "$data"; fi
  if [ ! -s "$data/PG_VERSION" ]; then
    local pw; pw=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    local pwfile; pwfile=$(mktemp); printf '%s\n' "$pw" > "$pwfile"
    [ "$(id -u)" -eq 0 ] && chown postgres "$pwfile"
    as_pg "$PGBIN/initdb" -D "$data" -U "$DBUSER" --pwfile="$pwfile" --auth-local=scram-sha-256 \
      --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
    printf 'PASSWORD=%s\nSECRET_KEY=%s\n' "$pw" "$(head -c 48 /dev/urandom | base64 | tr -d '/+=')" \
      > "$VAR/localdb.secret"
    chmod 600 "$VAR/localdb.secret"
  fi
  local port
  if pg_running pgdata; then
    port=$(sed -n 's/^PORT=//p' "$ENVFILE")
  else
    port=$(pg_pick_port 0)
    as_pg "$PGBIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='' -c synchronous_commit=off" \
      start >/dev/null
  fi
  local pw; pw=$(sed -n 's/^PASSWORD=//p' "$VAR/localdb.secret")
  grep -q '^SECRET_KEY=' "$VAR/localdb.secret" \
    || printf 'SECRET_KEY=%s\n' "$(head -c 48 /dev/urandom | base64 | tr -d '/+=')" >> "$VAR/localdb.secret"
  {
    echo "PORT=$port"
    grep '^SECRET_KEY=' "$VAR/localdb.secret"
    echo "DATABASE_URL=postgis://$DBUSER:$pw@127.0.0.1:$port/$DBNAME"
  } > "$ENVFILE"
  chmod 600 "$ENVFILE"
  PGPASSWORD="$pw" "$PGBIN/psql" -q -h 127.0.0.1 -p "$port" -U "$DBUSER" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='$DBNAME'" | grep -q 1 \
    || PGPASSWORD="$pw" "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U "$DBUSER" "$DBNAME"
  PGPASSWORD="$pw" "$PGBIN/psql" -q -h 127.0.0.1 -p "$port" -U "$DBUSER" -d "$DBNAME" \
    -c "SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS postgis; CREATE EXTENSION IF NOT EXISTS pg_trgm;" >/dev/null
  # template1 gets the extensions too, so test databases created from it have them.
  PGPASSWORD="$pw" "$PGBIN/psql" -q -h 127.0.0.1 -p "$port" -U "$DBUSER" -d template1 \
    -c "SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS postgis; CREATE EXTENSION IF NOT EXISTS pg_trgm;" >/dev/null
  echo "localdb: PostgreSQL $(basename "$(dirname "$PGBIN")") on 127.0.0.1:$port (data: $data)"
}

case "${1:-}" in
  start) start ;;
  stop) pg_stop pgdata ;;
  status) pg_status pgdata ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
