#!/usr/bin/env bash
# A private Docker daemon for the Testcontainers tests: Debian's docker.io (dockerd), with its own
# socket, data root and exec root, host networking only (--bridge=none, --iptables=false: it
# touches no iptables chain and makes no docker0), and the test images of it-tests/images loaded
# into it (nothing can be pulled here).
#
#   it-tests/tools/docker.sh up      # start (idempotent); prints `export DOCKER_HOST=unix://...`
#   it-tests/tools/docker.sh env     # print the same line
#   it-tests/tools/docker.sh down    # stop it and remove its containers (the image store stays)
#
# State: ${MIGRATION_CHART_DOCKER_STATE:-${TMPDIR:-/tmp}/migration-chart-docker} (socket, pid,
# log, exec root); images: ${MIGRATION_CHART_CACHE:-~/.cache/migration-chart}/docker-root.
set -euo pipefail

# shellcheck source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh" "[docker]"

CACHE="$MC_CACHE"
STATE="${MIGRATION_CHART_DOCKER_STATE:-${TMPDIR:-/tmp}/migration-chart-docker}"
DATA_ROOT="$CACHE/docker-root"
SOCKET="$STATE/docker.sock"
export DOCKER_HOST="unix://$SOCKET"

pid() { cat "$STATE/dockerd.pid" 2>/dev/null || true; }
running() { local p; p="$(pid)"; [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null && docker_cli info >/dev/null 2>&1; }

# Any docker CLI speaks to the daemon; the API version is the daemon's (20.10: 1.41).
docker_cli() { DOCKER_API_VERSION=1.41 docker "$@"; }

install_packages() {
  command -v dockerd >/dev/null && command -v docker >/dev/null && return 0
  [[ "$(id -u)" == 0 ]] || die "dockerd is missing and installing Debian's docker.io needs root"
  log "installing Debian's docker.io"
  apt_install docker.io
}

# The images of it-tests/images, loaded (one archive, one load) unless the daemon has them all
# from the same list.
load_images() {
  local list="$CACHE/images/images.list" archive
  [[ -f "$list" ]] || die "no images: run it-tests/images/build-images.sh"
  cmp -s "$list" "$DATA_ROOT/.loaded-images.list" && return 0
  archive="$(awk 'NR == 1 {print $3}' "$list")"
  docker_cli load -i "$archive" >/dev/null || die "docker load $archive failed"
  cp "$list" "$DATA_ROOT/.loaded-images.list"
}

cmd_up() {
  if running; then cmd_env; return 0; fi
  install_packages
  # A daemon of a crashed run that still holds our data root would block the new one.
  local stale
  for stale in $(pgrep -f "dockerd .*--data-root $DATA_ROOT" 2>/dev/null || true); do kill -KILL "$stale" 2>/dev/null || true; done
  rm -rf "$STATE"
  mkdir -p "$STATE" "$DATA_ROOT"
  setsid nohup dockerd --host "$DOCKER_HOST" --data-root "$DATA_ROOT" --exec-root "$STATE/exec" \
    --pidfile "$STATE/dockerd.pid" --bridge=none --iptables=false --ip-masq=false --storage-driver=overlay2 \
    >"$STATE/dockerd.log" 2>&1 </dev/null 9>&- &
  local i
  for ((i = 0; i < 300; i++)); do
    docker_cli info >/dev/null 2>&1 && break
    sleep 0.1
  done
  docker_cli info >/dev/null 2>&1 || { tail -n 20 "$STATE/dockerd.log" >&2; die "dockerd did not start"; }
  load_images
  cmd_env
}

cmd_down() {
  local p; p="$(pid)"
  if [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null; then
    docker_cli ps -aq 2>/dev/null | xargs -r env DOCKER_API_VERSION=1.41 docker rm -f >/dev/null 2>&1 || true
    kill -TERM "$p" 2>/dev/null || true
    local i
    for ((i = 0; i < 100; i++)); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
  fi
  awk -v d="$STATE" 'index($2, d) == 1 {print $2}' /proc/self/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  [[ -d "$STATE" ]] && rm -rf "$STATE"
  return 0
}

cmd_env() { echo "export DOCKER_HOST=$DOCKER_HOST"; }

exec 9>"$STATE.lock"
flock -w 300 9 || die "timed out waiting for $STATE.lock"
case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  env) cmd_env ;;
  *) echo "usage: $0 up|down|env" >&2; exit 2 ;;
esac
