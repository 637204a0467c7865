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
# Pinned; a warm run only compares stamp files and prints the versions (a few seconds).
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

# copy_runtime_classpath <pom dir> <output dir> [extra -D flags...]
copy_runtime_classpath() {
  local dir="$1" out="$2"; shift 2
  log "resolving $(basename "$dir") classpath with Maven (cold run only)"
  mvn_cmd -B -q -f "$dir/pom.xml" "$DEPENDENCY_PLUGIN:copy-dependencies" \
      -DincludeScope=runtime -DoutputDirectory="$out" "$@" >"$dir/maven.log" 2>&1 \
    || { tail -n 30 "$dir/maven.log" >&2; die "Maven could not resolve $(basename "$dir") (log above)"; }
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
  cat >"$w/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- generated by it-tests/tools/install-migration-clis.sh: the runtime classpath of bin/flyway -->
<project>
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.migration-chart.tools</groupId>
  <artifactId>flyway-launcher</artifactId>
  <version>$FLYWAY_VERSION</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.flywaydb</groupId><artifactId>flyway-core</artifactId><version>$FLYWAY_VERSION</version></dependency>
    <dependency><groupId>org.flywaydb</groupId><artifactId>flyway-database-postgresql</artifactId><version>$FLYWAY_VERSION</version></dependency>
    <dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId><version>$PGJDBC_VERSION</version></dependency>
    <dependency><groupId>tools.jackson.core</groupId><artifactId>jackson-databind</artifactId><version>$FLYWAY_JACKSON_VERSION</version></dependency>
    <dependency><groupId>tools.jackson.dataformat</groupId><artifactId>jackson-dataformat-toml</artifactId><version>$FLYWAY_JACKSON_VERSION</version></dependency>
    <dependency><groupId>org.apache.commons</groupId><artifactId>commons-text</artifactId><version>$FLYWAY_COMMONS_TEXT_VERSION</version></dependency>
  </dependencies>
</project>
EOF
  copy_runtime_classpath "$w" "$w/lib"
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
  cat >"$w/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- generated by it-tests/tools/install-migration-clis.sh: the runtime classpath of bin/liquibase -->
<project>
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.migration-chart.tools</groupId>
  <artifactId>liquibase-launcher</artifactId>
  <version>$LIQUIBASE_VERSION</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.liquibase</groupId><artifactId>liquibase-core</artifactId><version>$LIQUIBASE_VERSION</version></dependency>
    <dependency><groupId>info.picocli</groupId><artifactId>picocli</artifactId><version>$PICOCLI_VERSION</version></dependency>
    <dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId><version>$PGJDBC_VERSION</version></dependency>
  </dependencies>
</project>
EOF
  copy_runtime_classpath "$w" "$w/internal/lib" -Dmdep.stripVersion=true
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
