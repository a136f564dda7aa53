# Shared by the benchmark scripts (sourced, not run): paths, logging, a work directory and a cleanup stack that
# runs on every exit, free loopback ports, stopping what we started, and running as the postgres user when root.
# shellcheck shell=bash disable=SC2034,SC2154  # globals are shared between the sourced files

bench_dir=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
project_root=$(dirname "$bench_dir")
results_dir=$bench_dir/results
bench_password=secret

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
# For option parsing: fails unless option $1 is followed by a value.
need_value() { [ $# -ge 2 ] || die "$1 needs a value (see --help)"; }

# Cleanup stack: each entry is a command string, run in reverse order when the script exits for any reason.
cleanup_commands=()
on_exit() { cleanup_commands+=("$1"); }
run_cleanups() {
  local i
  for ((i = ${#cleanup_commands[@]} - 1; i >= 0; i--)); do
    eval "${cleanup_commands[i]}" || true
  done
  cleanup_commands=()
}
trap run_cleanups EXIT
# A signal ends the script, which runs the EXIT trap; without these, bash would die without cleaning up.
trap 'exit 130' INT
trap 'exit 143' TERM

is_root() { [ "$(id -u)" = 0 ]; }

# Creates $work, a temporary directory removed on exit — kept when keep_work_dir=yes, for its logs;
# PostgreSQL and PgBouncer (run as postgres) write in it.
keep_work_dir=no
make_work_dir() {
  work=$(mktemp -d /tmp/pgrelay-bench.XXXXXX)
  chmod 755 "$work"
  if [ "$keep_work_dir" = yes ]; then
    on_exit "log 'kept $work (logs of every server and run)'"
  else
    on_exit "rm -rf '$work'"
  fi
  if is_root; then chown postgres: "$work"; fi
}

# Makes a directory under $work that the postgres user may write.
make_pg_dir() {
  mkdir -p "$1"
  if is_root; then chown postgres: "$1"; fi
}

# PostgreSQL and PgBouncer refuse to run as root; as root we run them as the postgres user.
as_pg() {
  if is_root; then
    (cd "$work" && exec setpriv --reuid=postgres --regid=postgres --init-groups -- "$@")
  else
    "$@"
  fi
}

# Starts "$@" in the background as the postgres user (see as_pg), output to file $1; sets started_pid to its pid.
start_as_pg() {
  local output=$1
  shift
  if is_root; then
    (cd "$work" && exec setpriv --reuid=postgres --regid=postgres --init-groups -- "$@") >"$output" 2>&1 &
  else
    (cd "$work" && exec "$@") >"$output" 2>&1 &
  fi
  started_pid=$!
}

# Prints a TCP port on 127.0.0.1 that nothing listens on and that this script has not handed out before.
handed_out_ports=" "
free_port() {
  local port listening
  listening=$(ss -Htln 2>/dev/null | awk '{print $4}' | sed 's/.*://' | tr '\n' ' ')
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 40000))
    if [[ " $listening " != *" $port "* && $handed_out_ports != *" $port "* ]]; then
      handed_out_ports+="$port "
      echo "$port"
      return 0
    fi
  done
  die "found no free port"
}

# Stops a process we started: TERM, up to 15 s to finish, then KILL.
stop_pid() {
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

# Waits until `psql` gets an answer from host 127.0.0.1 port $1 database $2, for up to $3 seconds, while process
# $4 lives; prints nothing and fails when it does not come up.
wait_for_sql() {
  local port=$1 database=$2 seconds=$3 pid=$4
  for _ in $(seq 1 $((seconds * 5))); do
    PGPASSWORD=$bench_password "$pg_bin/psql" -X -q -At -c 'SELECT 1' \
      "host=127.0.0.1 port=$port user=app dbname=$database connect_timeout=2" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}

# The file descriptor limit: every client connection is one descriptor in the pooler and one in the client.
raise_fd_limit() {
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
}

# The 1, 5 and 15 minute load averages: other work on the machine skews the results, so they are reported.
load_average() { cut -d' ' -f1-3 /proc/loadavg; }

# Prints the lines describing this machine and build that every results file starts with; $1 is the pgrelay
# jar given with --pgrelay-jar, if any (otherwise the checkout was built, and its commit says what ran).
describe_machine() {
  local cpu source
  cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
  if [ -n "${1:-}" ]; then
    source="jar $1"
  else
    source="git $(git -C "$project_root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    if [ -n "$(git -C "$project_root" status --porcelain 2>/dev/null | head -1)" ]; then
      source="$source with uncommitted changes"
    fi
  fi
  echo "- machine: $(nproc) CPUs ($cpu), $(free -g | awk '/^Mem:/ {print $2}') GB RAM, $(uname -sr)"
  echo "- pgrelay: $(pgrelay_version) ($source); PostgreSQL: $("$pg_bin/postgres" --version | sed 's/.*) //')"
}
