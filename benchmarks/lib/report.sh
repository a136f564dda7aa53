# Turns the run directories of benchmarks/compare into markdown: one table per pool mode with TPS and latency
# percentiles per target, the pgrelay ÷ PgBouncer ratio, and the failures' messages as numbered notes.
# Layout read: $work/runs/<workload>/<protocol>/c<clients>/<target>/r<round>/ (see run_pgbench).
# shellcheck shell=bash disable=SC2034,SC2154  # globals are shared between the sourced files

# p50 and p99 (nearest rank) in ms of the latencies (µs, one a line) on stdin; prints nothing for none.
latency_percentiles() {
  sort -n | awk '
    function rank(p) { r = p * NR; return (r == int(r)) ? r : int(r) + 1 }
    function ms(us) { x = us / 1000; return (x < 1) ? sprintf("%.3f", x) : (x < 10) ? sprintf("%.2f", x) : sprintf("%.1f", x) }
    { v[NR] = $1 }
    END { if (NR > 0) print ms(v[rank(0.50)]) " / " ms(v[rank(0.99)]) }'
}

# Summarises the rounds of one target in one cell (directory $1): sets cell_text for the table, and cell_tps
# to the mean TPS, or empty when a round failed (cell_text then points at a note holding the error).
declare -A note_number_of
notes=()
summarise_target() {
  local dir=$1 round tps error
  local all_tps=()
  cell_tps=
  for round in "$dir"/r*; do
    tps=$(run_tps "$round")
    if [ -z "$tps" ]; then
      error=$(run_error "$round")
      if [ -z "${note_number_of[$error]:-}" ]; then
        notes+=("$error")
        note_number_of[$error]=${#notes[@]}
      fi
      cell_text="failed [${note_number_of[$error]}]"
      return
    fi
    all_tps+=("$tps")
  done
  read -r cell_tps spread <<< "$(printf '%s\n' "${all_tps[@]}" | awk '
    NR == 1 { min = $1; max = $1 } { sum += $1; if ($1 < min) min = $1; if ($1 > max) max = $1 }
    END { mean = sum / NR; spread = (mean > 0) ? 50 * (max - min) / mean : 0; printf "%.1f %.0f\n", mean, spread }')"
  # One round has no spread to show.
  cell_text="$(printf '%.0f' "$cell_tps")$( [ ${#all_tps[@]} -lt 2 ] || echo " ±${spread}%") ($(cat "$dir"/r*/latencies | latency_percentiles))"
}

# Prints "workload protocol clients" for every cell of the run, in the order the tables list them. The tables read
# it on descriptor 3 (`done 3< <(each_cell)`), so nothing inside a loop can swallow the list from standard input.
each_cell() {
  local workload protocol clients
  for workload in "${workloads[@]}"; do
    for protocol in "${protocols[@]}"; do
      for clients in "${client_counts[@]}"; do
        echo "$workload $protocol $clients"
      done
    done
  done
}

# Prints the table for pool mode $1: direct, PgBouncer in that mode, and every pgrelay config in that mode.
mode_table() {
  local mode=$1 name workload protocol clients cell row bouncer_tps
  local relays=()
  for name in "${pgrelay_names[@]}"; do
    if [ "${pgrelay_mode_of[$name]}" = "$mode" ]; then relays+=("$name"); fi
  done
  local header="| workload | -M | clients | direct" rule="|---|---|---:|---:"
  if [ -n "${pgbouncer_port_of[$mode]:-}" ]; then
    header+=" | PgBouncer"
    rule+="|---:"
  fi
  for name in "${relays[@]}"; do header+=" | pgrelay $name"; rule+="|---:"; done
  if [ -n "${pgbouncer_port_of[$mode]:-}" ]; then
    for name in "${relays[@]}"; do header+=" | $name ÷ PgBouncer"; rule+="|---:"; done
  fi
  echo "$header |"
  echo "$rule|"
  while read -r -u 3 workload protocol clients; do
    cell=$work/runs/$workload/$protocol/c$clients
    summarise_target "$cell/direct"
    row="| $workload | $protocol | $clients | $cell_text"
    bouncer_tps=
    if [ -n "${pgbouncer_port_of[$mode]:-}" ]; then
      summarise_target "$cell/pgbouncer-$mode"
      row+=" | $cell_text"
      bouncer_tps=$cell_tps
    fi
    local relay_tps=()
    for name in "${relays[@]}"; do
      summarise_target "$cell/pgrelay-$name"
      row+=" | $cell_text"
      relay_tps+=("$cell_tps")
    done
    if [ -n "${pgbouncer_port_of[$mode]:-}" ]; then
      for tps in "${relay_tps[@]}"; do row+=" | $(ratio "$tps" "$bouncer_tps")"; done
    fi
    echo "$row |"
  done 3< <(each_cell)
}

# "1.05×" for $1 ÷ $2, or "—" when either is missing.
ratio() {
  if [ -z "$1" ] || [ -z "$2" ]; then echo "—"; return; fi
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'
}

# Prints the notes collected by summarise_target, one per distinct error message.
print_notes() {
  local i
  [ ${#notes[@]} -gt 0 ] || return 0
  echo
  for i in "${!notes[@]}"; do
    echo "[$((i + 1))] \`${notes[i]}\`"
  done
}

# Prints one line per run, tab-separated, for analysis beyond the tables.
runs_tsv() {
  local round dir
  printf 'workload\tprotocol\tclients\ttarget\tround\tstatus\ttps\ttransactions\tfailed\tpooler cpu µs/tx (total user system)\terror\tpgbench error line\n'
  for round in "$work"/runs/*/*/c*/*/r*; do
    dir=${round#"$work/runs/"}
    IFS=/ read -r workload protocol clients target r <<< "$dir"
    # pgbench's own counts ("number of failed transactions" is PostgreSQL 15's pgbench) and its first error
    # line verbatim, next to the shortened error of the tables.
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$workload" "$protocol" "${clients#c}" "$target" "${r#r}" \
      "$(cat "$round/status")" "$(run_tps "$round")" \
      "$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$round/stdout")" \
      "$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$round/stdout")" \
      "$(run_pooler_cpu "$round")" \
      "$( [ -n "$(run_tps "$round")" ] || run_error "$round")" \
      "$(grep -m1 -E 'error|FATAL|ERROR|fatal' "$round/stderr" | tr '\t' ' ')"
  done
}

# Prints the pooler CPU per transaction of every target that has a process id (see run_pooler_cpu), per cell.
cpu_table() {
  local workload protocol clients target header rule row pooled
  pooled=()
  for target in "${targets[@]}"; do [ -z "${target_pid[$target]:-}" ] || pooled+=("$target"); done
  header="| workload | -M | clients"
  rule="|---|---|---:"
  for target in "${pooled[@]}"; do header+=" | $target"; rule+="|---:"; done
  echo "$header |"
  echo "$rule|"
  while read -r -u 3 workload protocol clients; do
    row="| $workload | $protocol | $clients"
    for target in "${pooled[@]}"; do
      row+=$(for round in "$work/runs/$workload/$protocol/c$clients/$target"/r*; do run_pooler_cpu "$round"; done \
        | awk '{ t += $1; u += $2; s += $3; n++ } END { if (n) printf " | %.1f (%.1f / %.1f)", t / n, u / n, s / n; else printf " | —" }')
    done
    echo "$row |"
  done 3< <(each_cell)
}

# Prints which node ran pgbench's statements, per target and cell (runs recorded with count_node_statements=yes):
# per node the statements of every round and their share of the cell's total.
node_share_table() {
  local nodes workload protocol clients target header rule row
  mapfile -t nodes < <(cluster_node_names)
  header="| target | workload | -M | clients"
  rule="|---|---|---|---:"
  for node in "${nodes[@]}"; do header+=" | $node"; rule+="|---:"; done
  echo "$header |"
  echo "$rule|"
  while read -r -u 3 workload protocol clients; do
    for target in "${targets[@]}"; do
      row="| $target | $workload | $protocol | $clients"
      row+=$(cat "$work/runs/$workload/$protocol/c$clients/$target"/r*/node-statements 2>/dev/null | awk -v order="${nodes[*]}" '
        { count[$1] += $2; total += $2 }
        END {
          n = split(order, names, " ")
          for (i = 1; i <= n; i++) {
            share = (total > 0) ? 100 * count[names[i]] / total : 0
            printf " | %d (%.1f%%)", count[names[i]], share
          }
        }')
      echo "$row |"
    done
  done 3< <(each_cell)
}

# Prints direct, Pgpool-II and every pgrelay config side by side, with each config's TPS ÷ Pgpool-II's.
pgpool_table() {
  local name workload protocol clients cell row pgpool_tps tps
  local header="| workload | -M | clients | direct | Pgpool-II" rule="|---|---|---:|---:|---:"
  for name in "${pgrelay_names[@]}"; do header+=" | pgrelay $name"; rule+="|---:"; done
  for name in "${pgrelay_names[@]}"; do header+=" | $name ÷ Pgpool-II"; rule+="|---:"; done
  echo "$header |"
  echo "$rule|"
  while read -r -u 3 workload protocol clients; do
    cell=$work/runs/$workload/$protocol/c$clients
    summarise_target "$cell/direct"
    row="| $workload | $protocol | $clients | $cell_text"
    summarise_target "$cell/pgpool"
    row+=" | $cell_text"
    pgpool_tps=$cell_tps
    local relay_tps=()
    for name in "${pgrelay_names[@]}"; do
      summarise_target "$cell/pgrelay-$name"
      row+=" | $cell_text"
      relay_tps+=("$cell_tps")
    done
    for tps in "${relay_tps[@]}"; do row+=" | $(ratio "$tps" "$pgpool_tps")"; done
    echo "$row |"
  done 3< <(each_cell)
}
