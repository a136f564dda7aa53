# Pgpool-II in front of the whole cluster, set up for what pgrelay's read/write splitting does: streaming
# replication mode (it finds the primary itself), statement-level load balancing of reads over every node with
# backend_weight as weights, SCRAM client auth on 127.0.0.1 and a free port. One process, stopped on exit.
# shellcheck shell=bash disable=SC2034,SC2154  # globals are shared between the sourced files

pgpool_install_hint="install it with: apt-get install pgpool2 (Debian/Ubuntu); stop its packaged service first"

pgpool_available() { command -v pgpool >/dev/null 2>&1; }

pgpool_version() { pgpool --version 2>&1 | head -1; }

# Pgpool-II forks one child per client it can serve at once; each child holds a connection to every node.
pgpool_children=60

# Starts Pgpool-II in front of every node of the cluster (backend_weight from node_weights, 1 when none);
# sets pgpool_port and pgpool_pid.
pgpool_start() {
  local dir=$work/pgpool i weight ports
  pgpool_port=$(free_port)
  make_pg_dir "$dir"
  mapfile -t ports < <(cluster_node_ports)
  {
    echo "backend_clustering_mode = 'streaming_replication'"
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $pgpool_port"
    echo "unix_socket_directories = '$dir'"
    echo "pcp_listen_addresses = ''"
    echo "pcp_port = $(free_port)"
    echo "pcp_socket_dir = '$dir'"
    for i in "${!ports[@]}"; do
      weight=${node_weights[i]:-1}
      echo "backend_hostname$i = '127.0.0.1'"
      echo "backend_port$i = ${ports[i]}"
      echo "backend_weight$i = $weight"
      echo "backend_flag$i = 'DISALLOW_TO_FAILOVER'"
    done
    # Client auth like the others: SCRAM, checked against the password in pool_passwd (which Pgpool-II also
    # needs in clear text, "TEXT" prefix, to log in to the servers with SCRAM).
    echo "enable_pool_hba = on"
    echo "pool_passwd = 'pool_passwd'"
    echo "num_init_children = $pgpool_children"
    echo "max_pool = 1"
    echo "load_balance_mode = on"
    echo "statement_level_load_balance = on"
    echo "sr_check_period = 10"
    echo "sr_check_user = 'app'"
    echo "sr_check_password = '$bench_password'"
    echo "sr_check_database = 'postgres'"
    echo "delay_threshold = 0"
    echo "health_check_period = 0"
    echo "failover_on_backend_error = off"
    echo "use_watchdog = off"
    echo "memory_cache_enabled = off"
    echo "log_destination = 'stderr'"
    echo "logdir = '$dir'"
    echo "pid_file_name = '$dir/pgpool.pid'"
  } > "$dir/pgpool.conf"
  echo "host all all 127.0.0.1/32 scram-sha-256" > "$dir/pool_hba.conf"
  echo "app:TEXT$bench_password" > "$dir/pool_passwd"
  : > "$dir/pcp.conf"
  chmod 600 "$dir/pool_passwd"
  if is_root; then chown -R postgres: "$dir"; fi
  # -n: stay in the foreground (we stop it by pid); -D: forget node states a previous run left in pgpool_status.
  start_as_pg "$dir/pgpool.log" pgpool -n -D -f "$dir/pgpool.conf" -F "$dir/pcp.conf" -a "$dir/pool_hba.conf"
  pgpool_pid=$started_pid
  on_exit "stop_pid $pgpool_pid"
  wait_for_sql "$pgpool_port" bench 60 "$pgpool_pid" \
    || { tail -30 "$dir/pgpool.log" >&2; die "Pgpool-II did not come up on port $pgpool_port"; }
  log "Pgpool-II (statement-level load balancing over $(( ${#ports[@]} )) nodes) on 127.0.0.1:$pgpool_port, pid $pgpool_pid"
}
