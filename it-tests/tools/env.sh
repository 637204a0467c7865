# shellcheck shell=bash
# Source me (". it-tests/tools/env.sh") after running install-helm.sh:
# puts helm3, helm4, kubectl and helm-unittest on PATH and makes
# `helm3 unittest` / `helm4 unittest` find the plugin.
export MIGRATION_CHART_CACHE="${MIGRATION_CHART_CACHE:-$HOME/.cache/migration-chart}"
export PATH="$MIGRATION_CHART_CACHE/tools/bin:$PATH"
export HELM_PLUGINS="$MIGRATION_CHART_CACHE/tools/helm-plugins"
