#!/usr/bin/env bash
# A throwaway PostgreSQL server for the migration contract tests (no Docker needed).
#
#   it-tests/db/postgres.sh up              # start (idempotent: a healthy server is kept)
#   it-tests/db/postgres.sh env [--export]  # KEY=value lines: PGHOST PGPORT PGUSER PGPASSWORD
#                                           #   PGDATABASE MIGRATION_CHART_PG_JDBC_URL MIGRATION_CHART_PG_BIN
#   it-tests/db/postgres.sh status          # exit 0 and a line when healthy, exit 1 otherwise
#   it-tests/db/postgres.sh down            # stop the server and delete its state directory
#
#   eval "$(it-tests/db/postgres.sh env --export)"   # then psql, flyway, liquibase find it
#
# The server is Debian's PostgreSQL (/usr/lib/postgresql/<ver>/bin, the newest one),
# installed with apt-get when absent (needs root). It listens on 127.0.0.1 only, on a free
# port picked at `up`, with password (scram-sha-256) authentication over TCP for the
# superuser postgres/postgres and a database "app"; fsync is off (it is a throwaway).
#
# Everything lives in one state directory, deleted by `down`:
#   ${MIGRATION_CHART_PG_STATE:-${TMPDIR:-/tmp}/migration-chart-pg}/{data,run,postgres.log,env}
# initdb refuses to run as root, so as root the server runs as the unprivileged system user
# "pgtest" (created when missing); the state directory must then be reachable by that user
# (the default under /tmp is).
#
# Optional environment: MIGRATION_CHART_PG_STATE (state dir), MIGRATION_CHART_PG_PORT (a fixed
# port instead of a free one), MIGRATION_CHART_PG_BIN (directory holding initdb/pg_ctl/psql),
# MIGRATION_CHART_PG_LISTEN (one more address to listen on, e.g. the test cluster's pod bridge
# gateway, so that pods reach the server) with MIGRATION_CHART_PG_CLIENTS (the CIDR allowed to
# log in from there with a password, e.g. the pod subnet).
set -euo pipefail

# shellcheck source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh" "postgres.sh:"

STATE="${MIGRATION_CHART_PG_STATE:-${TMPDIR:-/tmp}/migration-chart-pg}"
STATE="${STATE%/}"
DATA="$STATE/data"
SOCK_DIR="$STATE/run"
LOG_FILE="$STATE/postgres.log"
ENV_FILE="$STATE/env"
MARKER="$STATE/.migration-chart-pg"
LOCK_FILE="$STATE.lock"

OS_USER="pgtest"            # runs the server when this script runs as root
DB_SUPERUSER="postgres"
DB_PASSWORD="postgres"
DB_NAME="app"
HOST="127.0.0.1"
EXTRA_LISTEN="${MIGRATION_CHART_PG_LISTEN:-}"
EXTRA_CLIENTS="${MIGRATION_CHART_PG_CLIENTS:-}"

is_root() { [[ "$(id -u)" == 0 ]]; }

# ---- PostgreSQL binaries ------------------------------------------------------------
find_pg_bin() {
  local d
  if [[ -n "${MIGRATION_CHART_PG_BIN:-}" ]]; then
    [[ -x "$MIGRATION_CHART_PG_BIN/initdb" ]] || die "MIGRATION_CHART_PG_BIN=$MIGRATION_CHART_PG_BIN has no initdb"
    echo "$MIGRATION_CHART_PG_BIN"; return 0
  fi
  # Debian layout; the newest major version wins.
  d="$(printf '%s\n' /usr/lib/postgresql/*/bin | grep -v '\*' | sort -V | tail -n1 || true)"
  if [[ -n "$d" && -x "$d/initdb" && -x "$d/pg_ctl" && -x "$d/postgres" ]]; then
    echo "$d"; return 0
  fi
  # other distributions put initdb on PATH
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"; return 0
  fi
  return 1
}

install_pg() {
  is_root || die "PostgreSQL server binaries not found; install Debian's 'postgresql' package (needs root) or set MIGRATION_CHART_PG_BIN"
  command -v apt-get >/dev/null || die "PostgreSQL server binaries not found and apt-get is unavailable; set MIGRATION_CHART_PG_BIN"
  log "installing Debian's postgresql package (one-time)"
  # postgresql-common first, so that its createcluster.conf can tell the server package
  # not to create and start the default "main" cluster on port 5432: we only need binaries.
  apt_install postgresql-common
  if [[ -f /etc/postgresql-common/createcluster.conf ]]; then
    sed -i 's/^[#[:space:]]*create_main_cluster[[:space:]]*=.*/create_main_cluster = false/' \
      /etc/postgresql-common/createcluster.conf
  fi
  apt_install postgresql
}

pg_bin() {
  local d
  if ! d="$(find_pg_bin)"; then
    install_pg
    d="$(find_pg_bin)" || die "PostgreSQL installed but initdb/pg_ctl not found"
  fi
  echo "$d"
}

# ---- running as the unprivileged user -------------------------------------------------
ensure_os_user() {
  id -u "$OS_USER" >/dev/null 2>&1 && return 0
  log "creating system user $OS_USER"
  if command -v useradd >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$OS_USER" 2>/dev/null || id -u "$OS_USER" >/dev/null 2>&1 \
      || die "could not create user $OS_USER"
  elif command -v adduser >/dev/null 2>&1; then
    adduser --system --group --no-create-home "$OS_USER" >/dev/null || die "could not create user $OS_USER"
  else
    die "no useradd/adduser to create user $OS_USER"
  fi
}

# Runs a command as the server's owner: $OS_USER when root, else the current user.
as_owner() {
  if ! is_root; then "$@"; return; fi
  if command -v runuser >/dev/null 2>&1; then
    runuser -u "$OS_USER" -- "$@"
  elif command -v setpriv >/dev/null 2>&1; then
    setpriv --reuid="$OS_USER" --regid="$OS_USER" --init-groups -- "$@"
  else
    su -s /bin/sh "$OS_USER" -c "$(printf '%q ' "$@")"
  fi
}

# ---- state ------------------------------------------------------------------------------
env_value() { sed -n "s/^$1=//p" "$ENV_FILE" 2>/dev/null | head -n1; }

# true for a live process (a zombie left by a parent that does not reap it is not live)
alive() {
  local st
  st="$(sed -n 's/^[0-9]* (.*) \([A-Za-z]\).*/\1/p' "/proc/$1/stat" 2>/dev/null || true)"
  [[ -n "$st" && "$st" != Z && "$st" != X ]]
}

server_pid() {
  if [[ -f "$DATA/postmaster.pid" ]]; then head -n1 "$DATA/postmaster.pid" 2>/dev/null || true; fi
}

healthy() {
  local port bin pid
  [[ -f "$ENV_FILE" && -f "$MARKER" ]] || return 1
  port="$(env_value PGPORT)"; bin="$(env_value MIGRATION_CHART_PG_BIN)"
  [[ -n "$port" && -x "$bin/psql" ]] || return 1
  pid="$(server_pid)"
  [[ -n "$pid" ]] && alive "$pid" || return 1
  [[ "$(PGPASSWORD="$DB_PASSWORD" PGCONNECT_TIMEOUT=3 "$bin/psql" -X -q -A -t -h "$HOST" -p "$port" \
        -U "$DB_SUPERUSER" -d "$DB_NAME" -c 'select 1' 2>/dev/null)" == 1 ]]
}

port_in_use() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# a random port below the kernel's ephemeral range (32768+), so that it cannot be taken later
# by the local end of some outgoing connection
pick_port() {
  local p
  for _ in $(seq 1 50); do
    p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 12000 ))
    port_in_use "$p" || { echo "$p"; return 0; }
  done
  die "no free TCP port found on $HOST"
}

# Stops whatever server the state directory holds, then deletes the directory.
wipe_state() {
  local bin pid
  [[ -e "$STATE" ]] || return 0
  if [[ ! -f "$MARKER" ]] && [[ -n "$(ls -A "$STATE" 2>/dev/null)" ]]; then
    die "$STATE exists and was not made by this script; refusing to delete it (set MIGRATION_CHART_PG_STATE)"
  fi
  pid="$(server_pid)"
  if [[ -n "$pid" ]] && alive "$pid"; then
    bin="$(env_value MIGRATION_CHART_PG_BIN)"
    [[ -x "$bin/pg_ctl" ]] || bin="$(find_pg_bin || true)"
    if [[ -n "$bin" ]]; then
      as_owner "$bin/pg_ctl" -D "$DATA" -m fast -w -t 20 stop >/dev/null 2>&1 || true
    fi
    if alive "$pid" && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == postgres* ]]; then
      kill -INT "$pid" 2>/dev/null || true            # postmaster: fast shutdown
      for _ in $(seq 1 50); do alive "$pid" || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$STATE"
}

write_env_file() { # port bin
  cat >"$ENV_FILE.tmp" <<EOF
PGHOST=$HOST
PGPORT=$1
PGUSER=$DB_SUPERUSER
PGPASSWORD=$DB_PASSWORD
PGDATABASE=$DB_NAME
MIGRATION_CHART_PG_JDBC_URL=jdbc:postgresql://$HOST:$1/$DB_NAME
MIGRATION_CHART_PG_BIN=$2
MIGRATION_CHART_PG_LISTEN=$EXTRA_LISTEN
EOF
  chmod 0644 "$ENV_FILE.tmp"
  mv "$ENV_FILE.tmp" "$ENV_FILE"
}

start_server() {
  local bin port attempt pwfile
  bin="$(pg_bin)"
  is_root && ensure_os_user

  mkdir -p "$STATE"
  touch "$MARKER"
  mkdir -p "$SOCK_DIR"
  if is_root; then
    chown "$OS_USER:" "$STATE" "$SOCK_DIR"
    chmod 0755 "$STATE"
    as_owner test -w "$STATE" \
      || die "user $OS_USER cannot write $STATE (is a parent directory private?); set MIGRATION_CHART_PG_STATE, e.g. under /tmp"
  fi

  pwfile="$STATE/.pwfile"
  ( umask 077; printf '%s\n' "$DB_PASSWORD" >"$pwfile" )
  is_root && chown "$OS_USER:" "$pwfile"
  # -N: no fsync of the new cluster; C locale keeps initdb fast and independent of the host.
  as_owner "$bin/initdb" -D "$DATA" -U "$DB_SUPERUSER" --pwfile="$pwfile" -E UTF8 --locale=C \
      --auth-local=trust --auth-host=scram-sha-256 -N >"$STATE/initdb.log" 2>&1 \
    || { cat "$STATE/initdb.log" >&2; die "initdb failed"; }
  rm -f "$pwfile"

  as_owner tee -a "$DATA/postgresql.conf" >/dev/null <<EOF

# ---- migration-chart throwaway test server ----
listen_addresses = '$HOST${EXTRA_LISTEN:+,$EXTRA_LISTEN}'
unix_socket_directories = '$SOCK_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 50
shared_buffers = 32MB
EOF
  if [[ -n "$EXTRA_LISTEN" ]]; then
    [[ -n "$EXTRA_CLIENTS" ]] || die "MIGRATION_CHART_PG_LISTEN needs MIGRATION_CHART_PG_CLIENTS (a CIDR)"
    echo "host all all $EXTRA_CLIENTS scram-sha-256" | as_owner tee -a "$DATA/pg_hba.conf" >/dev/null
  fi

  for attempt in 1 2 3 4 5; do
    port="${MIGRATION_CHART_PG_PORT:-$(pick_port)}"
    if as_owner "$bin/pg_ctl" -D "$DATA" -l "$LOG_FILE" -o "-p $port" -w -t 30 start >/dev/null 2>&1 9>&-; then
      break
    fi
    if [[ -n "${MIGRATION_CHART_PG_PORT:-}" || "$attempt" == 5 ]] || ! grep -q 'could not bind\|in use' "$LOG_FILE" 2>/dev/null; then
      tail -n 20 "$LOG_FILE" >&2 2>/dev/null || true
      die "PostgreSQL did not start (log: $LOG_FILE)"
    fi
    log "port $port was taken, retrying"
  done
  # the port is remembered in postgresql.conf too, so a manual pg_ctl restart keeps it
  echo "port = $port" | as_owner tee -a "$DATA/postgresql.conf" >/dev/null

  as_owner "$bin/psql" -X -q -h "$SOCK_DIR" -p "$port" -U "$DB_SUPERUSER" -d postgres \
      -c "CREATE DATABASE \"$DB_NAME\"" >/dev/null \
    || die "could not create database $DB_NAME"
  write_env_file "$port" "$bin"
  healthy || die "server started but a password login over TCP failed (log: $LOG_FILE)"
  log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') up on $HOST:$port (data: $DATA)"
}

with_lock() {
  mkdir -p "$(dirname "$LOCK_FILE")"
  # fd 9 holds the lock; it is closed for the server process (see start_server), so the
  # lock ends with this script
  exec 9>"$LOCK_FILE"
  flock -w 120 9 || die "could not lock $LOCK_FILE (another postgres.sh up/down running?)"
  "$@"
}

cmd_up() {
  if healthy; then
    log "already running on $HOST:$(env_value PGPORT) (data: $DATA)"
    return 0
  fi
  wipe_state     # leftovers of a crashed or stopped server: start from scratch
  start_server
}

cmd_down() {
  if [[ -e "$STATE" ]]; then
    wipe_state
    log "stopped and removed $STATE"
  else
    log "nothing to stop ($STATE does not exist)"
  fi
}

cmd_env() {
  local prefix=""
  [[ "${1:-}" == "--export" ]] && prefix="export "
  healthy || die "not running (state: $STATE); run: $0 up"
  sed "s/^/$prefix/" "$ENV_FILE"
}

cmd_status() {
  if healthy; then
    echo "running: $HOST:$(env_value PGPORT) pid $(server_pid) data $DATA"
  else
    echo "not running (state: $STATE)"
    return 1
  fi
}

case "${1:-}" in
  up)     with_lock cmd_up ;;
  down)   with_lock cmd_down ;;
  env)    cmd_env "${2:-}" ;;
  status) cmd_status ;;
  *)      echo "usage: $0 up|down|env [--export]|status" >&2; exit 2 ;;
esac
