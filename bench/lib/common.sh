# Shared by bench/run.sh and bench/scaling.sh: locating tools, machine facts, one timed run.
# Sourced, not executed.

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
root_dir=$(dirname "$bench_dir")
mvnw="$root_dir/mvnw"

# The plugin under test is installed into a private local repository, bench/work/m2, chained in
# front of the usual one (Maven 3.9's maven.repo.local.tail, read-only): every other artifact comes
# from ~/.m2/repository as usual, but a concurrent `mvn install` of the project (another checkout,
# an IDE) cannot swap the plugin in the middle of a measurement. Every Maven call of the bench
# scripts passes these flags, the floor's and JKube's too, so that all cases run alike.
bench_repo="$bench_dir/work/m2"
repo_flags=("-Dmaven.repo.local=$bench_repo" "-Dmaven.repo.local.tail=${BENCH_REPO_TAIL:-$HOME/.m2/repository}")

# GNU time gives CPU (user+sys) and peak RSS of the Maven JVM; bash's `time` cannot.
ensure_gnu_time() {
  if [ -x /usr/bin/time ] && /usr/bin/time -f '%M' true >/dev/null 2>&1; then
    return
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bench: installing Debian's 'time' package for /usr/bin/time" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
  fi
  [ -x /usr/bin/time ] || { echo "bench: GNU time (/usr/bin/time) is required: apt-get install time" >&2; exit 1; }
}

# Builds the plugin under test (0.1.0-SNAPSHOT, or the module given, with what it needs) and
# installs it into bench/work/m2, online, unless SKIP_INSTALL=1 and a build is there already.
# It builds a copy of the work tree's sources (tracked and untracked files, not ignored ones, not
# bench/) in bench/work/src, so that a build running in the work tree at the same time (an IDE,
# another shell) and this one never write the same target/ directories.
install_plugin() {
  local module=${1:-migration-maven-plugin} src="$bench_dir/work/src"
  if [ "${SKIP_INSTALL:-0}" = 1 ] && [ -d "$bench_repo/io/github/migrationchart/$module" ]; then
    echo "bench: SKIP_INSTALL=1, measuring the $module built before into ${bench_repo#"$root_dir"/}" >&2
    return
  fi
  echo "bench: building $module 0.1.0-SNAPSHOT from a copy of $root_dir into ${bench_repo#"$root_dir"/}" >&2
  mkdir -p "$bench_repo" "${BENCH_REPO_TAIL:-$HOME/.m2/repository}"
  rm -rf "$src"; mkdir -p "$src"
  (cd "$root_dir" && git ls-files -z --cached --others --exclude-standard -- . ':!bench' \
    | xargs -0 -I{} sh -c '[ -e "$1" ] && echo "$1" || true' _ {} | tar -cf - -T - ) | tar -xf - -C "$src"
  git -C "$root_dir" rev-parse --short HEAD >"$src/.bench-commit" 2>/dev/null || true
  (cd "$src" && "$mvnw" -q -B install -DskipTests -pl "$module" -am "${repo_flags[@]}")
}

# One line on the plugin measured: its jar's SHA-256 prefix and how many jars its realm holds.
plugin_facts() {
  local dir="$bench_repo/io/github/migrationchart/migration-maven-plugin/0.1.0-SNAPSHOT" jars
  jars=$(cd "$bench_dir/projects/migration-chart" && "$mvnw" -B -o -X migration:help "${repo_flags[@]}" 2>/dev/null \
    | grep -c 'Included: ' || true)
  echo "- plugin measured: migration-maven-plugin-0.1.0-SNAPSHOT.jar sha256 $(sha256sum "$dir"/*.jar | cut -c1-12) (in bench/work/m2), built from a copy of the work tree at commit $(cat "$bench_dir/work/src/.bench-commit" 2>/dev/null || echo '?') plus its uncommitted changes, $jars jars in its class realm"
}

# Waits (at most WAIT_LOAD_MAX seconds, default 300) until the 1-minute load average is below
# WAIT_LOAD, when WAIT_LOAD is set: the machine may be shared, and load inflates every number.
wait_for_load() {
  [ -n "${WAIT_LOAD:-}" ] || return 0
  local waited=0 max=${WAIT_LOAD_MAX:-300}
  while awk -v limit="$WAIT_LOAD" '{ exit !($1 >= limit) }' /proc/loadavg; do
    if [ "$waited" -ge "$max" ]; then
      echo "bench: load still $(cut -d' ' -f1 /proc/loadavg) after ${max}s; measuring anyway" >&2
      return 0
    fi
    sleep 5; waited=$((waited + 5))
  done
}

load_avg() { cut -d' ' -f1-3 /proc/loadavg; }

machine_facts() {
  local cpu mem java mvn
  cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
  mem=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  java=$(java -version 2>&1 | head -1)
  mvn=$("$mvnw" -v 2>/dev/null | head -1 | sed 's/ (.*//')
  echo "- CPU: $(nproc) cores ($cpu), RAM $mem, $(uname -sr)"
  echo "- Java: $java; Maven: $mvn (through ./mvnw)"
  echo "- work tree now: $(git -C "$root_dir" rev-parse --short HEAD 2>/dev/null)$(git -C "$root_dir" diff --quiet HEAD 2>/dev/null || echo ' + uncommitted changes')"
}

# timed_run RAW LABEL REP DIR MVN_ARGS...: runs ./mvnw MVN_ARGS (and repo_flags) in DIR (after deleting DIR/target,
# untimed, unless BENCH_KEEP_TARGET=1: then the previous run's output stays, as in a developer's
# next build) and appends "label rep wall_s user_s sys_s maxrss_kb" to RAW. `mvnw` execs into the
# JVM, so the CPU and peak RSS are the Maven JVM's.
timed_run() {
  local raw=$1 label=$2 rep=$3 dir=$4; shift 4
  timed_command "$raw" "$label" "$rep" "$dir" "$dir/target" "$mvnw" "$@" "${repo_flags[@]}"
}

# timed_command RAW LABEL REP DIR OUTPUT COMMAND...: runs COMMAND in DIR (after deleting OUTPUT,
# untimed, unless BENCH_KEEP_TARGET=1) and appends "label rep wall_s user_s sys_s maxrss_kb" to
# RAW. Wall time comes from bash's EPOCHREALTIME (microseconds); CPU and peak RSS from GNU time.
timed_command() {
  local raw=$1 label=$2 rep=$3 dir=$4 output=$5; shift 5
  local out rc start end
  out=$(mktemp)
  [ "${BENCH_KEEP_TARGET:-0}" = 1 ] || rm -rf "$output"
  start=$EPOCHREALTIME
  set +e
  (cd "$dir" && /usr/bin/time -o "$out.time" -f '%U %S %M' "$@") >"$out.log" 2>&1
  rc=$?
  set -e
  end=$EPOCHREALTIME
  if [ "$rc" != 0 ]; then
    echo "bench: '$label' failed (exit $rc) in $dir: $*" >&2
    cat "$out.log" >&2
    rm -f "$out" "$out.log" "$out.time"
    exit 1
  fi
  local wall
  wall=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.4f", e - s }')
  printf '%s\t%s\t%s\t%s\n' "$label" "$rep" "$wall" "$(tail -1 "$out.time" | tr ' ' '\t')" >>"$raw"
  rm -f "$out" "$out.log" "$out.time"
}

# publish_result NAME HEADER TABLE RAW COLUMNS LOAD_BEFORE LOAD_AFTER: writes
# bench/results/<UTC date>-NAME.md (HEADER's lines, the table, the raw runs of RAW with their
# COLUMNS named), removes RAW, and prints the table, the load and where the file went.
publish_result() {
  local name=$1 header=$2 table=$3 raw=$4 columns=$5 load_before=$6 load_after=$7 result
  mkdir -p "$bench_dir/results"
  result="$bench_dir/results/$(date -u +%Y-%m-%dT%H%M)-$name.md"
  {
    echo "$header"
    echo
    echo "$table"
    echo
    echo "Raw runs ($columns):"
    echo
    echo '```'
    cat "$raw"
    echo '```'
  } >"$result"
  rm -f "$raw"
  echo
  echo "$table"
  echo
  echo "load average before: $load_before, after: $load_after"
  echo "written to ${result#"$root_dir"/}"
}
