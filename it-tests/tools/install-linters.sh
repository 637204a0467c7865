#!/usr/bin/env bash
# Installs the static checkers for rendered chart manifests, kube-score and
# kube-linter, into the same cache OUTSIDE the repository as install-helm.sh.
#
#   it-tests/tools/install-linters.sh                 # both; a linter the Go module proxy refuses is skipped with a warning
#   it-tests/tools/install-linters.sh kube-score      # only the named ones; a refusal is then an error
#   . it-tests/tools/env.sh                           # then: kube-score, kube-linter on PATH
#
# Both are built from their Go modules (this machine reaches package registries
# only; neither tool ships its binary in an npm/PyPI/Debian package). Versions
# are pinned; a warm run only reads the Go build info of the cached binaries and
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

# ---- paths ------------------------------------------------------------------
CACHE="${MIGRATION_CHART_CACHE:-$HOME/.cache/migration-chart}"
TOOLS="$CACHE/tools"
BIN="$TOOLS/bin"

log()  { echo "install-linters: $*" >&2; }
warn() { echo "install-linters: WARNING: $*" >&2; }
die()  { echo "install-linters: ERROR: $*" >&2; exit 1; }

# Same conventions as install-helm.sh: the machine's own Go, static binaries.
export GOTOOLCHAIN=local CGO_ENABLED=0

# Scratch space lives inside the cache so that the final 'mv' is a rename on
# the same filesystem (atomic): a half-written binary is never on PATH.
mkdir -p "$BIN"
SCRATCH="$(mktemp -d "$TOOLS/.scratch.XXXXXX")"
trap 'rm -rf "$SCRATCH"' EXIT

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
built_version() {
  local bin="$1" module="$2"
  [[ -x "$bin" ]] || return 0
  go version -m "$bin" 2>/dev/null \
    | awk -v m="$module" '($1=="mod" || $1=="dep") && $2==m {print $3; exit}' || true
}

# What the tool itself says (printed in the summary).
self_version() {
  case "$1" in
    kube-score)  "$BIN/kube-score" version 2>/dev/null | head -n1 || true ;;
    kube-linter) "$BIN/kube-linter" version 2>/dev/null | head -n1 || true ;;
  esac
}

# ---- build ----------------------------------------------------------------------
# Prints the upstream replace and exclude directives as single lines. `go install
# module@version` refuses a module whose go.mod has either; a wrapper module
# that repeats them builds the same program (they only apply in the main module).
upstream_directives() {
  awk '
    /^(replace|exclude)[ \t]*\(/ { kw=$1; sub(/[ \t]*\(.*/, "", kw); block=1; next }
    block && /^\)/               { block=0; next }
    block && NF && !/^[ \t]*\/\// { print kw " " $0; next }
    /^(replace|exclude)[ \t]/    { print }
  ' "$1"
}

# build_tool TOOL OUT: builds the pinned version of TOOL into the file OUT.
# If the Go module proxy does not serve the module it warns and leaves OUT absent.
build_tool() {
  local tool="$1" out="$2"
  local module version main_pkg
  module="$(tool_var "$tool" MODULE)"
  version="$(tool_var "$tool" VERSION)"
  main_pkg="$(tool_var "$tool" MAIN_PKG)"
  command -v go >/dev/null || die "go not found: $tool is built from source (Go >= 1.23)"
  local work="$SCRATCH/$tool"; mkdir -p "$work"

  log "downloading $module@$version (Go module proxy)"
  local info
  if ! info="$(cd "$work" && go mod download -json "$module@$version" 2>"$work/download.err")"; then
    # -json prints {"Error": ...} on stdout; keep whatever there is.
    local why; why="$(sed -n 's/^[[:space:]]*"Error": "\(.*\)",\{0,1\}$/\1/p' <<<"$info")"
    why="${why:-$(cat "$work/download.err")}"
    warn "cannot download $module@$version: $why"
    return 0
  fi
  local src; src="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$info")"
  # Release time of the version, from the proxy's .info file (kube-score prints it as "built").
  local infofile; infofile="$(sed -n 's/^[[:space:]]*"Info": "\(.*\)",$/\1/p' <<<"$info")"
  local date; date="$(sed -n 's/.*"Time": *"\([^"]*\)".*/\1/p' "$infofile" 2>/dev/null || true)"
  [[ -f "$src/go.mod" ]] || die "no go.mod in the downloaded module ($src)"
  [[ -d "$src/$main_pkg" ]] || die "$main_pkg not found in $module@$version: update the *_MAIN_PKG pin"

  local ldflags; ldflags="-s -w $(version_ldflags "$tool" "$version" "${date:-N/A}")"
  upstream_directives "$src/go.mod" >"$work/directives"

  if [[ ! -s "$work/directives" && "${LINTERS_FORCE_WRAPPER:-}" != 1 ]]; then
    # The ordinary way: go install into a scratch GOBIN, then move.
    log "building $tool with go install (a few minutes when the Go build cache is cold)"
    mkdir -p "$work/gobin"
    GOBIN="$work/gobin" go install -trimpath -ldflags "$ldflags" "$module/$main_pkg@$version" \
      || die "go install of $module/$main_pkg@$version failed"
    mv -f "$work/gobin/$(basename "$main_pkg")" "$out"
    return 0
  fi

  # Upstream's go.mod has replace/exclude directives: `go install` would refuse
  # ("contains one or more replace directives"), so build from a throwaway
  # wrapper module that requires the tool and repeats those lines, read from
  # the pinned go.mod (never hand-copied).
  if [[ -s "$work/directives" ]]; then
    log "$module@$version has replace/exclude directives: building from a wrapper module"
  else
    log "LINTERS_FORCE_WRAPPER=1: building $module@$version from a wrapper module"
  fi
  # A replace onto a directory of upstream's own tree cannot be repeated here.
  if grep -Eq '=>[[:space:]]*(\.|/)' "$work/directives"; then
    die "$module@$version replaces a module with a local directory: the wrapper cannot repeat that"
  fi
  local wrap="$work/wrapper"; mkdir -p "$wrap"
  {
    echo "module migrationchart.local/${tool}-wrapper"
    echo
    grep -m1 '^go ' "$src/go.mod"      # same minimum Go as upstream
    echo
    cat "$work/directives"
  } >"$wrap/go.mod"
  # `go get` of the main package adds the require plus go.sum entries for exactly its imports.
  (cd "$wrap" && go get "$module/$main_pkg@$version" 2>"$wrap/get.err") \
    || { cat "$wrap/get.err" >&2; die "go get failed for $module@$version"; }
  log "building $tool (a few minutes when the Go build cache is cold)"
  (cd "$wrap" && go build -trimpath -ldflags "$ldflags" -o "$out" "$module/$main_pkg") \
    || die "go build of $tool failed"
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
