#!/usr/bin/env bash
# Times the command line's cold `generate` of the example chart against the Maven plugin's whole
# `mvn package` of the same chart (issue 20: the first must be below the second).
#
#   bench/cli.sh                 # 7 repetitions of each case
#   REPS=15 bench/cli.sh
#   SKIP_INSTALL=1 bench/cli.sh  # measure what the last run built
#   WAIT_LOAD=1.0 bench/cli.sh   # wait for the 1-min load to drop first
#
# Cases, interleaved as in bench/run.sh (output deleted before each run unless said otherwise):
#   floor          `mvn -o -q validate` on a project without plugins (Maven's own cost)
#   mvn-package    `mvn -o -q package` of bench/projects/migration-chart (packaging pom: the
#                  plugin's generate, with lint, is the whole build)
#   cli-generate   `java -jar migration-chart-cli.jar generate` of bench/projects/cli, a fresh JVM
#                  (a CI job's first and only run): read, render, helm lint --strict and helm
#                  template, write
#   cli-unchanged  the same with the chart of the previous run kept: up to date, kept
# Both produce the same chart; the script checks that before timing. Prints the table and writes
# it to bench/results/<date>-cli.md.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

REPS=${REPS:-7}
projects="$bench_dir/projects"
cli_jar="$bench_repo/io/github/migrationchart/migration-chart-cli/0.1.0-SNAPSHOT/migration-chart-cli-0.1.0-SNAPSHOT.jar"

# timed_cli RAW LABEL REP: one run of the command line in bench/projects/cli, its build/ deleted
# first unless BENCH_KEEP_TARGET=1.
timed_cli() {
  timed_command "$1" "$2" "$3" "$projects/cli" "$projects/cli/build" java -jar "$cli_jar" generate
}

ensure_gnu_time
install_plugin "migration-maven-plugin,migration-chart-cli"
[ -f "$cli_jar" ] || { echo "bench: no $cli_jar (run without SKIP_INSTALL)" >&2; exit 1; }

echo "bench: warm-up, and the check that both give the same chart" >&2
(cd "$projects/floor" && "$mvnw" -B -q validate "${repo_flags[@]}" >/dev/null)
rm -rf "$projects/migration-chart/target" "$projects/cli/build"
(cd "$projects/migration-chart" && "$mvnw" -B -q package "${repo_flags[@]}" >/dev/null)
(cd "$projects/cli" && java -jar "$cli_jar" generate 2>/dev/null)
diff -r "$projects/migration-chart/target/helm/api" "$projects/cli/build/helm/api" >&2 \
  || { echo "bench: the command line and the plugin wrote different charts" >&2; exit 1; }

wait_for_load
raw=$(mktemp)
load_before=$(load_avg)
started=$(date -u '+%Y-%m-%d %H:%M UTC')
for rep in $(seq 1 "$REPS"); do
  timed_run "$raw" floor "$rep" "$projects/floor" -B -o -q validate
  timed_run "$raw" mvn-package "$rep" "$projects/migration-chart" -B -o -q package
  timed_cli "$raw" cli-generate "$rep"
  BENCH_KEEP_TARGET=1 timed_cli "$raw" cli-unchanged "$rep"
  echo "bench: repetition $rep/$REPS done (load $(load_avg))" >&2
done
load_after=$(load_avg)

table=$(python3 "$bench_dir/lib/stats.py" "$raw" floor mvn-package \
  "floor=floor: \`mvn -o -q validate\`" \
  "mvn-package=\`mvn -o -q package\` (the plugin's generate, lint on)" \
  "cli-generate=\`java -jar migration-chart-cli.jar generate\` (cold JVM, lint on)" \
  "cli-unchanged=the same, chart up to date")

header=$(
  echo "# bench/cli.sh, $started"
  echo
  machine_facts
  echo "- command line measured: $(basename "$cli_jar") sha256 $(sha256sum "$cli_jar" | cut -c1-12), built from a copy of the work tree at commit $(cat "$bench_dir/work/src/.bench-commit" 2>/dev/null || echo '?')"
  echo "- repetitions: $REPS per case, interleaved; load average (1, 5, 15 min) before: $load_before, after: $load_after"
)
publish_result cli "$header" "$table" "$raw" "label, repetition, wall s, user s, sys s, peak RSS KiB" "$load_before" "$load_after"
