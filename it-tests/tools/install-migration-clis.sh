#!/usr/bin/env bash
# Installs the migration tools' command lines used by the DB contract tests, into a cache
# OUTSIDE the repository:
#
#   $CACHE/tools/bin/flyway       Flyway 13.12.0   (flyway-core API behind a CLI-compatible entry point)
#   $CACHE/tools/bin/liquibase    Liquibase 4.33.0 (the real liquibase-core command line)
#
#   it-tests/tools/install-migration-clis.sh     # install or check; prints both versions
#   . it-tests/tools/env.sh                      # puts $CACHE/tools/bin on PATH
#
# CACHE is ${MIGRATION_CHART_CACHE:-$HOME/.cache/migration-chart}. Everything comes from Maven
# Central through this machine's ordinary Maven setup (./mvnw, else mvn on PATH): a small POM is
# generated per tool and `dependency:copy-dependencies` copies its runtime classpath. Both
# launchers run the JDK 17+ found like the official scripts do ($JAVA_HOME/bin/java, else java
# on PATH) and bundle no JRE. Details and the honoured environment: it-tests/db/README.md.
#
# Why the Flyway launcher is not Redgate's CLI: neither the CLI tarballs nor the modules its
# org.flywaydb.commandline.Main needs (flyway-core-utilities, flyway-command-mcp, the flyway-verb-*
# modules) are on Maven Central for Flyway 13, only the flyway-commandline jar itself, which fails
# at start-up without them. it-tests/db/flyway-cli/FlywayCli.java drives flyway-core the way
# Main does (FLYWAY_* env vars, -key=value args, console output, exit codes) and is compiled here.
#
# Pinned, down to the SHA-256 of every jar (FLYWAY_JARS, LIQUIBASE_JARS below: Maven itself
# only compares a jar with the repository's own .sha1 file, and by default only warns): a jar that
# differs, or one that is not listed (a dependency that changed), stops the install before the
# jars are used. A warm run only compares stamp files and prints the versions (a few seconds).
set -euo pipefail

# ---- pinned versions ----------------------------------------------------------------------
FLYWAY_VERSION="13.12.0"        # flyway-core + flyway-database-postgresql (same version)
FLYWAY_JACKSON_VERSION="3.1.8"  # flyway-parent 13.12.0 <version.jackson>: flyway-core's optional
                                # tools.jackson dependency, which the real CLI ships
FLYWAY_COMMONS_TEXT_VERSION="1.10.0"  # flyway-parent 13.12.0 <version.commonstext>
LIQUIBASE_VERSION="4.33.0"      # newest 4.x; 5.x is not under an open-source licence
PICOCLI_VERSION="4.7.7"         # liquibase-core 4.33.0's optional picocli (the CLI needs it)
PGJDBC_VERSION="42.7.14"        # org.postgresql:postgresql, for both tools
DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
LAYOUT_VERSION="1"              # bump when the generated layout changes
# Short-lived CLI runs start about twice as fast on 2 cores with C1 only and the serial GC;
# the flags change no behaviour. The launchers read MIGRATION_CHART_JVM_FLAGS (empty = off).
DEFAULT_JVM_FLAGS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"

# The runtime classpaths that copy-dependencies produces from the pins above, as
# `sha256sum` prints them; bump together with the versions (the install says which jar
# differs or is new).
FLYWAY_JARS="
857658c8bdcbff794949a8d9922f88d63ee3751c203c7cd7d21ea97f9e745288  checker-qual-3.55.1.jar
d919d904486c037f8d193412da0c92e22a9fa24230b9d67a57855c5c31c7e94e  commons-lang3-3.12.0.jar
770cd903fa7b604d1f7ef7ba17f84108667294b2b478be8ed1af3bffb4ae0018  commons-text-1.10.0.jar
88e8aac8a19fec1e768fb64b693611eb9e0770222079567b0d5cf8b11de5d362  flyway-core-13.12.0.jar
d6a568084f1d58e2a7780d29f08629e7b717e0a1b643d31379f25242ea1c0a18  flyway-database-cockroachdb-13.12.0.jar
ccacc5f2a4b7dc7c09cdc4d64b6f36ed434f06384490c2a33a20ad155def815a  flyway-database-postgresql-13.12.0.jar
53ca085f4a150f703f49e1aabd935bd03b43e1ea3d55d135438292af22cef56b  jackson-annotations-2.21.jar
762caa009970e8c35527fcc2cfbde50afed0d6a195ee4a7fac22d80fea72c471  jackson-core-3.1.8.jar
2e7583c96f3eaf11591a727c75278b25a0f1227d29a7c5e8306f252f441bfb58  jackson-databind-3.1.8.jar
bba576e99d704c044b9e27c56542f69a3738b308c5b92f3bda0fe6d31118e5a9  jackson-dataformat-toml-3.1.8.jar
73914527305a40cce504b0d3d90b23caf565136912d607ae8ae7c5895512332c  postgresql-42.7.14.jar
"
# Version-less names, as in the official distribution's internal/lib. Versions: checker-qual
# 3.55.1, commons-collections4 4.5.0, commons-io 2.19.0, commons-lang3 3.17.0, commons-text
# 1.13.1, jaxb-api 2.3.1, opencsv 5.11.2, snakeyaml 2.4 (liquibase-core 4.33.0's own choices).
LIQUIBASE_JARS="
857658c8bdcbff794949a8d9922f88d63ee3751c203c7cd7d21ea97f9e745288  checker-qual.jar
00f93263c267be201b8ae521b44a7137271b16688435340bf629db1bac0a5845  commons-collections4.jar
824268919b4b62f9f40f08c54381de5993b078f58667e332d17348ae019d72b9  commons-io.jar
6ee731df5c8e5a2976a1ca023b6bb320ea8d3539fbe64c8a1d5cb765127c33b4  commons-lang3.jar
76434bd2dd778ab140d84b3c6ffa40c40fe6219909f5ed1d8b8977c5ae8e50c8  commons-text.jar
88b955a0df57880a26a74708bc34f74dcaf8ebf4e78843a28b50eae945732b06  jaxb-api.jar
729691fdd26761f6264e4332a6a657e907c626863da8b4a0bf3bd22dbeebdc6b  liquibase-core.jar
690daad9014f23afd3ab6f1b0c45a5e0b738ac37a8d2e810e196193aab521245  opencsv.jar
f86e30fffd10d2b13b8caa8d4b237a7ee61f2ffccf5b1941de718b765d235bf8  picocli.jar
73914527305a40cce504b0d3d90b23caf565136912d607ae8ae7c5895512332c  postgresql.jar
ef779af5d29a9dde8cc70ce0341f5c6f7735e23edff9685ceaa9d35359b7bb7f  snakeyaml.jar
"

# shellcheck source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh" "install-migration-clis:"

# ---- paths ---------------------------------------------------------------------------------
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FLYWAY_CLI_SRC="$REPO_ROOT/it-tests/db/flyway-cli/FlywayCli.java"
FLYWAY_CLI_MAIN="io.github.migrationchart.it.flywaycli.FlywayCli"
CACHE="$MC_CACHE"
TOOLS="$CACHE/tools"
BIN="$TOOLS/bin"
FLYWAY_HOME_DIR="$TOOLS/flyway-$FLYWAY_VERSION"
LIQUIBASE_HOME_DIR="$TOOLS/liquibase-$LIQUIBASE_VERSION"

command -v java >/dev/null || [[ -x "${JAVA_HOME:-/nonexistent}/bin/java" ]] || die "a JDK 17+ is required (java on PATH or JAVA_HOME)"
command -v javac >/dev/null || [[ -x "${JAVA_HOME:-/nonexistent}/bin/javac" ]] || die "javac (JDK 17+) is required to build the Flyway launcher"
JAVAC="javac"; JAR="jar"
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/javac" ]]; then JAVAC="$JAVA_HOME/bin/javac"; JAR="$JAVA_HOME/bin/jar"; fi

mkdir -p "$BIN"
# One installer at a time (parallel test runs); the lock is released when this script exits.
exec 8>"$TOOLS/.install-migration-clis.lock"
flock -w 600 8 || die "could not lock $TOOLS/.install-migration-clis.lock"

make_scratch SCRATCH "$TOOLS"

mvn_cmd() {
  if [[ -x "$REPO_ROOT/mvnw" ]]; then "$REPO_ROOT/mvnw" "$@"; else command -v mvn >/dev/null || die "neither ./mvnw nor mvn found"; mvn "$@"; fi
}

# copy_runtime_classpath <pom dir> <output dir> <pinned jars> [extra -D flags...]
# The output directory then holds exactly the pinned jars, or the install stops.
copy_runtime_classpath() {
  local dir="$1" out="$2" jars="$3"; shift 3
  log "resolving $(basename "$dir") classpath with Maven (cold run only)"
  mvn_cmd -B -q -f "$dir/pom.xml" "$DEPENDENCY_PLUGIN:copy-dependencies" \
      -DincludeScope=runtime -DoutputDirectory="$out" "$@" >"$dir/maven.log" 2>&1 \
    || { tail -n 30 "$dir/maven.log" >&2; die "Maven could not resolve $(basename "$dir") (log above)"; }
  sha256_check_dir "$out" "$jars"
}

# write_pom <dir> <tool> <version> <groupId:artifactId:version>...: the POM whose runtime
# classpath is what bin/<tool> runs.
write_pom() {
  local dir="$1" tool="$2" version="$3" dep g a v; shift 3
  {
    cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- generated by it-tests/tools/install-migration-clis.sh: the runtime classpath of bin/$tool -->
<project>
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.migration-chart.tools</groupId>
  <artifactId>$tool-launcher</artifactId>
  <version>$version</version>
  <packaging>pom</packaging>
  <dependencies>
EOF
    for dep in "$@"; do
      IFS=: read -r g a v <<<"$dep"
      echo "    <dependency><groupId>$g</groupId><artifactId>$a</artifactId><version>$v</version></dependency>"
    done
    echo "  </dependencies>"
    echo "</project>"
  } >"$dir/pom.xml"
}

# Replaces a launcher only when its content changed, by an atomic rename, so that a test
# running the old launcher at that moment never reads a half-written file.
put_launcher() { # <new file> <destination>
  if cmp -s "$1" "$2"; then return 0; fi
  chmod 0755 "$1"
  mv -f "$1" "$2"
}

# stamp: what an installation was built from; a mismatch rebuilds it
sha_of() { sha256sum "$1" | cut -c1-16; }
is_fresh() { [[ -f "$1/.stamp" && "$(cat "$1/.stamp")" == "$2" && -x "$3" ]]; }

# ---- Flyway ----------------------------------------------------------------------------------
flyway_stamp() {
  echo "layout=$LAYOUT_VERSION flyway=$FLYWAY_VERSION jackson=$FLYWAY_JACKSON_VERSION commons-text=$FLYWAY_COMMONS_TEXT_VERSION pgjdbc=$PGJDBC_VERSION cli=$(sha_of "$FLYWAY_CLI_SRC")"
}

build_flyway() {
  local w="$SCRATCH/flyway-$FLYWAY_VERSION"
  [[ -f "$FLYWAY_CLI_SRC" ]] || die "missing $FLYWAY_CLI_SRC"
  mkdir -p "$w/lib" "$w/sql" "$w/classes"
  write_pom "$w" flyway "$FLYWAY_VERSION" \
    "org.flywaydb:flyway-core:$FLYWAY_VERSION" \
    "org.flywaydb:flyway-database-postgresql:$FLYWAY_VERSION" \
    "org.postgresql:postgresql:$PGJDBC_VERSION" \
    "tools.jackson.core:jackson-databind:$FLYWAY_JACKSON_VERSION" \
    "tools.jackson.dataformat:jackson-dataformat-toml:$FLYWAY_JACKSON_VERSION" \
    "org.apache.commons:commons-text:$FLYWAY_COMMONS_TEXT_VERSION"
  copy_runtime_classpath "$w" "$w/lib" "$FLYWAY_JARS"
  "$JAVAC" --release 17 -nowarn -encoding UTF-8 -cp "$w/lib/*" -d "$w/classes" "$FLYWAY_CLI_SRC" \
    || die "could not compile $FLYWAY_CLI_SRC"
  "$JAR" --create --file "$w/lib/migration-chart-flyway-cli.jar" -C "$w/classes" .
  rm -rf "$w/classes" "$w/maven.log"
  flyway_stamp >"$w/.stamp"
  rm -rf "$FLYWAY_HOME_DIR"
  mv "$w" "$FLYWAY_HOME_DIR"
}

write_flyway_launcher() {
  cat >"$SCRATCH/flyway" <<EOF
#!/usr/bin/env bash
# Generated by it-tests/tools/install-migration-clis.sh: Flyway $FLYWAY_VERSION (flyway-core +
# flyway-database-postgresql + PostgreSQL JDBC $PGJDBC_VERSION) behind a CLI-compatible entry point.
# Reads FLYWAY_* environment variables and -key=value arguments, like the official 'flyway'.
# Java: \$FLYWAY_JAVA_CMD, else \$JAVA_HOME/bin/java, else java on PATH; extra JVM flags: \$JAVA_ARGS.
# \$MIGRATION_CHART_JVM_FLAGS (default: $DEFAULT_JVM_FLAGS) only speeds up start-up; set it empty
# to run the JVM with its defaults.
FLYWAY_HOME='$FLYWAY_HOME_DIR'
if [ -n "\${FLYWAY_JAVA_CMD:-}" ]; then JAVA_CMD="\$FLYWAY_JAVA_CMD"
elif [ -n "\${JAVA_HOME:-}" ]; then JAVA_CMD="\$JAVA_HOME/bin/java"
else JAVA_CMD=java; fi
JVM_FLAGS="\${MIGRATION_CHART_JVM_FLAGS-$DEFAULT_JVM_FLAGS}"
# shellcheck disable=SC2086
exec "\$JAVA_CMD" \$JVM_FLAGS \${JAVA_ARGS:-} -Dmigrationchart.flyway.home="\$FLYWAY_HOME" \\
  -cp "\$FLYWAY_HOME/lib/*" $FLYWAY_CLI_MAIN "\$@"
EOF
  put_launcher "$SCRATCH/flyway" "$BIN/flyway"
}

# ---- Liquibase -------------------------------------------------------------------------------
liquibase_stamp() {
  echo "layout=$LAYOUT_VERSION liquibase=$LIQUIBASE_VERSION picocli=$PICOCLI_VERSION pgjdbc=$PGJDBC_VERSION"
}

build_liquibase() {
  local w="$SCRATCH/liquibase-$LIQUIBASE_VERSION"
  # the official distribution's layout: internal/lib holds liquibase-core.jar and its
  # dependencies (versionless names), lib/ is for user-added drivers and extensions
  mkdir -p "$w/internal/lib" "$w/lib"
  write_pom "$w" liquibase "$LIQUIBASE_VERSION" \
    "org.liquibase:liquibase-core:$LIQUIBASE_VERSION" \
    "info.picocli:picocli:$PICOCLI_VERSION" \
    "org.postgresql:postgresql:$PGJDBC_VERSION"
  copy_runtime_classpath "$w" "$w/internal/lib" "$LIQUIBASE_JARS" -Dmdep.stripVersion=true
  [[ -f "$w/internal/lib/liquibase-core.jar" ]] || die "liquibase-core.jar missing after resolution"
  rm -f "$w/maven.log"
  liquibase_stamp >"$w/.stamp"
  rm -rf "$LIQUIBASE_HOME_DIR"
  mv "$w" "$LIQUIBASE_HOME_DIR"
}

write_liquibase_launcher() {
  cat >"$SCRATCH/liquibase" <<EOF
#!/usr/bin/env bash
# Generated by it-tests/tools/install-migration-clis.sh: Liquibase $LIQUIBASE_VERSION (liquibase-core from
# Maven Central + picocli + PostgreSQL JDBC $PGJDBC_VERSION) in the official distribution's layout,
# started through liquibase-core's own launcher like the official 'liquibase' script.
# Reads LIQUIBASE_* environment variables (LIQUIBASE_COMMAND_URL, ...) and --options.
# Java: \$JAVA_HOME/bin/java, else java on PATH; extra JVM flags: \$JAVA_OPTS.
# \$MIGRATION_CHART_JVM_FLAGS (default: $DEFAULT_JVM_FLAGS) only speeds up start-up; set it empty
# to run the JVM with its defaults.
LIQUIBASE_HOME='$LIQUIBASE_HOME_DIR'
export LIQUIBASE_HOME
# No anonymous usage analytics from test runs (this machine has no route to the collector,
# which would only cost time); set LIQUIBASE_ANALYTICS_ENABLED=true to override.
export LIQUIBASE_ANALYTICS_ENABLED="\${LIQUIBASE_ANALYTICS_ENABLED:-false}"
if [ -n "\${JAVA_HOME:-}" ]; then JAVA_CMD="\$JAVA_HOME/bin/java"; else JAVA_CMD=java; fi
JVM_FLAGS="\${MIGRATION_CHART_JVM_FLAGS-$DEFAULT_JVM_FLAGS}"
# shellcheck disable=SC2086
exec "\$JAVA_CMD" \$JVM_FLAGS \${JAVA_OPTS:-} -cp "\$LIQUIBASE_HOME/internal/lib/liquibase-core.jar" \\
  liquibase.integration.commandline.LiquibaseLauncher "\$@"
EOF
  put_launcher "$SCRATCH/liquibase" "$BIN/liquibase"
}

# ---- main ------------------------------------------------------------------------------------
if is_fresh "$FLYWAY_HOME_DIR" "$(flyway_stamp)" "$BIN/flyway"; then
  log "flyway $FLYWAY_VERSION is up to date ($FLYWAY_HOME_DIR)"
else
  log "installing flyway $FLYWAY_VERSION into $FLYWAY_HOME_DIR"
  build_flyway
fi
write_flyway_launcher

if is_fresh "$LIQUIBASE_HOME_DIR" "$(liquibase_stamp)" "$BIN/liquibase"; then
  log "liquibase $LIQUIBASE_VERSION is up to date ($LIQUIBASE_HOME_DIR)"
else
  log "installing liquibase $LIQUIBASE_VERSION into $LIQUIBASE_HOME_DIR"
  build_liquibase
fi
write_liquibase_launcher

# ---- version probes: the launchers must start and report the pinned versions ---------------
flyway_out="$(cd "$SCRATCH" && "$BIN/flyway" --version 2>&1)" || { echo "$flyway_out" >&2; die "bin/flyway --version failed"; }
flyway_line="$(grep -m1 '^Flyway ' <<<"$flyway_out" || true)"
[[ "$flyway_line" == *" $FLYWAY_VERSION "* ]] || { echo "$flyway_out" >&2; die "bin/flyway reports '$flyway_line', expected $FLYWAY_VERSION"; }

liquibase_out="$(cd "$SCRATCH" && LIQUIBASE_SHOW_BANNER=false "$BIN/liquibase" --version 2>&1)" \
  || { echo "$liquibase_out" >&2; die "bin/liquibase --version failed"; }
liquibase_line="$(grep -m1 '^Liquibase Version: ' <<<"$liquibase_out" || true)"
[[ "$liquibase_line" == "Liquibase Version: $LIQUIBASE_VERSION" ]] \
  || { echo "$liquibase_out" >&2; die "bin/liquibase reports '$liquibase_line', expected $LIQUIBASE_VERSION"; }

echo "$BIN/flyway: $flyway_line"
echo "$BIN/liquibase: $liquibase_line"
