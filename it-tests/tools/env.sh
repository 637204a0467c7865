# shellcheck shell=bash
# Source me (". it-tests/tools/env.sh") after running install-helm.sh (and install-linters.sh):
# puts helm3, helm4, kubectl, helm-unittest and the linters (kube-score, helm-docs, checkov) on
# PATH and makes `helm3 unittest` / `helm4 unittest` find the plugin. tools/bin/checkov is a
# wrapper that keeps checkov offline by itself (README-linters.md): nothing more to export.
export MIGRATION_CHART_CACHE="${MIGRATION_CHART_CACHE:-$HOME/.cache/migration-chart}"
export PATH="$MIGRATION_CHART_CACHE/tools/bin:$PATH"
export HELM_PLUGINS="$MIGRATION_CHART_CACHE/tools/helm-plugins"
