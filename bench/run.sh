#!/usr/bin/env bash
# Times one chart generation from the command line, against Maven's floor and Eclipse JKube.
#
#   bench/run.sh                 # 7 repetitions of each case
#   REPS=15 bench/run.sh         # more repetitions
#   SKIP_INSTALL=1 bench/run.sh  # measure the plugin the last run built (no rebuild)
#   WAIT_LOAD=1.0 bench/run.sh   # wait (at most WAIT_LOAD_MAX=300 s) for the 1-min load to drop
#
# The plugin is built from this work tree into bench/work/m2 (see lib/common.sh: a concurrent
# `mvn install` cannot swap it mid-run). Cases, each `./mvnw -B -o -q ...` in bench/projects/:
#   floor           validate on a project without plugins (Maven's own cost)
#   any-plugin      clean on the same project: maven-clean-plugin, with nothing to delete, for what
#                   Maven charges any plugin goal (resolve it, make its class realm, configure it)
#   ours-lint       migration:generate (in-process helm lint --strict + helm template), target/
#                   deleted first: the chart is generated (a changed configuration, or a first build)
#   ours-nolint     the same with -Dmigration.lint.skip=true
#   ours-unchanged  migration:generate into bench/work/unchanged, kept from the case's previous run: nothing
#                   changed, so the chart on disk is up to date and kept
#   ours-bound-*    the same three with the goal bound in the POM, as users run it: `package`, which on
#                   this project (packaging pom) runs nothing but generate; unlike a goal named on the
#                   command line it needs no lookup of the `migration:` prefix
#   jkube           k8s:resource k8s:helm (Eclipse JKube 1.19.0) on the equivalent fragments
# The repetitions are interleaved (floor, ours-lint, ours-nolint, jkube, floor, ...) so that a
# change in machine load hits every case alike. Before timing, each case runs once online (that
# downloads everything on a fresh machine) and once offline (file cache warm-up); target/ is
# deleted before every run. Prints the table and writes it to bench/results/<date>-run.md.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

REPS=${REPS:-7}
projects="$bench_dir/projects"
cases=(
  "floor|$projects/floor|validate"
  "any-plugin|$projects/floor|clean"
  "ours-lint|$projects/migration-chart|migration:generate"
  "ours-nolint|$projects/migration-chart|migration:generate -Dmigration.lint.skip=true"
  "ours-unchanged|$projects/migration-chart|migration:generate -Dmigration.outputDirectory=$bench_dir/work/unchanged/helm"
  "ours-bound-lint|$projects/migration-chart|package"
  "ours-bound-nolint|$projects/migration-chart|package -Dmigration.lint.skip=true"
  "ours-bound-unchanged|$projects/migration-chart|package -Dmigration.outputDirectory=$bench_dir/work/unchanged-bound/helm"
  "jkube|$projects/jkube|k8s:resource k8s:helm"
)

ensure_gnu_time
install_plugin

echo "bench: warm-up (online, then offline) of every case" >&2
for case in "${cases[@]}"; do
  IFS='|' read -r label dir goals <<<"$case"
  # shellcheck disable=SC2086 # goals are words
  (cd "$dir" && "$mvnw" -B -q $goals "${repo_flags[@]}" >/dev/null) \
    || { echo "bench: warm-up of $label failed" >&2; (cd "$dir" && "$mvnw" -B $goals "${repo_flags[@]}") >&2; exit 1; }
  # shellcheck disable=SC2086
  (cd "$dir" && "$mvnw" -B -o -q $goals "${repo_flags[@]}" >/dev/null)
done

wait_for_load
raw=$(mktemp)
load_before=$(load_avg)
started=$(date -u '+%Y-%m-%d %H:%M UTC')
for rep in $(seq 1 "$REPS"); do
  for case in "${cases[@]}"; do
    IFS='|' read -r label dir goals <<<"$case"
    keep=0
    case $label in *-unchanged) keep=1 ;; esac
    # shellcheck disable=SC2086
    BENCH_KEEP_TARGET=$keep timed_run "$raw" "$label" "$rep" "$dir" -B -o -q $goals
  done
  echo "bench: repetition $rep/$REPS done (load $(load_avg))" >&2
done
load_after=$(load_avg)

table=$(python3 "$bench_dir/lib/stats.py" "$raw" floor ours-lint \
  "floor=floor: \`mvn -o -q validate\`" \
  "any-plugin=any plugin: \`mvn -o -q clean\`, nothing to delete" \
  "ours-lint=migration:generate (lint)" \
  "ours-nolint=migration:generate -Dmigration.lint.skip=true" \
  "ours-unchanged=migration:generate, chart up to date" \
  "ours-bound-lint=\`package\`, generate bound in the POM (lint)" \
  "ours-bound-nolint=\`package\`, bound, -Dmigration.lint.skip=true" \
  "ours-bound-unchanged=\`package\`, bound, chart up to date" \
  "jkube=JKube 1.19.0 \`k8s:resource k8s:helm\`")

header=$(
  echo "# bench/run.sh, $started"
  echo
  machine_facts
  plugin_facts
  echo "- repetitions: $REPS per case, interleaved; load average (1, 5, 15 min) before: $load_before, after: $load_after"
)
publish_result run "$header" "$table" "$raw" "label, repetition, wall s, user s, sys s, peak RSS KiB" "$load_before" "$load_after"
