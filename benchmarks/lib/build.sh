# Builds benchmarks/target/benchmarks.jar (JMH benchmarks and the idle-client probe) with the Maven wrapper when
# it is missing or older than the sources of this module and the modules it uses.
# shellcheck shell=bash disable=SC2034,SC2154  # globals are shared between the sourced files

benchmarks_jar=$bench_dir/target/benchmarks.jar

ensure_benchmarks_jar() {
  local sources=()
  local module
  for module in wire-protocol config proxy-core benchmarks; do
    sources+=("$project_root/$module/pom.xml" "$project_root/$module/src/main")
  done
  if [ -f "$benchmarks_jar" ] && [ -z "$(find "$project_root/pom.xml" "${sources[@]}" -newer "$benchmarks_jar" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  log "building $benchmarks_jar"
  (cd "$project_root" && ./mvnw -q -B -DskipTests -pl benchmarks -am package) >&2 || die "the build failed (see above)"
  # Maven may leave an unchanged jar untouched; mark it fresh so the next run does not build again.
  touch -c "$benchmarks_jar"
}
