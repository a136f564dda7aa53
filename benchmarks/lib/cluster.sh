# A throw-away PostgreSQL primary, optionally with one streaming replica, from the local binaries: user app with
# password "secret" (SCRAM), database bench filled by `pgbench -i`. Stopped and removed on exit.
# shellcheck shell=bash disable=SC2034,SC2154  # globals are shared between the sourced files

# Sets pg_bin to the newest local PostgreSQL binaries (PG_BIN overrides).
find_pg_bin() {
  # shellcheck disable=SC2012  # version-sorted directory names with no odd characters
  pg_bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
  [ -x "$pg_bin/initdb" ] || die "no PostgreSQL binaries in /usr/lib/postgresql/*/bin (install postgresql, or set PG_BIN)"
}

# Picks the ports the cluster will use: sets primary_port, and replica_port when $1 is "yes".
cluster_plan() {
  primary_port=$(free_port)
  replica_port=
  if [ "$1" = yes ]; then replica_port=$(free_port); fi
}

# Starts the primary with max_connections $1 (and the replica planned by cluster_plan); fills database bench
# with `pgbench -i -s $2`.
cluster_start() {
  local max_connections=$1 scale=$2
  echo "$bench_password" > "$work/pwfile"
  chmod 644 "$work/pwfile"
  log "initdb (primary on 127.0.0.1:$primary_port, max_connections $max_connections)"
  as_pg "$pg_bin/initdb" -D "$work/primary" -U app --pwfile="$work/pwfile" --auth=scram-sha-256 >"$work/initdb.log" 2>&1 \
    || { cat "$work/initdb.log" >&2; die "initdb failed"; }
  # synchronous_commit=off: commits do not wait for the disk, so what differs between runs is the path
  # through the pooler, not fsync latency. Large max_wal_size: no checkpoint storms in the middle of a run.
  cat >> "$work/primary/postgresql.conf" <<CONF
port = $primary_port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$work'
max_connections = $max_connections
shared_buffers = 256MB
synchronous_commit = off
max_wal_size = 4GB
checkpoint_timeout = 30min
wal_level = replica
CONF
  echo "host replication app 127.0.0.1/32 scram-sha-256" >> "$work/primary/pg_hba.conf"
  start_node primary
  export PGPASSWORD=$bench_password
  "$pg_bin/psql" -X -q -h 127.0.0.1 -p "$primary_port" -U app -d postgres -c "CREATE DATABASE bench" \
    || die "CREATE DATABASE bench failed"
  log "pgbench -i -s $scale"
  "$pg_bin/pgbench" -i -q -s "$scale" -h 127.0.0.1 -p "$primary_port" -U app bench >"$work/pgbench-init.log" 2>&1 \
    || { cat "$work/pgbench-init.log" >&2; die "pgbench -i failed"; }
  if [ -n "$replica_port" ]; then
    log "pg_basebackup (replica on 127.0.0.1:$replica_port)"
    as_pg env PGPASSWORD="$bench_password" "$pg_bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U app \
      -D "$work/replica" -R >"$work/basebackup.log" 2>&1 || { cat "$work/basebackup.log" >&2; die "pg_basebackup failed"; }
    sed -i "s/^port = $primary_port\$/port = $replica_port/" "$work/replica/postgresql.conf"
    start_node replica
  fi
}

start_node() {
  local node=$1
  # Registered before the start so that a start that half-succeeds is stopped too.
  on_exit "as_pg '$pg_bin/pg_ctl' -D '$work/$node' -m fast stop >/dev/null 2>&1"
  as_pg "$pg_bin/pg_ctl" -D "$work/$node" -l "$work/$node.log" -w -t 120 start >/dev/null \
    || { tail -20 "$work/$node.log" >&2; die "$node did not start"; }
}

# Prints the value the query $1 returns, asked of the primary directly.
primary_sql_value() {
  PGPASSWORD=$bench_password "$pg_bin/psql" -X -q -At -h 127.0.0.1 -p "$primary_port" -U app -d bench -c "$1"
}

# Runs SQL on the primary directly (not through a pooler), one statement per argument.
primary_sql() {
  local statements=() statement
  for statement in "$@"; do statements+=(-c "$statement"); done
  PGPASSWORD=$bench_password "$pg_bin/psql" -X -q -h 127.0.0.1 -p "$primary_port" -U app -d bench "${statements[@]}"
}
