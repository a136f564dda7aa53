# One pgbench run against one target, kept in its own directory: stdout, stderr, exit status, and the latency
# of every transaction (from pgbench's per-transaction log) — then what the report needs from it.
# shellcheck shell=bash disable=SC2034,SC2154  # globals are shared between the sourced files

# Workload names and the pgbench options that select them.
declare -A workload_option=([select-only]=-S [tpcb]="")

# Runs pgbench in directory $1 against port $2: workload $3, protocol $4, $5 clients, $6 seconds; $7, when given,
# is the pooler's process id: the CPU time it used during the run goes to $1/pooler-cpu.
# Never fails: a failed run is a result, recorded in $1/status and $1/stderr.
run_pgbench() {
  local dir=$1 port=$2 workload=$3 protocol=$4 clients=$5 seconds=$6 pooler_pid=${7:-} threads status cpu_before
  threads=$((clients < 2 ? clients : 2))
  mkdir -p "$dir"
  # What pgbench does itself before a run unless -n is given — done directly on the primary so that every
  # target starts from the same table state and the vacuum's cost is nobody's.
  primary_sql "VACUUM pgbench_branches" "VACUUM pgbench_tellers" "TRUNCATE pgbench_history" >/dev/null 2>&1
  if [ "$count_node_statements" = yes ]; then node_statement_counts > "$dir/node-statements-before"; fi
  cpu_before=$(process_cpu_ticks "$pooler_pid")
  # shellcheck disable=SC2086  # the workload option is empty for TPC-B
  PGPASSWORD=$bench_password timeout --kill-after=10 $((seconds + 90)) \
    "$pg_bin/pgbench" -n ${workload_option[$workload]} -M "$protocol" -c "$clients" -j "$threads" -T "$seconds" \
    -l --log-prefix="$dir/txlog" -h 127.0.0.1 -p "$port" -U app bench >"$dir/stdout" 2>"$dir/stderr" &
  pgbench_pid=$!
  wait "$pgbench_pid"
  status=$?
  pgbench_pid=
  echo "$status" > "$dir/status"
  if [ -n "$cpu_before" ]; then
    paste -d' ' <(echo "$cpu_before") <(process_cpu_ticks "$pooler_pid") | awk '{ print $3 - $1, $4 - $2 }' \
      > "$dir/pooler-cpu"
  fi
  if [ "$count_node_statements" = yes ]; then
    node_statement_counts > "$dir/node-statements-after"
    # "node statements" per line: how many of pgbench's statements each node ran during this run.
    paste "$dir/node-statements-before" "$dir/node-statements-after" \
      | awk '{ print $1, $4 - $2 }' > "$dir/node-statements"
    rm -f "$dir/node-statements-before" "$dir/node-statements-after"
  fi
  # Column 3 of the per-transaction log is the latency in microseconds; failed transactions have no number.
  cat "$dir"/txlog.* 2>/dev/null | awk '$3 ~ /^[0-9]+$/ { print $3 }' > "$dir/latencies"
  rm -f "$dir"/txlog.*
}
# Prints "user system" CPU time (clock ticks) process $1 has used so far, threads included; nothing without a pid.
process_cpu_ticks() {
  [ -n "$1" ] && [ -r "/proc/$1/stat" ] || return 0
  # Fields 14 and 15 of /proc/PID/stat; the command name (field 2) may hold spaces, so count from its ')'.
  sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12, $13 }'
}

# Prints the pooler CPU per transaction of the run in directory $1 as "total user system" in µs, or nothing.
run_pooler_cpu() {
  local transactions
  [ -s "$1/pooler-cpu" ] || return 0
  transactions=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$1/stdout")
  [ -n "$transactions" ] && [ "$transactions" -gt 0 ] || return 0
  awk -v hz="$(getconf CLK_TCK)" -v n="$transactions" \
    '{ printf "%.1f %.1f %.1f\n", ($1 + $2) * 1e6 / hz / n, $1 * 1e6 / hz / n, $2 * 1e6 / hz / n }' "$1/pooler-cpu"
}

# With count_node_statements=yes (the cluster loads pg_stat_statements), every run records how many of pgbench's
# statements each node ran: which node a pooler sent the reads to.
count_node_statements=no

# Prints "node count" for every node of the cluster: pgbench statements run so far (see node_statement_count).
node_statement_counts() {
  paste -d' ' <(cluster_node_names) <(cluster_node_ports) | while read -r node port; do
    echo "$node $(node_statement_count "$port")"
  done
}

# A run still going when the script is stopped is stopped with it.
pgbench_pid=
# shellcheck disable=SC2016  # expanded when the cleanup runs, not now
on_exit 'if [ -n "$pgbench_pid" ]; then stop_pid "$pgbench_pid"; fi'

# Prints the TPS of the run in directory $1, or nothing when it failed.
run_tps() {
  [ "$(cat "$1/status")" = 0 ] || return 0
  sed -n 's/^tps = \([0-9.]*\) (without initial connection time)$/\1/p' "$1/stdout"
}

# Prints why the run in directory $1 failed: pgbench's first error, the server's message in it first.
run_error() {
  local status
  status=$(cat "$1/status")
  if [ "$status" = 124 ] || [ "$status" = 137 ]; then
    echo "timed out (pgbench did not finish within its -T plus 90 s)"
    return
  fi
  if grep -qE 'error|FATAL|ERROR|fatal' "$1/stderr"; then
    grep -m1 -E 'error|FATAL|ERROR|fatal' "$1/stderr" \
      | sed -E 's/^pgbench: (error|fatal): //; s/^client [0-9]+ (script [0-9]+ )?aborted in command [0-9]+( \(SQL\))?( query [0-9]+)?( of script [0-9]+)?: //; s/[[:space:]]+/ /g' \
      | cut -c1-200
  elif grep -q '^number of transactions actually processed: 0$' "$1/stdout"; then
    # pgbench counts the time to connect its clients into -T; a short -T can be over before any transaction.
    echo "no transaction within -T: connecting the clients took all of it (use a longer --duration)"
  else
    echo "pgbench exited with status $status without a tps line: $(tail -1 "$1/stdout")"
  fi
}
