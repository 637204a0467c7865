#!/usr/bin/env bash
# Installs the static checkers for rendered chart manifests, kube-score and
# kube-linter, into the same cache OUTSIDE the repository as install-helm.sh.
#
#   it-tests/tools/install-linters.sh                 # both; a linter the Go module proxy refuses is skipped with a warning
#   it-tests/tools/install-linters.sh kube-score      # only the named ones; a refusal is then an error
#   . it-tests/tools/env.sh                           # then: kube-score, kube-linter on PATH
#
# Both are built from their Go modules (this machine reaches package registries
# only; neither tool ships its binary in an npm/PyPI/Debian package), checked by
# the Go checksum database (see go_build in it-tests/lib.sh). Versions are
# pinned; a warm run only reads the Go build info of the cached binaries and
# prints the versions. See README-linters.md beside this file for the findings
# on the example charts and the flags CI wants (exit code, JSON, ignores).
#
# Layout under $MIGRATION_CHART_CACHE (default ~/.cache/migration-chart):
#   tools/bin/{kube-score,kube-linter}

# The pins are read by name (tool_var), which shellcheck cannot follow.
# shellcheck disable=SC2034
set -euo pipefail

# ---- pinned versions -----------------------------------------------------------
KUBE_SCORE_MODULE="github.com/zegl/kube-score"
KUBE_SCORE_VERSION="v1.20.0"        # newest (and only) version the Go module proxy lists
KUBE_SCORE_MAIN_PKG="cmd/kube-score"

# The module path is golang.stackrox.io/kube-linter (github.com/stackrox/kube-linter
# is only where the source lives). As of this writing the Go module proxy answers
# 403 "not available" for both paths (version list, @latest, each version tried):
# the script then skips it with a warning, see main().
KUBE_LINTER_MODULE="golang.stackrox.io/kube-linter"
KUBE_LINTER_VERSION="v0.7.2"
KUBE_LINTER_MAIN_PKG="cmd/kube-linter"

# shellcheck source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh" "install-linters:"

# ---- paths ------------------------------------------------------------------
CACHE="$MC_CACHE"
TOOLS="$CACHE/tools"
BIN="$TOOLS/bin"

# LINTERS_FORCE_WRAPPER=1 builds from a wrapper module even without replace/exclude
# directives (a test of that path).
[[ "${LINTERS_FORCE_WRAPPER:-}" == 1 ]] && export GO_FORCE_WRAPPER=1

mkdir -p "$BIN"
make_scratch SCRATCH "$TOOLS"

# ---- per-tool settings --------------------------------------------------------
# tool_var TOOL FIELD -> value of KUBE_SCORE_FIELD / KUBE_LINTER_FIELD
tool_var() {
  local prefix; prefix="$(tr 'a-z-' 'A-Z_' <<<"$1")"
  local var="${prefix}_$2"
  [[ -n "${!var+x}" ]] || die "unknown tool '$1' (known: kube-score, kube-linter)"
  echo "${!var}"
}

# -X flags that stamp the version the way upstream's release builds do, so that
# `kube-score version` / `kube-linter version` print the pinned version.
#   kube-score:  goreleaser sets main.version/commit/date
#   kube-linter: scripts/go-build.sh sets internal/version.version (//XDef:VERSION)
version_ldflags() {
  local tool="$1" version="$2" date="$3"
  case "$tool" in
    kube-score)  echo "-X main.version=${version#v} -X main.date=$date" ;;
    kube-linter) echo "-X $KUBE_LINTER_MODULE/internal/version.version=${version#v}" ;;
  esac
}

# ---- version probe -------------------------------------------------------------
# The Go build info embedded in the binary names the module version it was
# built from: "mod" when built by `go install`, "dep" when built from the
# wrapper module. Prints nothing if the binary is absent or not ours.
built_version() { go_built_version "$@"; }

# What the tool itself says (printed in the summary).
self_version() {
  case "$1" in
    kube-score)  "$BIN/kube-score" version 2>/dev/null | head -n1 || true ;;
    kube-linter) "$BIN/kube-linter" version 2>/dev/null | head -n1 || true ;;
  esac
}

# ---- build ----------------------------------------------------------------------
# build_tool TOOL OUT: builds the pinned version of TOOL into the file OUT, with
# go install, or from a wrapper module when upstream's go.mod has replace/exclude
# directives (go_build in it-tests/lib.sh). If the Go module proxy does not serve
# the module it warns and leaves OUT absent.
build_tool() {
  local tool="$1" out="$2"
  local module version main_pkg
  module="$(tool_var "$tool" MODULE)"
  version="$(tool_var "$tool" VERSION)"
  main_pkg="$(tool_var "$tool" MAIN_PKG)"
  go_env "$tool is built from source (Go >= 1.23)"
  if ! go_download "$module" "$version"; then
    warn "cannot download $module@$version: $GO_MOD_ERROR"
    return 0
  fi
  # Release time of the version, from the proxy's .info file (kube-score prints it as "built").
  local date; date="$(sed -n 's/.*"Time": *"\([^"]*\)".*/\1/p' "$GO_MOD_INFO" 2>/dev/null || true)"
  go_build "$tool" "$out" "$module" "$version" "$main_pkg" -trimpath \
    -ldflags "-s -w $(version_ldflags "$tool" "$version" "${date:-N/A}")"
}

# ensure_tool TOOL REQUIRED: no-op if the cached binary is the pinned version.
# REQUIRED=1 makes a module the proxy refuses an error instead of a warning.
ensure_tool() {
  local tool="$1" required="$2"
  local module version
  module="$(tool_var "$tool" MODULE)"
  version="$(tool_var "$tool" VERSION)"
  [[ "$(built_version "$BIN/$tool" "$module")" == "$version" ]] && return 0

  local tmp="$SCRATCH/$tool.new"
  build_tool "$tool" "$tmp"
  if [[ ! -e "$tmp" ]]; then
    [[ "$required" == 1 ]] && die "$tool was asked for by name but cannot be built (see above)"
    warn "$tool skipped: the Go module proxy does not serve $module@$version (README-linters.md)"
    return 0
  fi
  local got; got="$(built_version "$tmp" "$module")"
  [[ "$got" == "$version" ]] || die "built $tool reports module version '${got:-nothing}', expected $version"
  "$tmp" version >/dev/null 2>&1 || die "the freshly built $tool does not run ('$tool version' failed)"
  # Rename on the same filesystem: atomic.
  mv -f "$tmp" "$BIN/.$tool.new.$$"
  mv -f "$BIN/.$tool.new.$$" "$BIN/$tool"
}

main() {
  local tools=("$@") required=1
  if [[ ${#tools[@]} -eq 0 ]]; then
    tools=(kube-score kube-linter)
    required=0
  fi
  local t
  for t in "${tools[@]}"; do
    tool_var "$t" MODULE >/dev/null
  done
  for t in "${tools[@]}"; do
    ensure_tool "$t" "$required"
  done
  for t in "${tools[@]}"; do
    local module v
    module="$(tool_var "$t" MODULE)"
    v="$(built_version "$BIN/$t" "$module")"
    if [[ -n "$v" ]]; then
      printf '%-12s %-8s %s  (%s)\n' "$t" "$v" "$BIN/$t" "$(self_version "$t")"
    else
      printf '%-12s %-8s %s\n' "$t" "MISSING" "$module@$(tool_var "$t" VERSION) is not served by the Go module proxy"
    fi
  done
}

main "$@"
