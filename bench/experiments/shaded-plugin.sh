#!/usr/bin/env bash
# Experiment behind suggestion 1 of bench/README.md: how much of migration:generate's overhead is
# Maven resolving the plugin's 68-node dependency graph (Jinjava's parent POM alone, HubSpot's
# basepom, manages 251 dependencies and imports four BOMs)?
#
# Builds a local-only copy of the installed plugin with Jinjava and all its dependencies shaded
# into the plugin jar (helm-java stays a real dependency: its native jar is per platform),
# installs it as io.github.migrationchart.bench:migration-maven-plugin-shaded:0.1.0-SNAPSHOT with a
# POM that declares only helm-java, and times it against the real plugin, interleaved, on the
# chart of bench/projects/migration-chart. Classes are not relocated: enough for a timing, not a
# release. Uses the plugin bench/run.sh built into bench/work/m2 (builds it if there is none).
#
#   REPS=7 bench/experiments/shaded-plugin.sh
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
REPS=${REPS:-7}
work="$bench_dir/work/shaded-plugin"
rm -rf "$work"; mkdir -p "$work/shade" "$work/project"
SKIP_INSTALL=${SKIP_INSTALL:-1}

# 1. the shaded jar
cat >"$work/shade/pom.xml" <<'POM'
<?xml version="1.0" encoding="UTF-8"?>
<project>
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.github.migrationchart.bench</groupId>
  <artifactId>shade-work</artifactId>
  <version>0.1.0-SNAPSHOT</version>
  <packaging>pom</packaging>
  <dependencyManagement>
    <dependencies>
      <!-- the version the plugin's realm gets (managed by migration-chart-parent) -->
      <dependency>
        <groupId>com.fasterxml.jackson.core</groupId>
        <artifactId>jackson-databind</artifactId>
        <version>2.19.2</version>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>io.github.migrationchart</groupId>
      <artifactId>migration-maven-plugin</artifactId>
      <version>0.1.0-SNAPSHOT</version>
      <exclusions>
        <exclusion><groupId>com.marcnuri.helm-java</groupId><artifactId>*</artifactId></exclusion>
        <exclusion><groupId>org.slf4j</groupId><artifactId>*</artifactId></exclusion>
      </exclusions>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-dependency-plugin</artifactId>
        <version>3.7.0</version>
      </plugin>
    </plugins>
  </build>
</project>
POM
install_plugin
(cd "$work/shade" && "$mvnw" -B -q -o dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=lib "${repo_flags[@]}" >/dev/null)
# merge every jar, the plugin's last (its META-INF/maven/plugin.xml wins), without signatures,
# manifests and module descriptors; then give plugin.xml the new coordinates
plugin_jar=$(ls "$work"/shade/lib/migration-maven-plugin-*.jar)
python3 - "$work/shade/classes" "$plugin_jar" "$work"/shade/lib/*.jar <<'PY'
import re, sys, zipfile
out, plugin, *jars = sys.argv[1:]
skip = re.compile(r"META-INF/([^/]+\.(SF|DSA|RSA)|MANIFEST\.MF)$|(^|/)module-info\.class$")
for jar in [j for j in jars if j != plugin] + [plugin]:
    with zipfile.ZipFile(jar) as z:
        z.extractall(out, [n for n in z.namelist() if not skip.search(n)])
path = out + "/META-INF/maven/plugin.xml"
s = open(path).read()
s = s.replace("<groupId>io.github.migrationchart</groupId>\n  <artifactId>migration-maven-plugin</artifactId>",
              "<groupId>io.github.migrationchart.bench</groupId>\n  <artifactId>migration-maven-plugin-shaded</artifactId>", 1)
open(path, "w").write(s)
PY
grep -q '<artifactId>migration-maven-plugin-shaded</artifactId>' "$work/shade/classes/META-INF/maven/plugin.xml" \
  || { echo "shaded-plugin: could not rewrite plugin.xml" >&2; exit 1; }
(cd "$work/shade/classes" && jar --create --file "$work/shaded.jar" .)
cat >"$work/installed-pom.xml" <<'POM'
<?xml version="1.0" encoding="UTF-8"?>
<project>
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.github.migrationchart.bench</groupId>
  <artifactId>migration-maven-plugin-shaded</artifactId>
  <version>0.1.0-SNAPSHOT</version>
  <packaging>maven-plugin</packaging>
  <dependencies>
    <dependency>
      <groupId>com.marcnuri.helm-java</groupId>
      <artifactId>helm-java</artifactId>
      <version>0.0.21</version>
    </dependency>
  </dependencies>
</project>
POM
(cd "$work" && "$mvnw" -B -q org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file -Dfile="$work/shaded.jar" -DpomFile="$work/installed-pom.xml" "${repo_flags[@]}" >/dev/null)
echo "shaded-plugin: $(du -h "$work/shaded.jar" | cut -f1) jar from $(ls "$work"/shade/lib | wc -l) jars, installed" >&2

# 2. the same bench project, pointing at the shaded copy
sed -e 's#<groupId>io.github.migrationchart</groupId>#<groupId>io.github.migrationchart.bench</groupId>#' \
    -e 's#<artifactId>migration-maven-plugin</artifactId>#<artifactId>migration-maven-plugin-shaded</artifactId>#' \
    "$bench_dir/projects/migration-chart/pom.xml" >"$work/project/pom.xml"
for dir in "$bench_dir/projects/migration-chart" "$work/project"; do
  (cd "$dir" && "$mvnw" -B -o -q migration:generate "${repo_flags[@]}" >/dev/null \
    && "$mvnw" -B -o -q migration:generate -Dmigration.lint.skip=true "${repo_flags[@]}" >/dev/null)
done
[ -f "$work/project/target/helm/api/templates/migration-job.yaml" ] || { echo "shaded-plugin: no chart" >&2; exit 1; }
diff -r "$bench_dir/projects/migration-chart/target/helm/api" "$work/project/target/helm/api" >/dev/null \
  || { echo "shaded-plugin: the shaded plugin's chart differs" >&2; exit 1; }

# 3. timings, interleaved
ensure_gnu_time
wait_for_load
raw=$(mktemp)
load_before=$(load_avg)
for rep in $(seq 1 "$REPS"); do
  timed_run "$raw" floor "$rep" "$bench_dir/projects/floor" -B -o -q validate
  timed_run "$raw" real-lint "$rep" "$bench_dir/projects/migration-chart" -B -o -q migration:generate
  timed_run "$raw" shaded-lint "$rep" "$work/project" -B -o -q migration:generate
  timed_run "$raw" real-nolint "$rep" "$bench_dir/projects/migration-chart" -B -o -q migration:generate -Dmigration.lint.skip=true
  timed_run "$raw" shaded-nolint "$rep" "$work/project" -B -o -q migration:generate -Dmigration.lint.skip=true
done
load_after=$(load_avg)
table=$(python3 "$bench_dir/lib/stats.py" "$raw" floor real-lint \
  "floor=floor: \`mvn -o -q validate\`" \
  "real-lint=plugin as built (lint)" \
  "shaded-lint=Jinjava & co. shaded in (lint)" \
  "real-nolint=plugin as built (no lint)" \
  "shaded-nolint=Jinjava & co. shaded in (no lint)")
mkdir -p "$bench_dir/results"
result="$bench_dir/results/$(date -u +%Y-%m-%dT%H%M)-shaded-plugin.md"
{
  echo "# bench/experiments/shaded-plugin.sh, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  machine_facts
  plugin_facts
  echo "- shaded copy: $(du -h "$work/shaded.jar" | cut -f1) jar merged from $(ls "$work"/shade/lib | wc -l) jars; its POM declares only helm-java"
  echo "- repetitions: $REPS, interleaved; load average before: $load_before, after: $load_after"
  echo
  echo "$table"
} >"$result"
rm -f "$raw"
echo "$table"
echo
echo "load average before: $load_before, after: $load_after"
echo "written to ${result#"$root_dir"/}"
