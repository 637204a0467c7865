#!/usr/bin/env bash
# Where does migration:generate spend its time above Maven's floor? Evidence for bench/README.md.
#
#   bench/profile.sh                 # RUNS=3 JFR recordings per case
#   SKIP_INSTALL=1 bench/profile.sh  # profile the plugin the last run built (bench/work/m2)
#
# 1. Timeline of one run from Maven's own -X log with millisecond timestamps: launch, mojo header,
#    plugin dependencies resolved, plugin realm created, mojo configured, chart written.
# 2. Classes loaded (-Xlog:class+load) by floor, no-lint and lint runs, grouped by the jar they
#    come from.
# 3. JFR (settings=profile) of RUNS runs with and without lint: the Maven main thread's samples
#    by the phase on their stack (lib/jfr_summary.py).
# 4. HelmProbe (bench/jmh): the cold render and Helm steps timed one by one in a plain JVM, as is
#    and with the native library cached.
# Writes bench/results/<date>-profile.md.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
RUNS=${RUNS:-3}
project="$bench_dir/projects/migration-chart"
floor="$bench_dir/projects/floor"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

install_plugin
(cd "$project" && "$mvnw" -B -q migration:generate "${repo_flags[@]}" >/dev/null)

timeline() { # timeline TITLE MVN_ARGS...
  local title=$1; shift
  local start log="$tmp/timeline.log"
  rm -rf "$project/target"
  start=$EPOCHREALTIME
  (cd "$project" && "$mvnw" -B -o -X "$@" "${repo_flags[@]}" \
    -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS) >"$log" 2>&1
  python3 - "$start" "$EPOCHREALTIME" "$log" "$title" <<'PY'
import datetime, sys
start, end, log, title = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4]
midnight = datetime.datetime.fromtimestamp(start, datetime.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
def stamp(line):
    try:
        h, m, s = line[:12].split(":")
        return midnight + int(h) * 3600 + int(m) * 60 + float(s)
    except ValueError:
        return None
marks = [("first log line (JVM + Maven core up)", lambda l: True),
         ("mojo header `--- migration:...:generate`", lambda l: "--- migration:" in l),
         ("plugin dependencies resolved", lambda l: "Dependency collection stats" in l),
         ("plugin class realm populated", lambda l: "Loading mojo" in l),
         ("mojo configured, execute() starts", lambda l: "-- end configuration --" in l),
         ("chart written", lambda l: "Helm chart " in l and "written to" in l),
         ("BUILD SUCCESS", lambda l: "BUILD SUCCESS" in l)]
lines = [(stamp(l), l) for l in open(log, encoding="utf-8", errors="replace")]
lines = [(t, l) for t, l in lines if t is not None]
print(f"| {title} | s since launch | step |")
print("|---|---:|---:|")
previous = start
for name, test in marks:
    t = next((t for t, l in lines if test(l)), None)
    if t is None:
        print(f"| {name} | (not logged) | |")
        continue
    print(f"| {name} | {t - start:.3f} | +{t - previous:.3f} |")
    previous = t
print(f"| JVM exit | {end - start:.3f} | +{end - previous:.3f} |")
print()
print("(-X logging itself slows every step; the shares, not the totals, are the point)")
PY
}

classes() { # classes LABEL DIR MVN_ARGS...
  local label=$1 dir=$2; shift 2
  rm -rf "$dir/target"
  (cd "$dir" && MAVEN_OPTS="-Xlog:class+load=info:file=$tmp/classes-$label.txt" "$mvnw" -B -o -q "$@" "${repo_flags[@]}" >/dev/null)
}

{
  echo "# bench/profile.sh, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  machine_facts
  plugin_facts
  echo "- load average before: $(load_avg)"
  echo
  echo "## 1. Timeline (mvn -X with timestamps)"
  echo
  timeline "no lint" migration:generate -Dmigration.lint.skip=true
  echo
  timeline "lint" migration:generate
  echo
  echo "## 2. Classes loaded"
  echo
  classes floor "$floor" validate
  classes nolint "$project" migration:generate -Dmigration.lint.skip=true
  classes lint "$project" migration:generate
  python3 - "$tmp" <<'PY'
import collections, re, sys
tmp = sys.argv[1]
def source(line):
    m = re.search(r"source: (.*)$", line)
    s = m.group(1) if m else "?"
    if s.startswith("jrt:/") or s == "shared objects file":
        return "JDK"
    if "/wrapper/dists/apache-maven" in s:
        return "Maven (lib/, boot/)"
    m = re.search(r"/repository/(.+)/([^/]+)/([^/]+)/[^/]+\.jar$", s)
    if m:
        return m.group(1).replace("/", ".") + ":" + m.group(2)
    return "generated (lambdas, proxies, reflection)"
counts = {}
for label in ("floor", "nolint", "lint"):
    counts[label] = collections.Counter(source(l) for l in open(f"{tmp}/classes-{label}.txt") if " source: " in l)
print("| classes loaded | floor | no lint | lint |")
print("|---|---:|---:|---:|")
print("| total | {} | {} | {} |".format(*(sum(counts[k].values()) for k in ("floor", "nolint", "lint"))))
keys = set(counts["lint"]) | set(counts["nolint"])
for key in sorted(keys, key=lambda k: -counts["lint"][k])[:16]:
    print(f"| {key} | {counts['floor'][key]} | {counts['nolint'][key]} | {counts['lint'][key]} |")
PY
  echo
  echo "## 3. JFR: the Maven main thread's samples, $RUNS runs each"
  echo
  for i in $(seq 1 "$RUNS"); do
    rm -rf "$project/target"
    (cd "$project" && MAVEN_OPTS="-XX:StartFlightRecording=filename=$tmp/nolint-$i.jfr,settings=profile" \
      "$mvnw" -B -o -q migration:generate -Dmigration.lint.skip=true "${repo_flags[@]}" >/dev/null 2>&1)
    rm -rf "$project/target"
    (cd "$project" && MAVEN_OPTS="-XX:StartFlightRecording=filename=$tmp/lint-$i.jfr,settings=profile" \
      "$mvnw" -B -o -q migration:generate "${repo_flags[@]}" >/dev/null 2>&1)
  done
  echo "No lint:"
  echo
  python3 "$bench_dir/lib/jfr_summary.py" "$tmp"/nolint-*.jfr
  echo
  echo "Lint:"
  echo
  python3 "$bench_dir/lib/jfr_summary.py" "$tmp"/lint-*.jfr
  echo
  echo "## 4. HelmProbe (plain JVM, cold, one step at a time)"
  echo
  echo '```'
  SKIP_INSTALL=1 "$bench_dir/jmh/run.sh" -probe
  echo '```'
  echo
  echo "With the native library cached (first run may extract it, second run is the steady state):"
  echo
  echo '```'
  SKIP_INSTALL=1 "$bench_dir/jmh/run.sh" -probe cached | grep -v '^JVM uptime' | tail -4
  SKIP_INSTALL=1 "$bench_dir/jmh/run.sh" -probe cached | grep -v '^JVM uptime' | tail -4
  echo '```'
  echo
  echo "- load average after: $(load_avg)"
} >"$tmp/profile.md"

mkdir -p "$bench_dir/results"
result="$bench_dir/results/$(date -u +%Y-%m-%dT%H%M)-profile.md"
cp "$tmp/profile.md" "$result"
cat "$result"
echo "written to ${result#"$root_dir"/}"
