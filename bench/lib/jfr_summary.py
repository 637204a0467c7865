#!/usr/bin/env python3
"""Where the Maven main thread spends its time, from JFR recordings of `mvn migration:generate`.

usage: jfr_summary.py REC.jfr...
Reads jdk.ExecutionSample and jdk.NativeMethodSample of the thread "main" (`jfr print --json`),
puts each sample in the first category whose frame is on its stack (checked in the order below),
and prints the share and the estimated time of each category (samples x sampling period).
"""
import json
import subprocess
import sys
from collections import Counter

# (category, frame prefixes "Class.method" that mark it), checked in this order
CATEGORIES = [
    ("helm-java: extract + dlopen native library", ["com.marcnuri.helm.Helm$HelmLibHolder.<clinit>", "com.marcnuri.helm.jni.NativeLibrary.load"]),
    ("helm-java: lint + template calls", ["com.marcnuri.helm.LintCommand.call", "com.marcnuri.helm.TemplateCommand.call"]),
    ("core: new ChartRenderer() (Jinjava set-up, templates)", ["io.github.migrationchart.core.render.ChartRenderer.<init>"]),
    ("core: ChartRenderer.render", ["io.github.migrationchart.core.render.ChartRenderer.render"]),
    ("core: ChartWriter (staging + final chart)", ["io.github.migrationchart.core.render.ChartWriter."]),
    ("plugin: chartSpec, CredentialCheck, rest of execute()", ["io.github.migrationchart.maven."]),
    ("Maven: resolve the plugin's dependencies", ["org.apache.maven.plugin.internal.DefaultPluginDependenciesResolver.resolve"]),
    ("Maven: plugin descriptor / prefix / version", ["org.apache.maven.plugin.internal.DefaultMavenPluginManager.getPluginDescriptor",
                                                     "org.apache.maven.lifecycle.internal.MojoDescriptorCreator.",
                                                     "org.apache.maven.plugin.prefix.", "org.apache.maven.plugin.version."]),
    ("Maven: plugin class realm + mojo lookup/configuration", ["org.apache.maven.plugin.internal.DefaultMavenPluginManager.setupPluginRealm",
                                                                "org.apache.maven.plugin.internal.DefaultMavenPluginManager.getConfiguredMojo"]),
    ("Maven: build the project model", ["org.apache.maven.project.DefaultProjectBuilder."]),
    ("Maven: container (Sisu/Guice) start-up", ["org.codehaus.plexus.DefaultPlexusContainer.<init>", "org.apache.maven.cli.MavenCli.container"]),
]
PERIOD_MS = {"jdk.ExecutionSample": 10, "jdk.NativeMethodSample": 20}


def frames(event):
    for frame in event["values"]["stackTrace"]["frames"]:
        method = frame["method"]
        yield method["type"]["name"].replace("/", ".") + "." + method["name"]


def main():
    counts, millis, total_ms = Counter(), Counter(), 0
    for path in sys.argv[1:]:
        raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "512",
                              "--events", "jdk.ExecutionSample,jdk.NativeMethodSample", path],
                             check=True, capture_output=True, text=True).stdout
        for event in json.loads(raw)["recording"]["events"]:
            thread = event["values"].get("sampledThread") or {}
            if thread.get("javaName") != "main":
                continue
            stack = list(frames(event))
            category = "other (Maven core, JDK start-up, class loading outside the above)"
            for name, prefixes in CATEGORIES:
                if any(frame.startswith(prefix) for frame in stack for prefix in prefixes):
                    category = name
                    break
            if event["type"] == "jdk.NativeMethodSample":
                category += " [in native code]"
            period = PERIOD_MS[event["type"]]
            counts[category] += 1
            millis[category] += period
            total_ms += period
    runs = len(sys.argv) - 1
    print(f"main-thread samples of {runs} run(s); ms per run = samples x period / runs")
    print("| where | samples | ms per run | share |")
    print("|---|---:|---:|---:|")
    for category, ms in millis.most_common():
        print(f"| {category} | {counts[category]} | {ms / runs:.0f} | {100 * ms / total_ms:.0f}% |")


if __name__ == "__main__":
    main()
