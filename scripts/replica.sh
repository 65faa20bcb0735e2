#!/usr/bin/env bash
# A PostgreSQL streaming replica of the project-local cluster (scripts/localdb.sh): PostgreSQL's
# own replication (pg_basebackup -R), a second data directory and its own port.
#   scripts/replica.sh start    base-backup the primary (first time) and start; write var/replica.env
#   scripts/replica.sh stop     stop it
#   scripts/replica.sh status
#   scripts/replica.sh pause    pause WAL replay (the replica falls behind: tests the lag fallback)
#   scripts/replica.sh resume   resume WAL replay
#   scripts/replica.sh remove   stop and delete its data directory
# As root the server runs as 'postgres'; when that user cannot enter this checkout the data
# directory lives under /var/tmp/resourcemap-pg/<hash>-replica and var/replica-data links to it,
# as scripts/localdb.sh does for the primary. LOCALDB_VAR works as there.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PG_SCRIPT=replica PG_NONE=none
# shellcheck source=scripts/lib-pg.sh
. "$ROOT/scripts/lib-pg.sh"
ENVFILE="$VAR/replica.env"

primary() {
  [ -s "$VAR/localdb.env" ] && [ -s "$VAR/localdb.secret" ] \
    || { echo "replica: no primary; run scripts/localdb.sh start (make db) first" >&2; exit 1; }
  PRIMARY_PORT=$(sed -n 's/^PORT=//p' "$VAR/localdb.env")
  PASSWORD=$(sed -n 's/^PASSWORD=//p' "$VAR/localdb.secret")
}

sql() {
  local port; port=$(sed -n 's/^REPLICA_PORT=//p' "$ENVFILE")
  PGPASSWORD="$PASSWORD" "$PGBIN/psql" -q -h 127.0.0.1 -p "$port" -U "$DBUSER" -d "$DBNAME" -tAc "$1"
}

start() {
  primary
  local data; data=$(pg_datadir replica-data -replica replica-pgdata)
  if [ ! -s "$data/PG_VERSION" ]; then
    rm -rf "$data"; mkdir -p "$data"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$data"
    chmod 700 "$data"
    # -R writes standby.signal and primary_conninfo (with the password, in the replica's own
    # 0600 data directory); -X stream copies the WAL written during the backup; -c fast starts now.
    as_pg env PGPASSWORD="$PASSWORD" "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U "$DBUSER" \
      -D "$data" -R -X stream -c fast
  fi
  local port
  if pg_running replica-data; then
    port=$(sed -n 's/^REPLICA_PORT=//p' "$ENVFILE")
  else
    port=$(pg_pick_port 7919)
    as_pg "$PGBIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='' -c hot_standby=on" start >/dev/null
  fi
  {
    echo "REPLICA_PORT=$port"
    echo "REPLICA_DATABASE_URL=postgis://$DBUSER:$PASSWORD@127.0.0.1:$port/$DBNAME"
  } > "$ENVFILE"
  chmod 600 "$ENVFILE"
  echo "replica: streaming from 127.0.0.1:$PRIMARY_PORT on 127.0.0.1:$port (data: $data)"
}

case "${1:-}" in
  start) start ;;
  stop) pg_stop replica-data ;;
  status) pg_status replica-data ;;
  pause) primary; sql "SELECT pg_wal_replay_pause()" >/dev/null; echo "replica: replay paused" ;;
  resume) primary; sql "SELECT pg_wal_replay_resume()" >/dev/null; echo "replica: replay resumed" ;;
  remove) pg_stop replica-data; [ -e "$VAR/replica-data" ] && rm -rf "$(readlink -f "$VAR/replica-data")" "$VAR/replica-data" "$ENVFILE"
          echo "replica: removed" ;;
  *) echo "usage: $0 start|stop|status|pause|resume|remove" >&2; exit 2 ;;
esac
