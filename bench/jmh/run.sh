#!/usr/bin/env bash
# Builds and runs the JMH benchmarks of migration-chart-core (about 1.5 minutes, build included).
#
#   bench/jmh/run.sh                    # all benchmarks
#   bench/jmh/run.sh RenderBenchmark    # a regex of benchmarks, then any JMH option
#   SKIP_INSTALL=1 bench/jmh/run.sh     # use the migration-chart-core built before (bench/work/m2)
#   bench/jmh/run.sh -probe             # only HelmProbe: cold render, lint and template step by step
#   bench/jmh/run.sh -probe cached      # HelmProbe with the native library cached (run it twice)
#
# Warm numbers (RenderBenchmark, average time in us/op): 1 fork, 6 x 1 s warm-up, 5 x 1 s measurement.
# Cold numbers (ColdRenderBenchmark, single shot in ms): 5 fresh JVMs. Results also go to
# bench/results/<date>-jmh.txt.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
jmh_dir="$bench_dir/jmh"

# migration-chart-core is built from a copy of the work tree into bench/work/m2 (lib/common.sh)
install_plugin migration-chart-core
(cd "$jmh_dir" && "$mvnw" -q -B package "${repo_flags[@]}")
cp="$jmh_dir/target/classes:$(cat "$jmh_dir/target/classpath.txt")"

if [ "${1:-}" = -probe ]; then
  shift
  exec java -cp "$cp" io.github.migrationchart.bench.HelmProbe "$@"
fi

mkdir -p "$bench_dir/results"
out="$bench_dir/results/$(date -u +%Y-%m-%dT%H%M)-jmh.txt"
{
  echo "# bench/jmh/run.sh $*, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -version 2>&1 | head -1
} >"$out"
java -cp "$cp" org.openjdk.jmh.Main "$@" 2>&1 | tee -a "$out"
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out"
echo "written to ${out#"$root_dir"/}"
