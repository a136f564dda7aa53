# PgBouncer in front of the primary, configured like pgrelay: SCRAM client auth from a userlist (the SCRAM secret), the pool mode
# and pool size of the pgrelay configuration it is compared with, 127.0.0.1 and a free port. One process per mode.
# shellcheck shell=bash disable=SC2034,SC2154  # globals are shared between the sourced files

pgbouncer_install_hint="install it with: apt-get install pgbouncer (Debian/Ubuntu), dnf install pgbouncer (Fedora/RHEL)"

pgbouncer_available() { command -v pgbouncer >/dev/null 2>&1; }

pgbouncer_version() { pgbouncer --version 2>/dev/null | head -1; }

# Starts PgBouncer for pool mode $1 with pool size $2 and at most $3 clients, in front of the primary;
# sets pgbouncer_port_of[$1] and pgbouncer_pid_of[$1].
declare -A pgbouncer_port_of pgbouncer_pid_of
pgbouncer_start() {
  local mode=$1 pool_size=$2 max_clients=$3 dir=$work/pgbouncer-$1 port
  port=$(free_port)
  make_pg_dir "$dir"
  # The user's SCRAM secret as PostgreSQL stores it, as PgBouncer is best deployed: it checks a client's proof
  # without PBKDF2 and logs in to PostgreSQL with the client's keys. A plain-text password would cost it 4096
  # PBKDF2 rounds per login on its single thread.
  echo "\"app\" \"$(primary_sql_value "SELECT rolpassword FROM pg_authid WHERE rolname = 'app'")\"" > "$dir/userlist.txt"
  cat > "$dir/pgbouncer.ini" <<INI
[databases]
bench = host=127.0.0.1 port=$primary_port dbname=bench

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $dir/userlist.txt
pool_mode = $mode
default_pool_size = $pool_size
max_client_conn = $max_clients
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
log_connections = 0
log_disconnections = 0
INI
  if is_root; then chown -R postgres: "$dir"; fi
  start_as_pg "$dir/stdout.log" pgbouncer "$dir/pgbouncer.ini"
  on_exit "stop_pid $started_pid"
  wait_for_sql "$port" bench 30 "$started_pid" \
    || { tail -20 "$dir/pgbouncer.log" "$dir/stdout.log" >&2; die "PgBouncer ($mode) did not come up on port $port"; }
  pgbouncer_port_of[$mode]=$port
  pgbouncer_pid_of[$mode]=$started_pid
  log "PgBouncer ($mode pooling, pool size $pool_size) on 127.0.0.1:$port, pid $started_pid"
}
