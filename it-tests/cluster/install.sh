#!/usr/bin/env bash
# Builds and caches the binaries of a local Kubernetes control plane used by the
# end-to-end tests: kube-apiserver, kube-controller-manager, kube-scheduler, etcd,
# kwok (fake nodes/pods, since this machine has no container runtime) and kubectl.
#
# Everything is built from Go modules with the ordinary `go` client, which checks
# each module against the Go checksum database (see "Go modules" in ../lib.sh),
# and cached outside the repository, keyed by Kubernetes version:
#   ${MIGRATION_CHART_CACHE:-$HOME/.cache/migration-chart}/cluster/<k8s version>/bin
# A cold run takes about 8 minutes on 2 cores (see README.md); a warm run only
# checks stamp files and prints versions, so it takes well under a second.
#
# Usage: it-tests/cluster/install.sh            (idempotent)
#        K8S_VERSION=v1.34.4 KWOK_VERSION=v0.8.0 it-tests/cluster/install.sh
set -euo pipefail

# ---- pinned versions -------------------------------------------------------
# k8s 1.34: within kubectl's +-1 minor skew of the kubectl 1.33 shipped with the
# Helm npm layer, and builds with the Go 1.26 toolchain installed here.
K8S_VERSION="${K8S_VERSION:-v1.34.4}"
# kwok 0.8: its default stages complete Job pods and run Deployment pods.
KWOK_VERSION="${KWOK_VERSION:-v0.8.0}"
# etcd: the server module version that k8s.io/kubernetes itself requires (3.6.x),
# so the apiserver's etcd client and the server match. Debian's etcd-server is
# 3.4.23, older than what the 1.34 apiserver's watch-progress/consistent-read
# features are tested with, so it is not used.

# shellcheck source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh" "[install]"

CACHE_ROOT="$MC_CACHE"
CLUSTER_DIR="$CACHE_ROOT/cluster/$K8S_VERSION"
BIN_DIR="$CLUSTER_DIR/bin"
SRC_DIR="$CLUSTER_DIR/src"          # wrapper Go module (see make_wrapper_module)
TOOLS_KUBECTL="$CACHE_ROOT/tools/bin/kubectl"


# stamp files record what a cached binary was built from, so a version bump
# rebuilds it and an unchanged version is skipped.
is_fresh() { # name expected-stamp
  [[ -x "$BIN_DIR/$1" && -f "$BIN_DIR/.$1.stamp" && "$(cat "$BIN_DIR/.$1.stamp")" == "$2" ]]
}
mark_fresh() { printf '%s' "$2" >"$BIN_DIR/.$1.stamp"; }

# k8s.io/kubernetes's go.mod requires its staging modules (k8s.io/api, ...) at
# v0.0.0 with `replace ... => ./staging/...`; replaces of a dependency are
# ignored, so a wrapper module (go_wrapper_module in ../lib.sh) repeats
# upstream's directives, those onto a staging directory pointing at the
# published v0.<minor>.<patch> tags. Made once per Kubernetes version and kept:
# every binary below is built from it.
make_wrapper_module() {
  if [[ -f "$SRC_DIR/.complete" && "$(cat "$SRC_DIR/.complete")" == "$K8S_VERSION" ]]; then
    return 0
  fi
  log "creating wrapper module in $SRC_DIR (staging modules at v0.${K8S_VERSION#v1.})"
  go_wrapper_module "$SRC_DIR" migration-chart.local/k8s-build k8s.io/kubernetes "$K8S_VERSION" "v0.${K8S_VERSION#v1.}"
  grep -q "^replace k8s.io/api => k8s.io/api v0.${K8S_VERSION#v1.}$" "$SRC_DIR/go.mod" ||
    die "no staging replaces found in k8s.io/kubernetes@$K8S_VERSION's go.mod"
  printf '%s' "$K8S_VERSION" >"$SRC_DIR/.complete"
}

# Values that hack/lib/version.sh would stamp into an official build. Without
# them the server reports v0.0.0-master and Helm's kubeVersion checks fail.
version_ldflags() {
  local minor build_date pkg flags="-s -w"
  minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
  # buildDate = the tag's time from the module proxy info, for reproducibility.
  build_date="$(cd / && go list -m -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"Time": "\(.*\)".*/\1/p')"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    flags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=${build_date:-1970-01-01T00:00:00Z}"
  done
  printf '%s' "$flags"
}

# etcd's server version is whatever k8s.io/kubernetes requires (MVS in wrapper).
etcd_version() {
  (cd "$SRC_DIR" && go list -mod=mod -m -f '{{.Version}}' go.etcd.io/etcd/server/v3)
}

# Builds one or more main packages of the wrapper module's dependency graph.
# One `go build` per binary, sharing the build cache, so each gets its own name.
build_from_wrapper() { # name package [extra ldflags]
  local name="$1" pkg="$2" extra="${3:-}" ldflags
  ldflags="$(version_ldflags) $extra"
  log "building $name from $pkg (cold: slow on 2 cores)"
  go_wrapper_build "$SRC_DIR" "$BIN_DIR/$name.tmp" "$pkg" -trimpath -ldflags "$ldflags"
  mv -f "$BIN_DIR/$name.tmp" "$BIN_DIR/$name"
}

build_kubernetes() {
  local name
  for name in kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy; do
    is_fresh "$name" "$K8S_VERSION" && continue
    build_from_wrapper "$name" "k8s.io/kubernetes/cmd/$name"
    mark_fresh "$name" "$K8S_VERSION"
  done
}

build_etcd() {
  local v
  v="$(etcd_version)"
  is_fresh etcd "$v" && return 0
  build_from_wrapper etcd go.etcd.io/etcd/server/v3 "-X go.etcd.io/etcd/api/v3/version.GitSHA=module-$v"
  mark_fresh etcd "$v"
}

# kubectl: prefer the one another install step puts in tools/bin (from the Helm
# npm layer); otherwise build cmd/kubectl from the same wrapper module.
build_kubectl() {
  [[ -x "$TOOLS_KUBECTL" ]] && return 0
  is_fresh kubectl "$K8S_VERSION" && return 0
  build_from_wrapper kubectl k8s.io/kubernetes/cmd/kubectl
  mark_fresh kubectl "$K8S_VERSION"
}

# kwok v0.8 has no replace directives, so go_build (../lib.sh) runs a plain
# `go install pkg@version` (and would use a wrapper module if it had some).
install_kwok() {
  is_fresh kwok "$KWOK_VERSION" && return 0
  log "installing kwok $KWOK_VERSION"
  go_build kwok "$BIN_DIR/kwok.tmp" sigs.k8s.io/kwok "$KWOK_VERSION" cmd/kwok -trimpath -ldflags "-s -w"
  mv -f "$BIN_DIR/kwok.tmp" "$BIN_DIR/kwok"
  mark_fresh kwok "$KWOK_VERSION"
}

# kwok (standalone, v0.8) has no built-in stages: they must come from --config.
# Take them, and the CRDs of kwok's Logs/ClusterLogs API, from the source of the
# pinned kwok module so they always match the binary:
#   stages.yaml = pod/fast (ready, complete for Job pods, delete)
#               + node/fast init + node heartbeat-with-lease
#               + pod/chaos pod-container-running-failed (failure triggered by
#                 the pod LABEL pod-container-running-failed.stage.kwok.x-k8s.io=true)
#               + the same stage triggered by an ANNOTATION of that name, for
#                 charts whose hook pod takes extra annotations but no extra
#                 labels (migration-chart's migration.podAnnotations).
# In both chaos stages the reason/message taken from annotations are quoted:
# upstream inserts them bare into YAML, so a message like "flyway: failed"
# breaks the stage and leaves the pod Running forever.
# ASSETS_RECIPE: bump when this list or the derivation changes, so that cached
# assets are regenerated.
KWOK_ASSETS="$CLUSTER_DIR/kwok-$KWOK_VERSION"
ASSETS_RECIPE="3"
FAIL_KEY="pod-container-running-failed.stage.kwok.x-k8s.io"
assets_fresh() { [[ -f "$KWOK_ASSETS/.complete" && "$(cat "$KWOK_ASSETS/.complete")" == "$ASSETS_RECIPE" ]]; }

# Prints kwok's chaos stage, selecting pods by label or by annotation.
# shellcheck disable=SC2016 # the $names are kwok template variables, not shell ones
chaos_stage() { # chaos-stage-file label|annotation
  local key_re="${FAIL_KEY//./\\.}" out
  local -a edits=(
    -e 's/^\( *reason: {{ $failureReason\) }}$/\1 | Quote }}/'
    -e 's/^\( *message: {{ $failureMessage\) }}$/\1 | Quote }}/'
  )
  if [[ $2 == annotation ]]; then
    edits+=(
      -e 's/^  name: pod-container-running-failed$/  name: pod-container-running-failed-by-annotation/'
      -e "s/'\.metadata\.labels\[\"$key_re\"\]'/'.metadata.annotations[\"$FAIL_KEY\"]'/"
    )
  fi
  out="$(sed "${edits[@]}" "$1")"
  if ! grep -q 'reason: {{ $failureReason | Quote }}$' <<<"$out" ||
     ! grep -q 'message: {{ $failureMessage | Quote }}$' <<<"$out" ||
     { [[ $2 == annotation ]] && ! grep -qF "'.metadata.annotations[\"$FAIL_KEY\"]'" <<<"$out"; }; then
    die "kwok $KWOK_VERSION's $1 changed shape: cannot derive the $2-triggered failure stage"
  fi
  printf '%s\n' "$out"
}

install_kwok_assets() {
  assets_fresh && return 0
  local dir st f
  go_download sigs.k8s.io/kwok "$KWOK_VERSION" ||
    die "could not download sigs.k8s.io/kwok@$KWOK_VERSION sources: $GO_MOD_ERROR"
  dir="$GO_MOD_DIR"
  st="$dir/kustomize/stage"
  mkdir -p "$KWOK_ASSETS/crds"
  {
    echo "# Generated by it-tests/cluster/install.sh from sigs.k8s.io/kwok@$KWOK_VERSION/kustomize/stage"
    for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
             pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
      [[ -f "$st/$f" ]] || die "kwok $KWOK_VERSION has no stage $f"
      echo "---"
      echo "# from $f"
      cat "$st/$f"
    done
    f=pod/chaos/pod-container-running-failed.yaml
    [[ -f "$st/$f" ]] || die "kwok $KWOK_VERSION has no stage $f"
    echo "---"
    echo "# from $f (reason/message quoted)"
    chaos_stage "$st/$f" label
    echo "---"
    echo "# from $f (reason/message quoted), selecting the annotation $FAIL_KEY instead of the label"
    chaos_stage "$st/$f" annotation
  } >"$KWOK_ASSETS/stages.yaml.tmp"
  mv -f "$KWOK_ASSETS/stages.yaml.tmp" "$KWOK_ASSETS/stages.yaml"
  cp "$dir/kustomize/crd/bases/kwok.x-k8s.io_logs.yaml" \
     "$dir/kustomize/crd/bases/kwok.x-k8s.io_clusterlogs.yaml" "$KWOK_ASSETS/crds/"
  chmod -R u+w "$KWOK_ASSETS"
  printf '%s' "$ASSETS_RECIPE" >"$KWOK_ASSETS/.complete"
}

check_openssl() {
  command -v openssl >/dev/null && return 0
  log "installing openssl (Debian)"
  apt_install openssl
}

all_fresh() {
  local n
  for n in kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy; do
    is_fresh "$n" "$K8S_VERSION" || return 1
  done
  [[ -x "$BIN_DIR/etcd" && -x "$BIN_DIR/kwok" ]] || return 1
  is_fresh kwok "$KWOK_VERSION" || return 1
  assets_fresh || return 1
  [[ -x "$TOOLS_KUBECTL" ]] || is_fresh kubectl "$K8S_VERSION" || return 1
}

kubectl_bin() { if [[ -x "$TOOLS_KUBECTL" ]]; then echo "$TOOLS_KUBECTL"; else echo "$BIN_DIR/kubectl"; fi; }

print_versions() {
  echo "cache:                   $BIN_DIR"
  echo "kube-apiserver:          $("$BIN_DIR/kube-apiserver" --version)"
  echo "kube-controller-manager: $("$BIN_DIR/kube-controller-manager" --version)"
  echo "kube-scheduler:          $("$BIN_DIR/kube-scheduler" --version)"
  echo "etcd:                    $("$BIN_DIR/etcd" --version | head -1)"
  echo "kwok:                    $("$BIN_DIR/kwok" --version 2>&1 | head -1)"
  echo "kubectl ($(kubectl_bin)): $("$(kubectl_bin)" version --client 2>/dev/null | head -1)"
  echo "kwok stages/CRDs:        $KWOK_ASSETS"
  echo "openssl:                 $(openssl version)"
}

main() {
  mkdir -p "$BIN_DIR"
  # Concurrent runs (e.g. two `cluster.sh up`) wait for each other instead of
  # building the same binaries twice.
  exec 8>"$CLUSTER_DIR/.install.lock"
  flock -w 3600 8 || die "timed out waiting for $CLUSTER_DIR/.install.lock"
  check_openssl
  if ! all_fresh; then
    go_env "Go >= 1.26 is required (the minimum of kwok $KWOK_VERSION)"
    make_scratch SCRATCH "$CLUSTER_DIR"
    local start=$SECONDS
    make_wrapper_module
    build_kubernetes
    build_etcd
    build_kubectl
    install_kwok
    install_kwok_assets
    log "build finished in $((SECONDS - start)) s"
    echo "$(date -u +%FT%TZ) build of missing binaries took $((SECONDS - start)) s on $(nproc) cores" \
      >>"$CLUSTER_DIR/build-times.log"
  fi
  print_versions
}

main "$@"
