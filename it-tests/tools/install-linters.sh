#!/usr/bin/env bash
# Installs the static checkers for generated charts and their rendered manifests into the same
# cache OUTSIDE the repository as install-helm.sh: kube-score, kube-linter and helm-docs built
# from their Go modules, checkov from PyPI into a virtualenv of its own.
#
#   it-tests/tools/install-linters.sh                 # all; a tool that cannot be installed is skipped with a warning
#   it-tests/tools/install-linters.sh kube-score      # only the named ones; one that cannot be installed is then an error
#   . it-tests/tools/env.sh                           # then: kube-score, kube-linter, helm-docs, checkov on PATH
#
# The Go tools are built from their modules (this machine reaches package registries only; none
# of them ships its binary in an npm/PyPI/Debian package), checked by the Go checksum database
# (see go_build in it-tests/lib.sh). checkov is installed by pip in hash-checking mode from
# checkov-requirements.txt beside this script: checkov and each of its dependencies pinned to a
# version and the SHA-256 of its wheel, nothing unpinned. Versions are pinned; a warm run only
# reads the Go build info of the cached binaries and checkov's install stamp, and prints the
# versions. See README-linters.md beside this file for the findings on the example charts and
# the flags CI wants (exit code, JSON, ignores, offline).
#
# Layout under $MIGRATION_CHART_CACHE (default ~/.cache/migration-chart):
#   tools/bin/{kube-score,kube-linter,helm-docs}
#   tools/checkov-<version>/      a virtualenv (run through the wrapper, never its bin/ scripts)
#   tools/bin/checkov             the wrapper: that virtualenv's python -m checkov.main, offline

# The pins are read by name (tool_var), which shellcheck cannot follow.
# shellcheck disable=SC2034
set -euo pipefail

# ---- pinned versions -----------------------------------------------------------
TOOLS_ALL=(kube-score kube-linter helm-docs checkov)

KUBE_SCORE_KIND="go"
KUBE_SCORE_MODULE="github.com/zegl/kube-score"
KUBE_SCORE_VERSION="v1.20.0"        # newest (and only) version the Go module proxy lists
KUBE_SCORE_MAIN_PKG="cmd/kube-score"

# The module path is golang.stackrox.io/kube-linter (github.com/stackrox/kube-linter
# is only where the source lives). As of this writing the Go module proxy answers
# 403 "not available" for both paths (version list, @latest, each version tried):
# the script then skips it with a warning, see main().
KUBE_LINTER_KIND="go"
KUBE_LINTER_MODULE="golang.stackrox.io/kube-linter"
KUBE_LINTER_VERSION="v0.7.2"
KUBE_LINTER_MAIN_PKG="cmd/kube-linter"

# The Go module proxy lists v1.11.3 and v1.14.2 for it; v1.14.2 (2024-07-08) is also its @latest.
HELM_DOCS_KIND="go"
HELM_DOCS_MODULE="github.com/norwoodj/helm-docs"
HELM_DOCS_VERSION="v1.14.2"
HELM_DOCS_MAIN_PKG="cmd/helm-docs"

# checkov from PyPI; every wheel it installs is pinned in checkov-requirements.txt, made for
# CPython CHECKOV_PYTHON_VERSION on x86_64 Linux (the Python these machines have on PATH).
CHECKOV_KIND="pypi"
CHECKOV_VERSION="3.3.30"
CHECKOV_PYTHON_VERSION="3.11"

# shellcheck source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh" "install-linters:"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CHECKOV_REQUIREMENTS="$HERE/checkov-requirements.txt"

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
# tool_var TOOL FIELD -> value of KUBE_SCORE_FIELD / HELM_DOCS_FIELD / ...
tool_var() {
  local prefix; prefix="$(tr 'a-z-' 'A-Z_' <<<"$1")"
  local var="${prefix}_$2"
  [[ -n "${!var+x}" ]] || die "unknown tool '$1' (known: ${TOOLS_ALL[*]})"
  echo "${!var}"
}

# -X flags that stamp the version the way upstream's release builds do, so that
# `kube-score version` / `kube-linter version` / `helm-docs --version` print the pinned version.
#   kube-score:  goreleaser sets main.version/commit/date
#   kube-linter: scripts/go-build.sh sets internal/version.version (//XDef:VERSION)
#   helm-docs:   goreleaser's default ldflags set main.version (cmd/helm-docs/command_line.go)
version_ldflags() {
  local tool="$1" version="$2" date="$3"
  case "$tool" in
    kube-score)  echo "-X main.version=${version#v} -X main.date=$date" ;;
    kube-linter) echo "-X $KUBE_LINTER_MODULE/internal/version.version=${version#v}" ;;
    helm-docs)   echo "-X main.version=${version#v}" ;;
  esac
}

# ---- version probe -------------------------------------------------------------
# Go tools: the Go build info embedded in the binary names the module version it was built
# from: "mod" when built by `go install`, "dep" when built from the wrapper module. checkov: the
# install stamp of its virtualenv, if that virtualenv's Python still runs. Prints nothing if
# the tool is absent or not ours.
built_version() { # tool [binary]
  local tool="$1"
  if [[ "$(tool_var "$tool" KIND)" == pypi ]]; then
    checkov_installed_version
  else
    go_built_version "${2:-$BIN/$tool}" "$(tool_var "$tool" MODULE)"
  fi
}

# What the tool itself says (printed in the summary). checkov's own --version takes ~5 s (it
# imports every framework), so the summary reads its package metadata instead.
self_version() { # tool [binary]
  local bin="${2:-$BIN/$1}"
  case "$1" in
    kube-score | kube-linter) "$bin" version 2>/dev/null | head -n1 || true ;;
    helm-docs) "$bin" --version 2>/dev/null | head -n1 || true ;;
    checkov) "$(checkov_dir)/bin/python" -I -c 'import importlib.metadata as m, platform
print("checkov", m.version("checkov"), "on CPython", platform.python_version())' 2>/dev/null || true ;;
  esac
}

# ---- Go tools ---------------------------------------------------------------------
# build_go_tool TOOL OUT: builds the pinned version of TOOL into the file OUT, with
# go install, or from a wrapper module when upstream's go.mod has replace/exclude
# directives (go_build in it-tests/lib.sh). If the Go module proxy does not serve
# the module it warns and leaves OUT absent.
build_go_tool() {
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

# ensure_go_tool TOOL: no-op if the cached binary is the pinned version. Sets TOOL_OK=0 (after
# a warning) when the module cannot be had. (A status variable, not a return code: a function
# called as a condition would run without set -e.)
ensure_go_tool() {
  local tool="$1" module version
  module="$(tool_var "$tool" MODULE)"
  version="$(tool_var "$tool" VERSION)"
  [[ "$(built_version "$tool")" == "$version" ]] && return 0

  local tmp="$SCRATCH/$tool.new"
  build_go_tool "$tool" "$tmp"
  if [[ ! -e "$tmp" ]]; then
    warn "the Go module proxy does not serve $module@$version (README-linters.md)"
    TOOL_OK=0; return 0
  fi
  local got; got="$(built_version "$tool" "$tmp")"
  [[ "$got" == "$version" ]] || die "built $tool reports module version '${got:-nothing}', expected $version"
  [[ -n "$(self_version "$tool" "$tmp")" ]] || die "the freshly built $tool does not run (no version printed)"
  # Rename on the same filesystem: atomic.
  mv -f "$tmp" "$BIN/.$tool.new.$$"
  mv -f "$BIN/.$tool.new.$$" "$BIN/$tool"
}

# ---- checkov (PyPI) -------------------------------------------------------------------
checkov_dir() { echo "$TOOLS/checkov-$CHECKOV_VERSION"; }

# What the install stamp records: the version, the requirements file's digest, the Python.
checkov_stamp() { # python
  printf 'checkov %s requirements %s python %s\n' "$CHECKOV_VERSION" "$(sha256_of "$CHECKOV_REQUIREMENTS")" \
    "$("$1" -I -c 'import platform; print(platform.python_version())' 2>/dev/null || echo none)"
}

# The installed version when the virtualenv is complete, still runs and matches the pins.
checkov_installed_version() {
  local dir; dir="$(checkov_dir)"
  [[ -f "$dir/.complete" && -x "$BIN/checkov" ]] || return 0
  [[ "$(cat "$dir/.complete")" == "$(checkov_stamp "$dir/bin/python")" ]] || return 0
  "$dir/bin/python" -I -c 'import importlib.metadata as m; print(m.version("checkov"))' 2>/dev/null || true
}

# The wrapper on PATH: the virtualenv's Python runs checkov's main module (-I: no PYTHONPATH,
# no user site, not the working directory), so the virtualenv may move with the cache. Offline
# by default: BC_SKIP_MAPPING=TRUE is checkov's --skip-download (no guidelines, policy metadata
# or run config from the vendor's platform; without it every run warns that it failed), and
# CKV_SKIP_PACKAGE_UPDATE_CHECK=true drops the update check against PyPI made on every start.
write_checkov_wrapper() { # file
  cat >"$1" <<EOF
#!/bin/sh
# checkov $CHECKOV_VERSION, installed by it-tests/tools/install-linters.sh into ../checkov-$CHECKOV_VERSION.
# Offline and quiet unless the caller sets these otherwise.
export BC_SKIP_MAPPING="\${BC_SKIP_MAPPING:-TRUE}"
export CKV_SKIP_PACKAGE_UPDATE_CHECK="\${CKV_SKIP_PACKAGE_UPDATE_CHECK:-true}"
here="\$(dirname "\$(readlink -f "\$0")")"
exec "\$here/../checkov-$CHECKOV_VERSION/bin/python" -I -m checkov.main "\$@"
EOF
  chmod 0755 "$1"
}

# ensure_checkov: a virtualenv with exactly the pinned wheels, built in a scratch directory and
# renamed into place; sets TOOL_OK=0 (after a warning) when it cannot be installed.
ensure_checkov() {
  local dir python venv log got
  dir="$(checkov_dir)"
  [[ "$(checkov_installed_version)" == "$CHECKOV_VERSION" ]] && return 0
  python="${CHECKOV_PYTHON:-python3}"
  if ! command -v "$python" >/dev/null; then
    warn "no $python on PATH: checkov needs CPython $CHECKOV_PYTHON_VERSION"; TOOL_OK=0; return 0
  fi
  got="$("$python" -I -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true)"
  if [[ "$got" != "$CHECKOV_PYTHON_VERSION" ]]; then
    warn "checkov-requirements.txt pins wheels for CPython $CHECKOV_PYTHON_VERSION, $python is ${got:-not runnable}" \
      "(set CHECKOV_PYTHON, or regenerate the requirements as README-linters.md says)"
    TOOL_OK=0; return 0
  fi
  grep -q "^checkov==$CHECKOV_VERSION " "$CHECKOV_REQUIREMENTS" ||
    die "checkov-requirements.txt does not pin checkov==$CHECKOV_VERSION: regenerate it (README-linters.md)"

  log "installing checkov $CHECKOV_VERSION from PyPI into $dir (about a minute)"
  venv="$SCRATCH/checkov-venv" log="$SCRATCH/checkov-pip.log"
  "$python" -m venv "$venv" || { warn "$python -m venv failed"; TOOL_OK=0; return 0; }
  # Hash-checking mode, wheels only, no dependency resolution: exactly the pinned files.
  # PIP_FIND_LINKS cleared: a local wheel directory of this machine is none of checkov's business.
  if ! PIP_FIND_LINKS="" "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
      --no-input --require-hashes --only-binary=:all: --no-deps -r "$CHECKOV_REQUIREMENTS" >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    warn "pip could not install the pinned checkov wheels (pip's reason is above: a SHA-256 mismatch, or a wheel this Python cannot use)"
    TOOL_OK=0; return 0
  fi
  "$venv/bin/python" -m pip check --disable-pip-version-check >"$log" 2>&1 ||
    { cat "$log" >&2; die "checkov's pinned dependencies do not satisfy each other: regenerate checkov-requirements.txt"; }
  # The console scripts' shebangs name the scratch path; nothing runs them (the wrapper uses -m).
  got="$(BC_SKIP_MAPPING=TRUE CKV_SKIP_PACKAGE_UPDATE_CHECK=true "$venv/bin/python" -I -m checkov.main --version 2>/dev/null || true)"
  [[ "$got" == "$CHECKOV_VERSION" ]] || die "the installed checkov prints version '${got:-nothing}', expected $CHECKOV_VERSION"
  checkov_stamp "$venv/bin/python" >"$venv/.complete"
  rm -rf "$dir"
  mv "$venv" "$dir"
  write_checkov_wrapper "$BIN/.checkov.new.$$"
  mv -f "$BIN/.checkov.new.$$" "$BIN/checkov"
  # Virtualenvs of other checkov versions are no longer used.
  find "$TOOLS" -maxdepth 1 -name 'checkov-*' ! -name "checkov-$CHECKOV_VERSION" -exec rm -rf {} +
}

# ensure_tool TOOL REQUIRED: REQUIRED=1 makes a tool that cannot be installed an error
# instead of a warning.
ensure_tool() {
  local tool="$1" required="$2"
  TOOL_OK=1
  case "$(tool_var "$tool" KIND)" in
    go) ensure_go_tool "$tool" ;;
    pypi) ensure_checkov ;;
  esac
  ((TOOL_OK)) && return 0
  [[ "$required" == 1 ]] && die "$tool was asked for by name but cannot be installed (see above)"
  warn "$tool skipped (README-linters.md)"
}

main() {
  local tools=("$@") required=1
  if [[ ${#tools[@]} -eq 0 ]]; then
    tools=("${TOOLS_ALL[@]}")
    required=0
  fi
  local t
  for t in "${tools[@]}"; do
    tool_var "$t" KIND >/dev/null
  done
  for t in "${tools[@]}"; do
    ensure_tool "$t" "$required"
  done
  for t in "${tools[@]}"; do
    local v
    v="$(built_version "$t")"
    if [[ -n "$v" ]]; then
      printf '%-12s %-8s %s  (%s)\n' "$t" "$v" "$BIN/$t" "$(self_version "$t")"
    elif [[ "$(tool_var "$t" KIND)" == go ]]; then
      printf '%-12s %-8s %s\n' "$t" "MISSING" "$(tool_var "$t" MODULE)@$(tool_var "$t" VERSION) is not served by the Go module proxy"
    else
      printf '%-12s %-8s %s\n' "$t" "MISSING" "checkov $CHECKOV_VERSION could not be installed from PyPI (see the warnings above)"
    fi
  done
}

main "$@"
