#!/usr/bin/env bash
# Installs Argo CD's multi-call binary (application controller, repo server, CLI, ...) and the
# CRDs it needs into the same cache OUTSIDE the repository as install-helm.sh, for tests that run
# the application controller and the repo server as local processes against a test cluster:
#
#   it-tests/tools/install-argocd.sh       # install or check; prints the version and paths
#   . it-tests/tools/env.sh                # then: argocd-application-controller, argocd-repo-server, argocd
#
# Built from its Go module with the Go toolchain upstream builds with (ARGOCD_GO_TOOLCHAIN: the
# `go` command fetches it from the Go module proxy as the module golang.org/toolchain, checked by
# the Go checksum database like every other module). Not with `go install ...@version`, nor with
# go_build's wrapper module (it-tests/lib.sh): upstream's go.mod replaces its nested module
# gitops-engine with the directory ./gitops-engine, which the module zip does not contain. So the
# module's source is copied into a scratch directory, that one replace is dropped (the nested
# module's own release of the same version, published on the Go module proxy, is used instead),
# the other replace directives stay, and ./cmd is built there against upstream's go.sum
# (-mod=readonly: a module it does not list stops the build). go.sum only lacks the two lines of
# the nested module; `go mod download` adds them, checked against the Go checksum database.
#
# A cold build takes long (21 min on 2 cores with an empty Go build cache; its largest process,
# the linker, peaks at about 2.4 GB); a warm run only runs `argocd version --client` and
# `--help` of both components and checks the links and CRD hashes (under a second).
#
# Layout under $MIGRATION_CHART_CACHE (default ~/.cache/migration-chart):
#   tools/bin/argocd-<version>                    the multi-call binary; argv[0] selects the component
#   tools/bin/{argocd,argocd-application-controller,argocd-repo-server} -> argocd-<version>
#   tools/argocd-<version>/crds/{application,appproject,applicationset}-crd.yaml
#
# The repo server runs `helm` (and `git`) from PATH for Helm charts; it is not installed here.
# Redis, which every component needs, comes from Debian's redis-server package (apt, when missing).
set -euo pipefail

# ---- pinned versions ------------------------------------------------------------
ARGOCD_MODULE="github.com/argoproj/argo-cd/v3"
ARGOCD_VERSION="v3.6.1"
ARGOCD_GO_TOOLCHAIN="go1.27.3"       # upstream's Dockerfile builds with golang:1.27.3 (go.mod: go 1.27.0)
ARGOCD_MAIN_PKG="./cmd"              # cmd/main.go dispatches on argv[0] (or $ARGOCD_BINARY_NAME)
# Upstream's go.mod: `replace <this> => ./gitops-engine`. Built from the module proxy's release of
# the same version instead (github.com/argoproj/argo-cd/gitops-engine/v3 is tagged at release time).
ARGOCD_NESTED_MODULE="github.com/argoproj/argo-cd/gitops-engine/v3"
ARGOCD_LINKS=(argocd argocd-application-controller argocd-repo-server)
# manifests/crds of the module, as `sha256sum` prints them.
ARGOCD_CRDS="
9fd0da3e7097ad6d1af614fabd5c960bc7ddb00d768c3ef485a2fda6e9460df8  application-crd.yaml
084150a2feccd188a1dee09cd8a3a259dfacecdfb7e10037df78900f60816482  appproject-crd.yaml
980128848a8d2152b946aec6a11cdd1174b38b04587f4fba94537c040fd84202  applicationset-crd.yaml
"

# shellcheck source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh" "install-argocd:"

# ---- paths ------------------------------------------------------------------
TOOLS="$MC_CACHE/tools"
BIN="$TOOLS/bin"
BINARY="$BIN/argocd-$ARGOCD_VERSION"
CRD_DIR="$TOOLS/argocd-$ARGOCD_VERSION/crds"

# ---- probes -----------------------------------------------------------------------
# What the binary says as the CLI: "argocd: v3.6.1+unknown" (common/version.go: no git commit
# in a module zip, hence +unknown). Prints the version without the suffix, or nothing.
self_version() { # binary
  [[ -x "$1" ]] || return 0
  ARGOCD_BINARY_NAME=argocd "$1" version --client --short 2>/dev/null \
    | sed -n 's/^argocd: \(v[^+]*\).*/\1/p' | head -n1 || true
}

links_ok() {
  local l
  for l in "${ARGOCD_LINKS[@]}"; do
    [[ "$(readlink "$BIN/$l" 2>/dev/null)" == "argocd-$ARGOCD_VERSION" ]] || return 1
  done
}

crds_ok() {
  local n want
  want="$(grep -c '\.yaml$' <<<"$ARGOCD_CRDS")"
  n="$(find "$CRD_DIR" -maxdepth 1 -type f 2>/dev/null | wc -l)"
  [[ "$n" == "$want" ]] && (cd "$CRD_DIR" && sha256sum --quiet --status -c - <<<"$ARGOCD_CRDS")
}

# ---- Go ---------------------------------------------------------------------------
# The machine's Go with GOTOOLCHAIN set to upstream's toolchain (go_env sets it to local).
argocd_go_env() {
  go_env "Argo CD is built from source with the go command (it fetches $ARGOCD_GO_TOOLCHAIN itself)"
  export GOTOOLCHAIN="$ARGOCD_GO_TOOLCHAIN"
  local got; got="$( (cd / && go env GOVERSION) 2>/dev/null || true)"
  [[ "$got" == "$ARGOCD_GO_TOOLCHAIN" ]] ||
    die "GOTOOLCHAIN=$ARGOCD_GO_TOOLCHAIN gives '${got:-nothing}': the go command could not fetch the toolchain (go env GOPROXY)"
  go_download "$ARGOCD_MODULE" "$ARGOCD_VERSION" ||
    die "cannot download $ARGOCD_MODULE@$ARGOCD_VERSION: $GO_MOD_ERROR (is the Go module proxy reachable? go env GOPROXY)"
}

# build_argocd OUT: the multi-call binary into the file OUT.
build_argocd() {
  local out="$1" src="$SCRATCH/src" directives
  directives="$(go_mod_directives "$GO_MOD_FILE")"
  grep -Eq "^replace ${ARGOCD_NESTED_MODULE}[[:space:]]+=>[[:space:]]*\./gitops-engine\$" <<<"$directives" ||
    die "$ARGOCD_MODULE@$ARGOCD_VERSION's go.mod no longer replaces $ARGOCD_NESTED_MODULE with ./gitops-engine: update this script"
  grep -Ev "^replace ${ARGOCD_NESTED_MODULE}[[:space:]]" <<<"$directives" | grep -Eq '^replace .*=>[[:space:]]*(\.|/)' &&
    die "$ARGOCD_MODULE@$ARGOCD_VERSION replaces another module with a local directory: update this script"

  log "copying the source of $ARGOCD_MODULE@$ARGOCD_VERSION into $src"
  cp -R "$GO_MOD_DIR" "$src"
  chmod -R u+w "$src"   # the module cache is read-only
  (cd "$src" && go mod edit -dropreplace="$ARGOCD_NESTED_MODULE")
  go_check_sumdb "$ARGOCD_NESTED_MODULE"
  # Adds the nested module's two go.sum lines (zip and go.mod hashes), checked against the Go
  # checksum database; the rest of go.sum is upstream's, untouched.
  (cd "$src" && go mod download "$ARGOCD_NESTED_MODULE") ||
    die "cannot download $ARGOCD_NESTED_MODULE (the version $ARGOCD_MODULE@$ARGOCD_VERSION requires)"
  if [[ -n "$(go env GONOSUMDB)" ]]; then
    # shellcheck disable=SC2046 # one argument per module path
    go_check_sumdb $(cd "$src" && go list -mod=readonly -m -f '{{.Path}}' all)
  fi
  # ui/embed.go embeds dist/app (the web UI, built by npm upstream); the zip carries its
  # placeholders. Neither the controller nor the repo server serves the UI.
  if [[ ! -d "$src/ui/dist/app/assets/images/resources" ]]; then
    warn "no ui/dist/app in the module: building with an empty placeholder UI"
    mkdir -p "$src/ui/dist/app/assets/images/resources"
    : >"$src/ui/dist/app/gitkeep"
    : >"$src/ui/dist/app/assets/images/resources/.gitkeep"
  fi

  # Upstream's Makefile LDFLAGS (-X common.version/buildDate/kubectlVersion/gitTreeState; no git
  # commit or tag in a module zip), plus -s -w.
  local pkg="$ARGOCD_MODULE/common" date kubectl
  date="$(sed -n 's/.*"Time": *"\([^"]*\)".*/\1/p' "$GO_MOD_INFO" 2>/dev/null || true)"
  kubectl="$(cd "$src" && go list -mod=readonly -m -f '{{if .Replace}}{{.Replace.Version}}{{else}}{{.Version}}{{end}}' k8s.io/client-go)"
  log "building $ARGOCD_MODULE/cmd@$ARGOCD_VERSION with $ARGOCD_GO_TOOLCHAIN (about 20 min on 2 cores when the Go build cache is cold)"
  local start=$SECONDS
  (cd "$src" && go build -mod=readonly -buildvcs=false -trimpath \
      -ldflags "-s -w -X $pkg.version=${ARGOCD_VERSION#v} -X $pkg.buildDate=${date:-unknown} -X $pkg.gitTreeState=clean -X $pkg.kubectlVersion=$kubectl" \
      -o "$out" "$ARGOCD_MAIN_PKG") ||
    die "go build of $ARGOCD_MODULE/cmd@$ARGOCD_VERSION failed (in $src)"
  log "built in $((SECONDS - start)) s"
}

ensure_binary() {
  [[ "$(self_version "$BINARY")" == "$ARGOCD_VERSION" ]] && return 0
  mkdir -p "$BIN"
  local tmp="$SCRATCH/argocd" got
  build_argocd "$tmp"
  got="$(self_version "$tmp")"
  [[ "$got" == "$ARGOCD_VERSION" ]] || die "the fresh build says it is '${got:-nothing}', expected $ARGOCD_VERSION"
  ARGOCD_BINARY_NAME=argocd-application-controller "$tmp" --help >/dev/null ||
    die "'argocd-application-controller --help' of the fresh build failed"
  # Rename on the same file system: atomic.
  mv -f "$tmp" "$BINARY.new.$$"
  mv -f "$BINARY.new.$$" "$BINARY"
}

ensure_links() {
  local l
  for l in "${ARGOCD_LINKS[@]}"; do
    ln -sfn "argocd-$ARGOCD_VERSION" "$BIN/.$l.new.$$"
    mv -Tf "$BIN/.$l.new.$$" "$BIN/$l"
  done
}

ensure_crds() {
  crds_ok && return 0
  local new="$CRD_DIR.new.$$" f name
  rm -rf "$new"; mkdir -p "$new"
  while read -r _ name; do
    [[ -n "$name" ]] || continue
    f="$GO_MOD_DIR/manifests/crds/$name"
    [[ -f "$f" ]] || die "$name not in $ARGOCD_MODULE@$ARGOCD_VERSION's manifests/crds: update the pins"
    cp "$f" "$new/$name"
    chmod 0644 "$new/$name"
  done <<<"$ARGOCD_CRDS"
  sha256_check_dir "$new" "$ARGOCD_CRDS"
  rm -rf "$CRD_DIR"
  mv "$new" "$CRD_DIR"
}

main() {
  if [[ "$(self_version "$BINARY")" != "$ARGOCD_VERSION" ]] || ! crds_ok; then
    argocd_go_env
    make_scratch SCRATCH "$TOOLS"
    ensure_binary
    ensure_crds
  fi
  links_ok || ensure_links
  # The components must start from their links (argv[0]).
  local c
  for c in argocd-application-controller argocd-repo-server; do
    "$BIN/$c" --help >/dev/null 2>&1 || die "'$BIN/$c --help' failed"
  done
  # Every Argo CD component keeps its cache in Redis; LocalArgoCd runs its own on a free port.
  command -v redis-server >/dev/null || apt_install redis-server
  printf '%-8s %-8s %s\n' argocd "$(self_version "$BINARY")" "$BINARY (links: ${ARGOCD_LINKS[*]})"
  printf '%-8s %-8s %s\n' crds "$ARGOCD_VERSION" "$CRD_DIR"
}

main "$@"
