# shellcheck shell=bash
# The helpers every script under it-tests/ shares. Sourced, not run, with the tag its messages
# start with, by a path relative to the script itself:
#
#   . "$(dirname "${BASH_SOURCE[0]}")/../lib.sh" "install-helm:"     # or "[cluster]", ...
#
#   log MSG / warn MSG / die MSG   "<tag> MSG", "<tag> WARNING: MSG", "<tag> ERROR: MSG" on stderr;
#                                  die exits 1
#   MC_CACHE                       ${MIGRATION_CHART_CACHE:-$HOME/.cache/migration-chart}
#   on_exit CMD                    runs CMD when the script exits (one EXIT trap for all of them)
#   make_scratch VAR DIR           VAR=a new directory DIR/.scratch.XXXXXX, removed on exit
#   sha256_check FILE SHA256 [WHAT], sha256_check_dir DIR MANIFEST
#                                  a pinned SHA-256, checked before a fetched file is used
#   apt_install PKG...             Debian's packages (apt-get update only when needed)
#   go_env, go_build, go_wrapper_module, go_wrapper_build, go_built_version
#                                  tools built from their Go modules (see "Go modules" below)
#
# Nothing here is specific to one script; each script keeps its own pins and cache layout.

MC_LOG_TAG="${1:?lib.sh: source it with the tag that starts every message}"
# shellcheck disable=SC2034 # for the scripts that source this file
MC_CACHE="${MIGRATION_CHART_CACHE:-$HOME/.cache/migration-chart}"

log()  { printf '%s %s\n' "$MC_LOG_TAG" "$*" >&2; }
warn() { printf '%s WARNING: %s\n' "$MC_LOG_TAG" "$*" >&2; }
die()  { printf '%s ERROR: %s\n' "$MC_LOG_TAG" "$*" >&2; exit 1; }

# ---- exit handlers ---------------------------------------------------------------------------
# One EXIT trap runs every command given to on_exit, the last one given first, each with $? set
# to the script's exit status (a failure in one does not skip the others); the script then exits
# with that status. A script that needs a handler uses on_exit, never `trap ... EXIT` itself,
# which would replace the others.
MC_EXIT_HANDLERS=()
on_exit() { # command (one string, run with eval)
  MC_EXIT_HANDLERS+=("$1")
  trap mc_run_exit_handlers EXIT
}
mc_run_exit_handlers() {
  local rc=$? i
  set +e
  for ((i = ${#MC_EXIT_HANDLERS[@]} - 1; i >= 0; i--)); do
    (exit "$rc")
    eval "${MC_EXIT_HANDLERS[i]}"
  done
  exit "$rc"
}

# make_scratch VAR DIR: a scratch directory inside DIR, removed when the script exits. Inside a
# cache directory, so that the final `mv` of what is built there is a rename on the same file
# system (atomic): a half-written file never appears under its real name.
make_scratch() { # variable-name parent-dir
  local dir
  mkdir -p "$2"
  dir="$(mktemp -d "$2/.scratch.XXXXXX")" || die "cannot create a scratch directory in $2"
  printf -v "$1" '%s' "$dir"
  on_exit "rm -rf $(printf '%q' "$dir")"
}

# ---- checksums of fetched files --------------------------------------------------------------
# Every file a script fetches as a file (an npm tarball, a jar, a wheel) has its SHA-256 pinned
# next to its version in that script and checked here before it is unpacked or used.
sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

sha256_check() { # file expected-sha256 [what the file is]
  local got what="${3:-${1##*/}}"
  [[ -f "$1" ]] || die "$what: $1 is missing, cannot check its SHA-256"
  got="$(sha256_of "$1")"
  [[ "$got" == "$2" ]] || die "SHA-256 mismatch for $what ($1): expected $2, got $got"
}

# sha256_check_dir DIR MANIFEST: MANIFEST holds "sha256  file-name" lines (sha256sum's format;
# blank lines and # comments allowed). Every file directly in DIR must be listed and match, and
# every listed file must be there: nothing unpinned slips in.
sha256_check_dir() { # dir manifest
  local dir="$1" sum name f
  local -A want=()
  while read -r sum name; do
    [[ -z "$sum" || "$sum" == \#* ]] && continue
    want["$name"]="$sum"
  done <<<"$2"
  for f in "$dir"/* "$dir"/.[!.]*; do
    [[ -e "$f" ]] || continue
    name="${f##*/}"
    [[ -n "${want[$name]+set}" ]] || die "$f is not pinned: no SHA-256 listed for $name (new dependency? add it to the pins)"
    sha256_check "$f" "${want[$name]}" "$name"
    unset 'want[$name]'
  done
  ((${#want[@]} == 0)) || die "pinned but missing from $dir: ${!want[*]}"
}

# ---- Debian packages ---------------------------------------------------------------------------
# apt checks every package it fetches against the archive's signed Release files (the keys of the
# host's apt configuration), so Debian's packages need no pin here. `apt-get update` runs only
# when the install fails (empty or stale package lists). Needs root.
apt_install() { # packages...
  local apt=(apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confold)
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" "$@" >&2 ||
    { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive "${apt[@]}" "$@" >&2; } ||
    die "apt-get install $* failed"
}

# ---- Go modules --------------------------------------------------------------------------------
# Tools built from the Go module proxy need no pin of their own: the `go` client checks every
# module it downloads (zip and go.mod) against go.sum, and a module that no go.sum lists (all of
# them in a fresh wrapper module, the module itself for `go install pkg@version`) against the Go
# checksum database (GOSUMDB, on by default). go_check_sumdb stops the build where the
# environment turns that check off (GOSUMDB=off, or a GONOSUMDB/GOPRIVATE pattern covering the
# module); GOFLAGS cannot turn it off.

# go_env WHY: the machine's own Go (GOTOOLCHAIN=local: only modules are reachable, no toolchain
# download), static binaries. WHY is said when there is no go.
go_env() { # why-go-is-needed
  if ! command -v go >/dev/null && [[ -x /usr/local/go/bin/go ]]; then PATH="/usr/local/go/bin:$PATH"; fi
  command -v go >/dev/null || die "go not found: $1"
  export GOTOOLCHAIN=local CGO_ENABLED=0
}

# True if a module path matches one of Go's comma-separated path-prefix glob patterns (the rule
# of GONOSUMDB and GOPRIVATE: a pattern matches the path's leading elements).
mc_go_path_matches() { # patterns path
  local pat prefix n
  local -a pats
  IFS=, read -ra pats <<<"$1"
  for pat in "${pats[@]}"; do
    pat="${pat%/}"
    [[ -n "$pat" ]] || continue
    n="${pat//[!\/]/}"
    prefix="$(cut -d/ -f"1-$((${#n} + 1))" <<<"$2")"
    # shellcheck disable=SC2053 # the pattern is a glob on purpose
    [[ $prefix == $pat ]] && return 0
  done
  return 1
}

go_check_sumdb() { # module-paths...
  local sumdb nosumdb m
  sumdb="$(go env GOSUMDB)"
  [[ -n "$sumdb" && "$sumdb" != off ]] ||
    die "GOSUMDB is off: $1 would be built without the Go checksum database's check (unset GOSUMDB)"
  nosumdb="$(go env GONOSUMDB)"   # defaults to GOPRIVATE
  [[ -n "$nosumdb" ]] || return 0
  for m in "$@"; do
    mc_go_path_matches "$nosumdb" "$m" &&
      die "GONOSUMDB/GOPRIVATE ($nosumdb) exempts $m from the Go checksum database; unset it for this build"
  done
  return 0
}

# go_download MODULE VERSION: MODULE@VERSION into the module cache; sets GO_MOD_DIR (its source),
# GO_MOD_FILE (its go.mod) and GO_MOD_INFO (the proxy's .info file: the version's time). Returns 1
# with the reason in GO_MOD_ERROR when the proxy does not serve it, so a caller may carry on.
# A second call for the same module and version only returns.
GO_MOD_ID=""
go_download() { # module version
  local json errf
  [[ "$GO_MOD_ID" == "$1@$2" && -n "$GO_MOD_DIR" ]] && return 0
  GO_MOD_ID="$1@$2" GO_MOD_DIR="" GO_MOD_FILE="" GO_MOD_INFO="" GO_MOD_ERROR=""
  go_check_sumdb "$1"
  log "downloading $1@$2 (Go module proxy)"
  errf="$(mktemp)"
  # Run outside any module: a go.mod in the working directory is none of our business.
  if ! json="$(cd / && go mod download -json "$1@$2" 2>"$errf")"; then
    # -json prints {"Error": ...} on stdout; keep whatever there is.
    GO_MOD_ERROR="$(sed -n 's/^[[:space:]]*"Error": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")"
    GO_MOD_ERROR="${GO_MOD_ERROR:-$(cat "$errf")}"
    rm -f "$errf"
    return 1
  fi
  rm -f "$errf"
  GO_MOD_DIR="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")"
  GO_MOD_FILE="$(sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")"
  # shellcheck disable=SC2034 # for the callers
  GO_MOD_INFO="$(sed -n 's/^[[:space:]]*"Info": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")"
  [[ -f "$GO_MOD_DIR/go.mod" ]] || die "no go.mod in the downloaded module $1@$2 ($GO_MOD_DIR)"
}

# The directives of a go.mod that only apply in the main module, one per line ("replace A => B",
# "exclude M v", "godebug k=v"), from single lines and blocks alike, comments dropped.
go_mod_directives() { # go.mod
  awk '
    { sub(/[ \t]*\/\/.*/, "") }
    /^(replace|exclude|godebug)[ \t]*\(/ { kw = $1; sub(/[ \t]*\(.*/, "", kw); block = 1; next }
    block && /^[ \t]*\)/                 { block = 0; next }
    block && NF                          { sub(/^[ \t]+/, ""); print kw " " $0; next }
    /^(replace|exclude|godebug)[ \t]/    { print }
  ' "$1"
}

# go_wrapper_module DIR PATH MODULE VERSION [LOCAL_VERSION]
# `go install MODULE/cmd@VERSION` refuses a module whose go.mod has replace or exclude
# directives, and a dependency's directives are ignored; a main module that requires
# MODULE@VERSION and repeats them (and upstream's go and godebug lines, which set the language
# version and GODEBUG defaults) gets the same build list as upstream's own build. Writes that
# module, named PATH, into DIR (go.mod and an empty package; go.sum is filled by the build).
# The directives are read from the pinned go.mod, never hand-copied. A replace onto a directory
# of upstream's own tree (k8s.io/kubernetes's staging modules) cannot be repeated: with
# LOCAL_VERSION it becomes a replace onto the published module at LOCAL_VERSION, without it the
# build stops. Sets GO_MOD_DIR to upstream's source, as go_download does.
go_wrapper_module() { # dir module-path module version [local-version]
  local dir="$1" path="$2" module="$3" version="$4" local_version="${5:-}" directives
  go_download "$module" "$version" ||
    die "cannot download $module@$version: $GO_MOD_ERROR (is the Go module proxy reachable? go env GOPROXY)"
  directives="$(go_mod_directives "$GO_MOD_FILE")"
  if grep -Eq '^replace .*=>[[:space:]]*(\.|/)' <<<"$directives"; then
    [[ -n "$local_version" ]] ||
      die "$module@$version replaces a module with a local directory: the wrapper cannot repeat that"
    # replace A [vA] => ./dir  becomes  replace A [vA] => A LOCAL_VERSION
    directives="$(awk -v v="$local_version" '$1 == "replace" && $0 ~ /=>[ \t]*[.\/]/ {
        left = $0; sub(/[ \t]*=>.*/, "", left); print left " => " $2 " " v; next } { print }' <<<"$directives")"
  fi
  mkdir -p "$dir"
  rm -f "$dir/go.mod" "$dir/go.sum"
  {
    echo "module $path"
    echo
    grep -m1 '^go ' "$GO_MOD_FILE"
    grep '^godebug ' <<<"$directives" || true
    echo
    echo "require $module $version"
    echo
    grep -E '^(replace|exclude) ' <<<"$directives" || true
  } >"$dir/go.mod"
  # A package of its own, so that every `go` command has something to work on.
  printf '// Package wrapper builds %s@%s (written by it-tests/lib.sh).\npackage wrapper\n' "$module" "$version" >"$dir/doc.go"
}

# go_wrapper_build DIR OUT PACKAGE [go build flags...]: builds a main package of the wrapper
# module's build list into the file OUT. -mod=mod lets the build write go.sum; each entry is
# checked against the checksum database on the way.
go_wrapper_build() { # dir out package [flags...]
  local dir="$1" out="$2" pkg="$3"; shift 3
  if [[ -n "$(go env GONOSUMDB)" ]]; then
    # shellcheck disable=SC2046 # one argument per module path
    go_check_sumdb $(cd "$dir" && go list -mod=mod -m -f '{{.Path}}' all)
  fi
  (cd "$dir" && go build -mod=mod -buildvcs=false "$@" -o "$out" "$pkg")
}

# go_build NAME OUT MODULE VERSION PACKAGE [go build flags...]
# Builds the main package MODULE/PACKAGE (PACKAGE "." for the module's root) of MODULE@VERSION
# into the file OUT, with the same flags either way: `go install PACKAGE@VERSION` when upstream's
# go.mod has no replace or exclude directive (GO_FORCE_WRAPPER=1 skips that), else from a
# throwaway wrapper module (go_wrapper_module) in $SCRATCH. NAME is for the messages.
go_build() { # name out module version package [flags...]
  local name="$1" out="$2" module="$3" version="$4" pkg="$5"; shift 5
  local target="$module" gobin wrap bin
  [[ "$pkg" == . ]] || target="$module/$pkg"
  [[ -n "${SCRATCH:-}" ]] || die "go_build needs a scratch directory (make_scratch SCRATCH DIR)"
  go_download "$module" "$version" ||
    die "cannot download $module@$version: $GO_MOD_ERROR (is the Go module proxy reachable? go env GOPROXY)"
  [[ -d "$GO_MOD_DIR/$pkg" ]] || die "$pkg not found in $module@$version: update the main package's pin"
  if ! go_mod_directives "$GO_MOD_FILE" | grep -Eq '^(replace|exclude) ' && [[ "${GO_FORCE_WRAPPER:-}" != 1 ]]; then
    log "building $name with go install (a few minutes when the Go build cache is cold)"
    gobin="$(mktemp -d "$SCRATCH/gobin.XXXXXX")"
    GOBIN="$gobin" go install "$@" "$target@$version" || die "go install of $target@$version failed"
    # The binary is named after the package's last path element that is not a major version.
    bin="${target##*/}"
    [[ "$bin" =~ ^v[0-9]+$ ]] && { bin="${target%/*}"; bin="${bin##*/}"; }
    mv -f "$gobin/$bin" "$out"
    return 0
  fi
  if [[ "${GO_FORCE_WRAPPER:-}" == 1 ]]; then
    log "GO_FORCE_WRAPPER=1: building $module@$version from a wrapper module"
  else
    log "$module@$version has replace/exclude directives: building from a wrapper module that repeats them"
  fi
  wrap="$(mktemp -d "$SCRATCH/$name-wrapper.XXXXXX")"
  go_wrapper_module "$wrap" "migrationchart.local/$name-wrapper" "$module" "$version"
  log "building $name (a few minutes when the Go build cache is cold)"
  go_wrapper_build "$wrap" "$out" "$target" "$@" || die "go build of $name ($target@$version) failed"
}

# The module version a Go binary was built from, from the build info embedded in it ("mod" for
# the module of its main package); nothing if the binary is absent or not built from MODULE.
go_built_version() { # binary module
  [[ -x "$1" ]] || return 0
  go version -m "$1" 2>/dev/null \
    | awk -v m="$2" '($1 == "mod" || $1 == "dep") && $2 == m {print $3; exit}' || true
}
