# A throw-away PostgreSQL primary, optionally with streaming replicas, from the local binaries: user app with
# password "secret" (SCRAM), database bench filled by `pgbench -i`. Stopped and removed on exit.
# shellcheck shell=bash disable=SC2034,SC2154  # globals are shared between the sourced files

# Sets pg_bin to the newest local PostgreSQL binaries (PG_BIN overrides).
find_pg_bin() {
  # shellcheck disable=SC2012  # version-sorted directory names with no odd characters
  pg_bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
  [ -x "$pg_bin/initdb" ] || die "no PostgreSQL binaries in /usr/lib/postgresql/*/bin (install postgresql, or set PG_BIN)"
}

# Picks the ports the cluster will use: sets primary_port, and replica_ports to $1 (a count, default 0) more.
cluster_plan() {
  local replica
  primary_port=$(free_port)
  replica_ports=()
  for ((replica = 1; replica <= ${1:-0}; replica++)); do replica_ports+=("$(free_port)"); done
}

# The name of every node (primary, replica1, …) and its port, in the order of cluster_plan.
cluster_node_names() {
  local i
  echo primary
  for i in "${!replica_ports[@]}"; do echo "replica$((i + 1))"; done
}
cluster_node_ports() { printf '%s\n' "$primary_port" "${replica_ports[@]}"; }

# Starts the primary with max_connections $1 (and the replicas planned by cluster_plan); fills database bench
# with `pgbench -i -s $2`. With $3 = yes, every node loads pg_stat_statements, which counts the statements each
# node ran at once (pg_stat_database's counters reach shared memory up to seconds late).
cluster_start() {
  local max_connections=$1 scale=$2 count_statements=${3:-no} i
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
  if [ "$count_statements" = yes ]; then
    echo "shared_preload_libraries = 'pg_stat_statements'" >> "$work/primary/postgresql.conf"
  fi
  echo "host replication app 127.0.0.1/32 scram-sha-256" >> "$work/primary/pg_hba.conf"
  start_node primary
  export PGPASSWORD=$bench_password
  "$pg_bin/psql" -X -q -h 127.0.0.1 -p "$primary_port" -U app -d postgres -c "CREATE DATABASE bench" \
    || die "CREATE DATABASE bench failed"
  log "pgbench -i -s $scale"
  "$pg_bin/pgbench" -i -q -s "$scale" -h 127.0.0.1 -p "$primary_port" -U app bench >"$work/pgbench-init.log" 2>&1 \
    || { cat "$work/pgbench-init.log" >&2; die "pgbench -i failed"; }
  if [ "$count_statements" = yes ]; then primary_sql "CREATE EXTENSION pg_stat_statements" >/dev/null; fi
  # Replicas copy the primary after pgbench -i, so they start with its data, settings and extensions.
  for i in "${!replica_ports[@]}"; do
    start_replica "replica$((i + 1))" "${replica_ports[i]}"
  done
}

# Clones the primary into node $1 with pg_basebackup and starts it as a streaming replica on port $2.
start_replica() {
  local node=$1 port=$2
  log "pg_basebackup ($node on 127.0.0.1:$port)"
  # --checkpoint=fast: the default spread checkpoint paces itself over checkpoint_timeout (30 min here) and would
  # hold the copy back that long.
  as_pg env PGPASSWORD="$bench_password" "$pg_bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U app \
    --checkpoint=fast -D "$work/$node" -R >"$work/basebackup-$node.log" 2>&1 || { cat "$work/basebackup-$node.log" >&2; die "pg_basebackup of $node failed"; }
  sed -i "s/^port = $primary_port\$/port = $port/" "$work/$node/postgresql.conf"
  start_node "$node"
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

# Prints how many of pgbench's statements (those naming a pgbench_ table) the node on port $1 has run, from
# pg_stat_statements (cluster_start with count_statements=yes); prints nothing when it cannot be read.
node_statement_count() {
  PGPASSWORD=$bench_password "$pg_bin/psql" -X -q -At -h 127.0.0.1 -p "$1" -U app -d bench -c \
    "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
     WHERE d.datname = 'bench' AND s.query LIKE '%pgbench\\_%'" 2>/dev/null
}
