#!/usr/bin/env bash
# Builds the container images that the real test node runs, offline (nothing can be pulled
# here), into one OCI layout under ${MIGRATION_CHART_CACHE:-~/.cache/migration-chart}/images,
# packs them into one archive (images.tar: an OCI layout that is also a `docker load` archive,
# the shared Debian base layer stored once), and lists them in images.list
# ("name manifest-digest archive" per line) for cluster.sh (containerd) and tools/docker.sh.
#
#   it-tests/images/build-images.sh [--spring-jar PATH]     # idempotent; warm: about a second
#
# The images, each doing the real work of what it stands for (see README.md):
#   pause             the pod sandbox (pause.c, static)
#   debian base       Debian bookworm from Debian's packages (mmdebstrap): OpenJDK 17 JRE,
#                     PHP 8.2 CLI with pdo_pgsql, Python 3.11 with psycopg2 and Django 3.2;
#                     one shared layer
#   laravel-api       PHP serving HTTP (stopped by SIGTERM), and an `artisan migrate` stand-in
#                     applying SQL via PDO
#   orders            examples/spring-flyway's real Spring Boot jar (with --spring-jar)
#   liquibase         the Liquibase 4 command line, USER liquibase (a name, uid 1001)
#   flyway            flyway-core behind the CLI entry point, running as root (as the official)
#   golang-migrate    the real migrate CLI, static, from its Go module, FROM scratch, root
#   alembic           Alembic + SQLAlchemy from PyPI, numeric USER 10001
#   django            a Django 3.2 project (Debian's python3-django), numeric USER 10001
#   kubectl           the static kubectl of the wait-for-migration init containers, FROM scratch
#   db-proxy          a stand-in for Cloud SQL Auth Proxy (a TCP forwarder, db-proxy/db-proxy.py)
#                     for native-sidecar pods, numeric USER 65532
#   jre               the base alone, for migration-chart-cli's Dockerfile (BASE_IMAGE)
# Each image is rebuilt only when its recipe (inputs, versions, this script) changes.
# What is fetched is checked before use: Debian's packages by apt against the archive's signed
# Release files, golang-migrate by the Go checksum database (../lib.sh), the Alembic wheels
# against the SHA-256 pinned below; the jars and kubectl come from the installers that check them.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
. "$HERE/../lib.sh" "[images]"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="$MC_CACHE"
OUT="$CACHE/images"
TOOLS="$CACHE/tools"
PREFIX="migration-chart.local"

DEBIAN_SUITE="bookworm"
BASE_PACKAGES="openjdk-17-jre-headless,php-cli,php-pgsql,python3,python-is-python3,python3-psycopg2,python3-django,ca-certificates"
GOLANG_MIGRATE_VERSION="v4.20.1"
ALEMBIC_VERSION="1.16.5"
SQLALCHEMY_VERSION="2.0.43"
# Every wheel pip installs for them, for the image's CPython 3.11 on x86_64, with its SHA-256:
# Alembic and SQLAlchemy, and the versions of their dependencies that pip resolved for them.
ALEMBIC_WHEELS="
alembic==1.16.5 --hash=sha256:e845dfe090c5ffa7b92593ae6687c5cb1a101e91fa53868497dbd79847f9dbe3
sqlalchemy==2.0.43 --hash=sha256:db691fa174e8f7036afefe3061bc40ac2b770718be2862bfb03aabae09051aca
greenlet==3.2.5 --hash=sha256:c8317d732e2ae0935d9ed2af2ea876fa714cf6f3b887a31ca150b54329b0a6e9
mako==1.4.3 --hash=sha256:723296007c870bfd6b3f0c3230dba7198096e5269297ebf5e4eff9e7ffa39d4f
markupsafe==3.0.4 --hash=sha256:6da83a088f8ef93b2d483a8232a4dbf4d69d3d8496b568a03c56becac43e1808
typing-extensions==4.16.0 --hash=sha256:481caa481374e813c1b176ada14e97f1f67a4539ce9cfeb3f350d78d6370c2e8
"
FLYWAY_VERSION="13.12.0"        # as it-tests/tools/install-migration-clis.sh installs them
LIQUIBASE_VERSION="4.33.0"
KUBECTL_VERSION="v1.33.9"       # the kubectl of it-tests/tools/install-helm.sh
RECIPE="2"                      # bump when the way images are put together changes
BASE_RECIPE="1"                 # bump when the way the Debian base is built changes

SPRING_JAR=""
while (($#)); do
  case "$1" in
    --spring-jar) SPRING_JAR="$2"; shift 2 ;;
    *) echo "usage: $0 [--spring-jar PATH]" >&2; exit 2 ;;
  esac
done

mkdir -p "$OUT"
exec 8>"$OUT/.build.lock"
flock -w 1800 8 || die "timed out waiting for $OUT/.build.lock"
make_scratch SCRATCH "$OUT"

# What an image is built from: the recipe version, this script, the files in the given paths.
fingerprint() { # paths...
  { echo "$RECIPE"; cat "${BASH_SOURCE[0]}" "$HERE/oci_image.py" | sha256sum;
    local p; for p in "$@"; do
      if [[ -d "$p" ]]; then (cd "$p" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum); else sha256sum <"$p"; fi
    done; } | sha256sum | cut -c1-16
}

# image NAME:TAG FINGERPRINT -- oci_image.py arguments...
# Builds into the layout unless the image there carries the same fingerprint.
LAYOUT="$OUT/layout"
ARCHIVE="$OUT/images.tar"
declare -a LISTED=()
image() {
  local ref="$1" print="$2"; shift 3
  local stamp="$LAYOUT/refs/${ref//[\/:]/_}"
  if [[ ! -f "$stamp.json" || "$(cat "$stamp.fingerprint" 2>/dev/null)" != "$print" ]]; then
    log "building $ref"
    python3 "$HERE/oci_image.py" image --layout "$LAYOUT" --name "$ref" "$@" >"$SCRATCH/out" || die "could not build $ref"
    awk '{print $2}' "$SCRATCH/out" >"$stamp.digest"
    echo "$print" >"$stamp.fingerprint"
  fi
  LISTED+=("$ref $(cat "$stamp.digest")")
}

# ---- inputs built from registries -------------------------------------------------------------

# Debian's root filesystem, once per package list. The package source is the host's own apt
# configuration (read from stdin by mmdebstrap), so no mirror is named here.
debian_base() {
  local key tar sources
  key="$(printf '%s %s %s' "$DEBIAN_SUITE" "$BASE_PACKAGES" "$BASE_RECIPE" | sha256sum | cut -c1-16)"
  tar="$OUT/base/debian-$DEBIAN_SUITE-$key.tar"
  if [[ ! -f "$tar" ]]; then
    command -v mmdebstrap >/dev/null || apt_install mmdebstrap
    sources=/etc/apt/sources.list.d/debian.sources
    [[ -f "$sources" ]] || sources=/etc/apt/sources.list
    log "building the Debian $DEBIAN_SUITE base ($BASE_PACKAGES): a few minutes, once"
    mkdir -p "$OUT/base"
    # shellcheck disable=SC2016 # "$1" in the hooks is for mmdebstrap to expand
    mmdebstrap --quiet --variant=minbase --mode=root --include="$BASE_PACKAGES" \
      --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
      --dpkgopt='path-exclude=/usr/share/locale/*' --aptopt='Acquire::Languages "none"' \
      --essential-hook='mkdir -p "$1"/usr/share/man/man1' \
      --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/*' \
      "$DEBIAN_SUITE" "$SCRATCH/base.tar" - <"$sources" >"$SCRATCH/mmdebstrap.log" 2>&1 ||
      { tail -n 30 "$SCRATCH/mmdebstrap.log" >&2; die "mmdebstrap failed"; }
    mv "$SCRATCH/base.tar" "$tar"
  fi
  # Bases of other package lists are no longer used by any image.
  find "$OUT/base" -maxdepth 1 -name "debian-*.tar*" ! -name "$(basename "$tar")*" -delete
  BASE_TAR="$tar"
}

# The real golang-migrate CLI with the PostgreSQL driver and the file source, static.
golang_migrate_binary() {
  local bin="$OUT/bin/migrate-$GOLANG_MIGRATE_VERSION"
  if [[ ! -x "$bin" ]]; then
    log "building golang-migrate $GOLANG_MIGRATE_VERSION from its Go module"
    mkdir -p "$OUT/bin"
    go_env "golang-migrate is built from its Go module"
    go_build golang-migrate "$SCRATCH/migrate" github.com/golang-migrate/migrate/v4 "$GOLANG_MIGRATE_VERSION" cmd/migrate \
      -trimpath -tags 'postgres file' -ldflags "-s -w -X main.Version=$GOLANG_MIGRATE_VERSION" >&2
    mv "$SCRATCH/migrate" "$bin"
  fi
  MIGRATE_BIN="$bin"
}

# Alembic and SQLAlchemy from PyPI for the image's Python 3.11 (psycopg2 is Debian's). The
# wheels are downloaded first, each checked against its pinned SHA-256 (pip's hash-checking
# mode), then installed from that directory only: nothing unpinned can come in.
alembic_site() {
  local site="$OUT/python/alembic-$ALEMBIC_VERSION-sqlalchemy-$SQLALCHEMY_VERSION"
  local -a target=(--python-version 3.11 --only-binary=:all: --platform manylinux2014_x86_64 --implementation cp)
  if [[ ! -f "$site/.complete" ]]; then
    log "installing Alembic $ALEMBIC_VERSION and SQLAlchemy $SQLALCHEMY_VERSION from PyPI"
    rm -rf "$site"; mkdir -p "$site"
    if ! grep -q "^alembic==$ALEMBIC_VERSION " <<<"$ALEMBIC_WHEELS" || ! grep -q "^sqlalchemy==$SQLALCHEMY_VERSION " <<<"$ALEMBIC_WHEELS"; then
      die "ALEMBIC_WHEELS does not pin alembic==$ALEMBIC_VERSION and sqlalchemy==$SQLALCHEMY_VERSION: update it"
    fi
    printf '%s\n' "$ALEMBIC_WHEELS" >"$SCRATCH/alembic-requirements.txt"
    PIP_FIND_LINKS="" python3 -m pip download --quiet --disable-pip-version-check --no-deps --require-hashes \
      -r "$SCRATCH/alembic-requirements.txt" -d "$SCRATCH/wheels" "${target[@]}" >&2 ||
      die "pip download of the pinned Alembic wheels failed (a SHA-256 mismatch is named above)"
    PIP_FIND_LINKS="" python3 -m pip install --quiet --no-compile --disable-pip-version-check --target "$site/lib" \
      --no-index --find-links "$SCRATCH/wheels" "${target[@]}" \
      "alembic==$ALEMBIC_VERSION" "sqlalchemy==$SQLALCHEMY_VERSION" >&2 || die "pip install alembic failed"
    rm -rf "$site/lib/bin"
    touch "$site/.complete"
  fi
  ALEMBIC_SITE="$site/lib"
}

# ---- layers assembled from the repository's files -------------------------------------------------

# A copy of the base's /etc/passwd and /etc/group with one more user, as `useradd` in a
# Dockerfile would leave them.
user_layer() { # dir name uid home
  local dir="$1" name="$2" uid="$3" home="$4"
  mkdir -p "$dir/etc"
  tar -xf "$BASE_TAR" -C "$dir" ./etc/passwd ./etc/group
  echo "$name:x:$uid:$uid::$home:/usr/sbin/nologin" >>"$dir/etc/passwd"
  echo "$name:x:$uid:" >>"$dir/etc/group"
}

pause_image() {
  local d="$SCRATCH/pause"
  mkdir -p "$d"
  local print; print="$(fingerprint "$HERE/pause.c")"
  if [[ "$(cat "$LAYOUT/refs/${PREFIX}_pause_1.fingerprint" 2>/dev/null)" != "$print" ]]; then
    cc -static -Os -s -o "$d/pause" "$HERE/pause.c" || die "cannot compile pause.c (gcc and libc6-dev are needed)"
  fi
  image "$PREFIX/pause:1" "$print" -- --layer-dir "$d" --user 65535:65535 --entrypoint '["/pause"]'
}

kubectl_image() {
  local d="$SCRATCH/kubectl" print
  [[ -x "$TOOLS/bin/kubectl" ]] || "$REPO_ROOT/it-tests/tools/install-helm.sh" >/dev/null || die "install-helm.sh failed"
  mkdir -p "$d/usr/local/bin"
  cp "$TOOLS/bin/kubectl" "$d/usr/local/bin/kubectl"
  print="$(fingerprint "$d")"
  image "$PREFIX/kubectl:$KUBECTL_VERSION" "$print" -- --layer-dir "$d" --user 65532:65532 \
    --env HOME=/tmp --entrypoint '["kubectl"]'
}

# laravel-api TAG: PHP from Debian, the artisan stand-in, the migrations of that release.
# 1.4.0: users; 1.5.0: + plan column; 1.6.0: + a broken invoices migration; 1.6.1: it, fixed.
laravel_image() { # tag
  local tag="$1" src="$HERE/laravel-api" d="$SCRATCH/laravel-$1" print
  mkdir -p "$d/app/database/migrations"
  cp -r "$src/artisan" "$src/serve" "$src/public" "$d/app/"
  local -a files=(2026_01_10_000000_create_users_table.sql)
  [[ "$tag" != 1.4.0 ]] && files+=(2026_02_10_000000_add_plan_to_users_table.sql)
  case "$tag" in
    1.6.0) cp "$src/broken/2026_03_10_000000_create_invoices_table.sql" "$d/app/database/migrations/" ;;
    1.6.1) files+=(2026_03_10_000000_create_invoices_table.sql) ;;
  esac
  local f; for f in "${files[@]}"; do cp "$src/database/migrations/$f" "$d/app/database/migrations/"; done
  chmod -R a+rX "$d"
  print="$(fingerprint "$d" "$BASE_TAR.id")"
  # USER www-data: a name, as in most Laravel Dockerfiles (uid 33 in Debian's base).
  image "$PREFIX/laravel-api:$tag" "$print" -- --layer-tar "$BASE_TAR" --layer-dir "$d" \
    --user www-data --workdir /app --env "APP_VERSION=$tag" \
    --cmd '["/app/serve"]'
}

orders_image() {
  [[ -n "$SPRING_JAR" ]] || return 0
  [[ -f "$SPRING_JAR" ]] || die "--spring-jar $SPRING_JAR: no such file (build examples/spring-flyway first)"
  local d="$SCRATCH/orders" print
  mkdir -p "$d/app"
  cp "$SPRING_JAR" "$d/app/app.jar"
  chmod a+r "$d/app/app.jar"
  print="$(fingerprint "$d" "$BASE_TAR.id")"
  # A numeric USER, as the chart's restricted defaults need for the application's own image.
  image "$PREFIX/orders:2.3.0" "$print" -- --layer-tar "$BASE_TAR" --layer-dir "$d" --user 1000:1000 \
    --workdir /app --env JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k" \
    --entrypoint '["java", "-jar", "/app/app.jar"]'
}

liquibase_image() {
  local d="$SCRATCH/liquibase" home="$TOOLS/liquibase-$LIQUIBASE_VERSION" print
  [[ -f "$home/internal/lib/liquibase-core.jar" ]] || die "no Liquibase in $home: run it-tests/tools/install-migration-clis.sh"
  mkdir -p "$d/liquibase/internal" "$d/liquibase/changelog"
  cp -r "$home/internal/lib" "$d/liquibase/internal/lib"
  cp "$HERE/liquibase/liquibase" "$d/liquibase/liquibase"
  cp -r "$HERE/liquibase/changelog/." "$d/liquibase/changelog/"
  user_layer "$d" liquibase 1001 /liquibase
  chmod -R a+rX "$d/liquibase"
  print="$(fingerprint "$d" "$BASE_TAR.id")"
  # USER liquibase and /liquibase owned by it, as in the official image.
  image "$PREFIX/liquibase:$LIQUIBASE_VERSION" "$print" -- --layer-tar "$BASE_TAR" --layer-dir "$d=1001:1001" \
    --user liquibase --workdir /liquibase --env PATH=/liquibase:/usr/local/bin:/usr/bin:/bin \
    --env LIQUIBASE_SEARCH_PATH=/liquibase/changelog --entrypoint '["/liquibase/liquibase"]' --cmd '["--help"]'
}

flyway_image() {
  local d="$SCRATCH/flyway" home="$TOOLS/flyway-$FLYWAY_VERSION" print
  [[ -d "$home/lib" ]] || die "no Flyway in $home: run it-tests/tools/install-migration-clis.sh"
  mkdir -p "$d/flyway/sql"
  cp -r "$home/lib" "$d/flyway/lib"
  cp "$HERE/flyway/flyway" "$d/flyway/flyway"
  cp -r "$HERE/flyway/sql/." "$d/flyway/sql/"
  chmod -R a+rX "$d/flyway"
  print="$(fingerprint "$d" "$BASE_TAR.id")"
  # No USER: root, as in the official flyway/flyway image.
  image "$PREFIX/flyway:$FLYWAY_VERSION" "$print" -- --layer-tar "$BASE_TAR" --layer-dir "$d" \
    --workdir /flyway --env PATH=/flyway:/usr/local/bin:/usr/bin:/bin --entrypoint '["flyway"]' --cmd '["-?"]'
}

golang_migrate_image() {
  local d="$SCRATCH/golang-migrate" print
  mkdir -p "$d/usr/local/bin" "$d/migrations"
  cp "$MIGRATE_BIN" "$d/usr/local/bin/migrate"
  cp -r "$HERE/golang-migrate/migrations/." "$d/migrations/"
  chmod -R a+rX "$d"
  print="$(fingerprint "$d")"
  # FROM scratch, no USER: root, as the official migrate/migrate image.
  image "$PREFIX/golang-migrate:$GOLANG_MIGRATE_VERSION" "$print" -- --layer-dir "$d" --entrypoint '["migrate"]'
}

alembic_image() {
  local d="$SCRATCH/alembic" print
  mkdir -p "$d/opt/alembic" "$d/usr/local/bin"
  cp -r "$ALEMBIC_SITE" "$d/opt/alembic/lib"
  cp -r "$HERE/alembic/app" "$d/app"
  printf '#!/bin/sh\nexec python3 -m alembic "$@"\n' >"$d/usr/local/bin/alembic"
  chmod 0755 "$d/usr/local/bin/alembic"
  chmod -R a+rX "$d"
  print="$(fingerprint "$d" "$BASE_TAR.id")"
  image "$PREFIX/alembic:1.0" "$print" -- --layer-tar "$BASE_TAR" --layer-dir "$d" --user 10001:10001 \
    --workdir /app --env PYTHONPATH=/opt/alembic/lib --env PYTHONDONTWRITEBYTECODE=1 --cmd '["alembic", "--help"]'
}

django_image() {
  local d="$SCRATCH/django" print
  mkdir -p "$d"
  cp -r "$HERE/django/app" "$d/app"
  chmod -R a+rX "$d"
  print="$(fingerprint "$d" "$BASE_TAR.id")"
  image "$PREFIX/django:1.0" "$print" -- --layer-tar "$BASE_TAR" --layer-dir "$d" --user 10001:10001 \
    --workdir /app --env DJANGO_SETTINGS_MODULE=shop.settings --env PYTHONDONTWRITEBYTECODE=1 \
    --cmd '["python", "serve.py"]'
}

# The Java runtime of the base alone: the base image migration-chart-cli's Dockerfile is built on
# in the tests (its default, eclipse-temurin, cannot be pulled here).
jre_image() {
  local print
  print="$(fingerprint "$BASE_TAR.id")"
  image "$PREFIX/jre:17" "$print" -- --layer-tar "$BASE_TAR"
}

# A stand-in for Cloud SQL Auth Proxy, run as a native sidecar: db-proxy/db-proxy.py forwards
# 127.0.0.1:$LISTEN_PORT to $UPSTREAM_HOST:$UPSTREAM_PORT on the base's Python; it writes no
# file, so a read-only root filesystem suits it.
db_proxy_image() {
  local d="$SCRATCH/db-proxy" print
  mkdir -p "$d/usr/local/bin"
  cp "$HERE/db-proxy/db-proxy.py" "$d/usr/local/bin/db-proxy"
  chmod 0755 "$d/usr/local/bin/db-proxy"
  print="$(fingerprint "$d" "$BASE_TAR.id")"
  image "$PREFIX/db-proxy:1" "$print" -- --layer-tar "$BASE_TAR" --layer-dir "$d" --user 65532:65532 \
    --env PYTHONDONTWRITEBYTECODE=1 --env LISTEN_PORT=5432 --entrypoint '["db-proxy"]'
}

main() {
  local start=$SECONDS
  "$REPO_ROOT/it-tests/tools/install-migration-clis.sh" >/dev/null || die "install-migration-clis.sh failed"
  debian_base
  # The base layer's identity for fingerprints, without hashing 400 MB on every run.
  [[ -f "$BASE_TAR.id" ]] || basename "$BASE_TAR" >"$BASE_TAR.id"
  golang_migrate_binary
  alembic_site
  pause_image
  kubectl_image
  local tag; for tag in 1.4.0 1.5.0 1.6.0 1.6.1; do laravel_image "$tag"; done
  orders_image
  liquibase_image
  flyway_image
  golang_migrate_image
  alembic_image
  django_image
  db_proxy_image
  jre_image
  # Images built before (orders, with --spring-jar) stay while the layout has them.
  local name digest
  if [[ -f "$OUT/images.list" ]]; then
    while read -r name digest _; do
      [[ "$(cat "$LAYOUT/refs/${name//[\/:]/_}.digest" 2>/dev/null)" == "$digest" ]] || continue
      printf '%s\n' "${LISTED[@]}" | grep -q "^$name " || LISTED+=("$name $digest")
    done <"$OUT/images.list"
  fi
  printf '%s\n' "${LISTED[@]}" | sort | sed "s#\$# $ARCHIVE#" >"$OUT/images.list.tmp"
  if [[ ! -f "$ARCHIVE" ]] || ! cmp -s "$OUT/images.list.tmp" "$OUT/images.list"; then
    log "packing $(wc -l <"$OUT/images.list.tmp") images into $ARCHIVE"
    # shellcheck disable=SC2046 # one argument per image name
    python3 "$HERE/oci_image.py" pack --layout "$LAYOUT" --out "$ARCHIVE" $(awk '{print $1}' "$OUT/images.list.tmp") ||
      die "could not pack $ARCHIVE"
  fi
  mv "$OUT/images.list.tmp" "$OUT/images.list"
  # Archives of the one-archive-per-image layout this script wrote before.
  rm -f "$OUT"/*_*.tar "$OUT"/*_*.tar.digest "$OUT"/*_*.tar.fingerprint
  log "$(wc -l <"$OUT/images.list") images ready in $OUT ($((SECONDS - start)) s)"
  cat "$OUT/images.list"
}

main
