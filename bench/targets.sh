#!/usr/bin/env bash
# Issue 17's build-speed targets, measured in one go on one plugin build (about 15 minutes):
# bench/run.sh (floor, our goal with and without lint and with an up-to-date chart, named on the
# command line and bound in the POM, JKube), the JMH warm
# render of RenderBenchmark, and bench/scaling.sh with reactors of 1 and 50 modules; then the
# table of every target with its measured value (lib/targets.py).
#
#   bench/targets.sh
#   WAIT_LOAD=1.0 bench/targets.sh     # wait for a quiet machine before each part
#   RUN_REPS=15 bench/targets.sh       # repetitions of run.sh's cases (default 11; scaling: SCALING_REPS=3)
#
# Writes bench/results/<date>-targets.md, next to the three result files it quotes.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

install_plugin
export SKIP_INSTALL=1   # every part measures the plugin built above
started=$(date -u '+%Y-%m-%d %H:%M UTC')
load_before=$(load_avg)
newest() { ls -t "$bench_dir"/results/*-"$1" | head -1; }

REPS=${RUN_REPS:-11} "$bench_dir/run.sh"
run_md=$(newest run.md)
jmh_json="$bench_dir/work/jmh-render.json"
"$bench_dir/jmh/run.sh" 'RenderBenchmark.(example|manyEnv)$' -rf json -rff "$jmh_json"
REPS=${SCALING_REPS:-3} SIZES="1 50" "$bench_dir/scaling.sh"
scaling_md=$(newest scaling.md)

table=$(python3 "$bench_dir/lib/targets.py" "$run_md" "$jmh_json" "$scaling_md")
result="$bench_dir/results/$(date -u +%Y-%m-%dT%H%M)-targets.md"
{
  echo "# bench/targets.sh, $started"
  echo
  machine_facts
  plugin_facts
  echo "- parts: ${run_md#"$bench_dir"/}, ${scaling_md#"$bench_dir"/}, JMH RenderBenchmark (1 fork, 6 × 1 s warm-up, 5 × 1 s)"
  echo "- load average (1, 5, 15 min) before: $load_before, after: $(load_avg)"
  echo
  echo "$table"
  echo
  echo "JMH (us/op):"
  echo
  echo '```'
  python3 -c 'import json,sys; [print(b["benchmark"], round(b["primaryMetric"]["score"], 1), "+-", round(b["primaryMetric"]["scoreError"], 1)) for b in json.load(open(sys.argv[1]))]' "$jmh_json"
  echo '```'
} >"$result"
echo
echo "$table"
echo "written to ${result#"$root_dir"/}"
