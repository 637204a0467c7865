#!/usr/bin/env bash
# Installs the CNCF Distribution registry (the OCI registry behind `docker run registry:3`) into
# the same cache OUTSIDE the repository as install-helm.sh, for tests that push charts to an OCI
# registry on loopback (helm push/pull oci://127.0.0.1:PORT/... --plain-http):
#
#   it-tests/tools/install-registry.sh     # install or check; prints the version
#   . it-tests/tools/env.sh                # then: registry on PATH
#   registry serve CONFIG.yml              # see "Running it" below
#
# Built from its Go module (cmd/registry), checked by the Go checksum database (see go_build in
# it-tests/lib.sh), with the version stamp of upstream's Makefile so that `registry --version`
# prints the pinned version. A warm run only reads the Go build info of the cached binary and
# runs `registry --version`.
#
# Layout under $MIGRATION_CHART_CACHE (default ~/.cache/migration-chart):
#   tools/bin/registry
# and htpasswd from Debian's apache2-utils (installed with apt when missing).
#
# Running it: a config file with filesystem storage in a temporary directory and a loopback
# address is enough (no TLS: helm needs --plain-http). htpasswd auth needs a bcrypt htpasswd file
# (`htpasswd -Bbn USER PASS` from Debian's apache2-utils); the registry creates the file itself,
# with a random password it logs, when `path` does not exist.
#
#   version: 0.1
#   log: {level: warn}
#   storage: {filesystem: {rootdirectory: /tmp/xyz/data}, delete: {enabled: true}}
#   http: {addr: 127.0.0.1:5000}
#   # auth: {htpasswd: {realm: test, path: /tmp/xyz/htpasswd}}
set -euo pipefail

# ---- pinned version ------------------------------------------------------------
REGISTRY_MODULE="github.com/distribution/distribution/v3"
REGISTRY_VERSION="v3.1.2"            # needs Go >= 1.26 (its go.mod: go 1.26.0)
REGISTRY_MAIN_PKG="cmd/registry"

# shellcheck source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh" "install-registry:"

# ---- paths ------------------------------------------------------------------
TOOLS="$MC_CACHE/tools"
BIN="$TOOLS/bin"
TARGET="$BIN/registry"

# ---- version probes -------------------------------------------------------------
# The module version in the Go build info ("mod": built by go install); and what the binary says
# itself: "registry github.com/distribution/distribution/v3 v3.1.2".
built_version() { go_built_version "$1" "$REGISTRY_MODULE"; }
self_version() { # binary
  [[ -x "$1" ]] || return 0
  "$1" --version 2>/dev/null | awk '{print $NF; exit}' || true
}

ensure_registry() {
  go_env "the registry is built from source and needs Go >= 1.26"
  if [[ "$(built_version "$TARGET")" == "$REGISTRY_VERSION" && "$(self_version "$TARGET")" == "$REGISTRY_VERSION" ]]; then
    return 0
  fi
  mkdir -p "$BIN"
  make_scratch SCRATCH "$TOOLS"
  local tmp="$SCRATCH/registry.new" pkg="$REGISTRY_MODULE/version"
  # Upstream's Makefile: -s -w -X version.version/revision/mainpkg (the revision is a git hash
  # there; a module zip has none, so it stays empty).
  go_build registry "$tmp" "$REGISTRY_MODULE" "$REGISTRY_VERSION" "$REGISTRY_MAIN_PKG" -trimpath \
    -ldflags "-s -w -X $pkg.version=$REGISTRY_VERSION -X $pkg.mainpkg=$REGISTRY_MODULE"
  local got
  got="$(built_version "$tmp")"
  [[ "$got" == "$REGISTRY_VERSION" ]] || die "built registry reports module version '${got:-nothing}', expected $REGISTRY_VERSION"
  got="$(self_version "$tmp")"
  [[ "$got" == "$REGISTRY_VERSION" ]] || die "'registry --version' of the fresh build prints '${got:-nothing}', expected $REGISTRY_VERSION"
  # Rename on the same file system: atomic.
  mv -f "$tmp" "$BIN/.registry.new.$$"
  mv -f "$BIN/.registry.new.$$" "$TARGET"
}

main() {
  ensure_registry
  # bcrypt htpasswd files for the registry's basic auth (RegistryIT)
  command -v htpasswd >/dev/null || apt_install apache2-utils
  printf '%-10s %-8s %s\n' registry "$(self_version "$TARGET")" "$TARGET"
}

main "$@"
