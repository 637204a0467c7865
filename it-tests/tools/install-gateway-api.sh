#!/usr/bin/env bash
# Installs the Gateway API's HTTPRoute CRD (standard channel) into the cache OUTSIDE the
# repository, for the tests that apply a generated chart's HTTPRoute to the local API server:
#
#   it-tests/tools/install-gateway-api.sh      # install or check; prints the file
#
#   $CACHE/tools/gateway-api-<version>/httproutes.yaml
#
# CACHE is ${MIGRATION_CHART_CACHE:-$HOME/.cache/migration-chart}. The CRD comes from the Go
# module sigs.k8s.io/gateway-api (config/crd/standard), which the `go` client checks against the
# Go checksum database (see go_download in it-tests/lib.sh); the file's SHA-256 is pinned too.
# A warm run only compares that hash.
set -euo pipefail

GATEWAY_API_MODULE="sigs.k8s.io/gateway-api"
GATEWAY_API_VERSION="v1.6.3"
HTTPROUTE_CRD="config/crd/standard/gateway.networking.k8s.io_httproutes.yaml"
HTTPROUTE_CRD_SHA256="a89d17ff5ed060fa0eac015524f9252bb291f616412c13ac8cb952ed9c25c5ad"

# shellcheck source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh" "install-gateway-api:"

OUT="$MC_CACHE/tools/gateway-api-$GATEWAY_API_VERSION"
TARGET="$OUT/httproutes.yaml"

main() {
  if [[ -f "$TARGET" && "$(sha256_of "$TARGET")" == "$HTTPROUTE_CRD_SHA256" ]]; then
    echo "$TARGET"
    return 0
  fi
  go_env "the Gateway API CRDs come from their Go module"
  go_download "$GATEWAY_API_MODULE" "$GATEWAY_API_VERSION" ||
    die "cannot download $GATEWAY_API_MODULE@$GATEWAY_API_VERSION: $GO_MOD_ERROR (is the Go module proxy reachable? go env GOPROXY)"
  mkdir -p "$OUT"
  cp "$GO_MOD_DIR/$HTTPROUTE_CRD" "$TARGET.tmp"
  chmod 0644 "$TARGET.tmp"
  sha256_check "$TARGET.tmp" "$HTTPROUTE_CRD_SHA256" || die "$HTTPROUTE_CRD of $GATEWAY_API_VERSION is not the pinned file"
  mv "$TARGET.tmp" "$TARGET"
  log "HTTPRoute CRD of Gateway API $GATEWAY_API_VERSION in $TARGET"
  echo "$TARGET"
}

main "$@"
