# What scripts/localdb.sh and scripts/replica.sh share; sourced by both, not run on its own.
# Expects ROOT (the checkout); sets VAR (LOCALDB_VAR: another state directory, for a scratch
# cluster such as the failover tests' and bench_load's), PGBIN, DBNAME, DBUSER and pg_hash.
# Each caller names itself in PG_SCRIPT (the prefix of its messages) and says in PG_NONE what
# it prints when it has no data directory yet, before sourcing this.

VAR="${LOCALDB_VAR:-$ROOT/var}"
DBNAME=resourcemap
DBUSER=resourcemap

PGBIN=$(ls -1d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$PGBIN/initdb" ] && [ -x "$PGBIN/pg_basebackup" ] \
  || { echo "$PG_SCRIPT: PostgreSQL server binaries not found; run scripts/system-deps.sh" >&2; exit 1; }

# Ports and scratch directories derive from the checkout (or the state directory), so two
# checkouts on one machine do not collide.
pg_hash=$(printf '%s' "${LOCALDB_VAR:-$ROOT}" | cksum | cut -d' ' -f1)

as_pg() {
  # PostgreSQL refuses to run as root: as root, run as 'postgres', from / so that the postgres
  # user never needs to enter this checkout.
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# pg_datadir LINK SCRATCH_SUFFIX LOCAL_DIR: the real path of the data directory $VAR/LINK.
# First call: as root, when the postgres user cannot enter $VAR (a private home or temp
# directory), the data lives under /var/tmp/resourcemap-pg/<hash><suffix> and LINK points
# there; otherwise it is $VAR/LOCAL_DIR (LINK itself, or a link to it when the names differ).
pg_datadir() {
  local link="$VAR/$1" suffix="$2" local_dir="$VAR/$3"
  if [ -L "$link" ] || [ -d "$link" ]; then
    readlink -f "$link"; return
  fi
  if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$VAR"; then
    local d="/var/tmp/resourcemap-pg/$pg_hash$suffix"
    mkdir -p "$d"; chmod 755 /var/tmp/resourcemap-pg
    ln -sfn "$d" "$link"
  elif [ "$link" = "$local_dir" ]; then
    mkdir -p "$link"
  else
    ln -sfn "$local_dir" "$link"
  fi
  readlink -f "$link"
}

# pg_pick_port OFFSET: the first free port from one derived from the checkout (+ OFFSET).
pg_pick_port() {
  local port=$((20000 + (pg_hash + $1) % 20000)) tries=0
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1)); tries=$((tries + 1))
    [ $tries -lt 200 ] || { echo "$PG_SCRIPT: no free port" >&2; exit 1; }
  done
  echo "$port"
}

# pg_running LINK: whether the server of the data directory $VAR/LINK is running.
pg_running() {
  as_pg "$PGBIN/pg_ctl" -D "$(readlink -f "$VAR/$1")" status >/dev/null 2>&1
}

# pg_stop LINK: stop the server of the data directory $VAR/LINK, if any.
pg_stop() {
  [ -e "$VAR/$1" ] || { echo "$PG_SCRIPT: $PG_NONE"; return; }
  if pg_running "$1"; then
    as_pg "$PGBIN/pg_ctl" -D "$(readlink -f "$VAR/$1")" -m fast -w stop >/dev/null && echo "$PG_SCRIPT: stopped"
  else
    echo "$PG_SCRIPT: not running"
  fi
}

# pg_status LINK: pg_ctl status of the data directory $VAR/LINK (exit 3 when there is none).
pg_status() {
  [ -e "$VAR/$1" ] || { echo "$PG_SCRIPT: $PG_NONE"; exit 3; }
  as_pg "$PGBIN/pg_ctl" -D "$(readlink -f "$VAR/$1")" status
}
