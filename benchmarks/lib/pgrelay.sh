# pgrelay in front of the cluster: a private copy of the jar (so a rebuild of the shared checkout cannot change it
# mid-run), configs assembled from a harness-owned head (listen, nodes, users) and a body naming the pool and
# everything else, then one `pgrelay run --config FILE` process per config.
# shellcheck shell=bash disable=SC2034,SC2154  # globals are shared between the sourced files

# Copies the pgrelay jar to $work: the jar given as $1, or the checkout's, built by bin/pgrelay when out of date.
pgrelay_prepare_jar() {
  local jar=${1:-}
  if [ -z "$jar" ]; then
    log "bringing bin/pgrelay's jar up to date"
    "$project_root/bin/pgrelay" --version >/dev/null || die "bin/pgrelay could not build pgrelay (see above)"
    jar=$project_root/cli/target/pgrelay.jar
  fi
  [ -f "$jar" ] || die "no pgrelay jar at $jar"
  cp "$jar" "$work/pgrelay.jar"
  # The JVM options bin/pgrelay uses; PGRELAY_JAVA_OPTS replaces them, as it does for bin/pgrelay.
  # shellcheck disable=SC2206  # the options are several words
  pgrelay_jvm=(java ${PGRELAY_JAVA_OPTS--XX:+UseG1GC -Xss512k})
  pgrelay_command=("${pgrelay_jvm[@]}" -jar "$work/pgrelay.jar")
}

# Extra JVM options of one pgrelay instance (--pgrelay-java-opts NAME=OPTIONS), e.g. -Dpgrelay.threads=1.
declare -A pgrelay_java_opts_of

pgrelay_version() { "${pgrelay_command[@]}" --version 2>/dev/null | head -1; }

# Writes the config of pgrelay instance $1 from body file $2 and checks it with `pgrelay check-config`;
# sets pgrelay_port_of, pgrelay_mode_of and pgrelay_size_of for it. Needs cluster_plan's ports.
declare -A pgrelay_port_of pgrelay_mode_of pgrelay_size_of pgrelay_pid_of
pgrelay_configure() {
  local name=$1 body=$2 file=$work/pgrelay-$1.yaml port effective
  if grep -Eq '^(listen|nodes|users):' "$body"; then
    die "$body sets listen, nodes or users; the harness writes those (its cluster, its port, user app)"
  fi
  port=$(free_port)
  {
    echo "# written by benchmarks/compare: the head is the harness's cluster, the rest comes from $body"
    echo "listen: 127.0.0.1:$port"
    echo "nodes:"
    pgrelay_nodes_yaml
    echo "users:"
    echo "  - { name: app, password: \"$bench_password\" }"
    cat "$body"
  } > "$file"
  effective=$("${pgrelay_command[@]}" check-config "$file" 2>&1) || { echo "$effective" >&2; die "pgrelay rejects config $name ($body)"; }
  pgrelay_port_of[$name]=$port
  pgrelay_mode_of[$name]=$(pool_setting mode <<< "$effective")
  pgrelay_size_of[$name]=$(pool_setting size <<< "$effective")
}

# Node weights (routing.balance: weighted) in cluster_node_names order; a missing or empty one is pgrelay's default.
node_weights=()

# Prints the nodes section's entries: every node of the cluster, with its weight when node_weights has one.
pgrelay_nodes_yaml() {
  local i port ports
  mapfile -t ports < <(cluster_node_ports)
  for i in "${!ports[@]}"; do
    port=${ports[i]}
    echo "  - { host: 127.0.0.1, port: $port${node_weights[i]:+, weight: ${node_weights[i]}} }"
  done
}

# Reads setting $1 of the pool section from check-config's effective config on stdin.
pool_setting() {
  awk -v key="$1" '/^[^ ]/ { in_pool = ($0 == "pool:") } in_pool && $1 == key ":" { print $2; exit }'
}

# Writes the body of a config for pool mode $2 with pool size $3 and at most $4 clients to file $1.
pgrelay_mode_body() {
  cat > "$1" <<YAML
pool:
  mode: $2
  size: $3
  max_clients: $4
YAML
}

# Starts pgrelay instance $1 (configured by pgrelay_configure) and waits until it serves SQL.
pgrelay_start() {
  local name=$1
  local extra=()
  read -r -a extra <<< "${pgrelay_java_opts_of[$name]:-}"
  "${pgrelay_jvm[@]}" "${extra[@]}" -jar "$work/pgrelay.jar" run --config "$work/pgrelay-$name.yaml" \
    >"$work/pgrelay-$name.log" 2>&1 &
  pgrelay_pid_of[$name]=$!
  on_exit "stop_pid $!"
  wait_for_sql "${pgrelay_port_of[$name]}" bench 60 "${pgrelay_pid_of[$name]}" \
    || { tail -20 "$work/pgrelay-$name.log" >&2; die "pgrelay $name did not come up on port ${pgrelay_port_of[$name]}"; }
  log "pgrelay $name (${pgrelay_mode_of[$name]} pooling, pool size ${pgrelay_size_of[$name]}${pgrelay_java_opts_of[$name]:+, JVM ${pgrelay_java_opts_of[$name]}}) on 127.0.0.1:${pgrelay_port_of[$name]}, pid ${pgrelay_pid_of[$name]}"
}
