#!/usr/bin/env python3
"""Issue 17's targets against one set of measurements: a bench/run.sh result, a JMH JSON result
of RenderBenchmark, and a bench/scaling.sh result (the raw runs each result file ends with).

usage: targets.py RUN.md JMH.json SCALING.md
Prints a Markdown table: each target, the value measured, and whether it is met (or by how much
it is missed).
"""
import json
import re
import statistics
import sys


def raw_runs(path):
    """The lines of the ``` block that ends a result file, split on whitespace."""
    text = open(path).read()
    block = text.rsplit("```", 2)[-2]
    return [line.split() for line in block.strip().splitlines()]


def main():
    run_md, jmh_json, scaling_md = sys.argv[1:]
    run = {}
    for label, _rep, wall, _user, _sys, rss in raw_runs(run_md):
        run.setdefault(label, []).append((float(wall), int(rss)))
    wall = {k: statistics.median(w for w, _ in v) for k, v in run.items()}
    rss = {k: statistics.median(r for _, r in v) for k, v in run.items()}
    over = {k: wall[k] - wall["floor"] for k in wall}

    jmh = {b["benchmark"].rsplit(".", 1)[-1]: b["primaryMetric"]["score"] / 1000.0  # us/op -> ms
           for b in json.load(open(jmh_json))}

    scaling = {}
    for size, kind, _rep, w, _user, _sys, _rss in raw_runs(scaling_md):
        scaling.setdefault((int(size), kind), []).append(float(w))
    sizes = sorted({s for s, _ in scaling})
    lo, hi = sizes[0], sizes[-1]
    med = {k: statistics.median(v) for k, v in scaling.items()}
    unchanged = ((med[(hi, "package-unchanged")] - med[(hi, "validate")])
                 - (med[(lo, "package-unchanged")] - med[(lo, "validate")])) / (hi - lo)

    in_build = re.search(r"one unchanged module of the \d+-module reactor [^:]*: ([\d.]+) ms", open(scaling_md).read())

    # Each build-time target twice: with the goal bound in the POM (`mvn package`, what every build
    # of a project pays) and named on the command line (`mvn migration:generate`, which also looks
    # up the `migration:` prefix).
    rows = [
        ("unchanged configuration, lint on, bound (`mvn package`): overhead above the floor", over["ours-bound-unchanged"], 0.15, "s"),
        ("unchanged configuration, lint on, `mvn migration:generate`: overhead above the floor", over["ours-unchanged"], 0.15, "s"),
        ("changed configuration, lint on, bound: overhead above the floor", over["ours-bound-lint"], 0.50, "s"),
        ("changed configuration, lint on, `mvn migration:generate`: overhead above the floor", over["ours-lint"], 0.50, "s"),
        ("changed configuration, lint off, bound: overhead above the floor", over["ours-bound-nolint"], 0.30, "s"),
        ("changed configuration, lint off, `mvn migration:generate`: overhead above the floor", over["ours-nolint"], 0.30, "s"),
        ("peak RSS, lint on, vs the floor", rss["ours-lint"] / rss["floor"], 1.5, "x"),
        ("peak RSS, lint off, vs the floor", rss["ours-nolint"] / rss["floor"], 1.5, "x"),
        ("peak RSS, chart up to date, vs the floor", rss["ours-unchanged"] / rss["floor"], 1.5, "x"),
        ("warm render of one chart (JMH `example`)", jmh["example"], 0.5, "ms"),
        ("warm render of the 1 000-entry chart (JMH `manyEnv`)", jmh["manyEnv"], 2.0, "ms"),
        (f"{hi}-module reactor: cost of one more unchanged module (plugin, above validate, from whole builds)", unchanged * 1000, 10.0, "ms"),
    ]
    if in_build:
        rows.append((f"{hi}-module reactor: one unchanged module inside the build (Maven's log)", float(in_build.group(1)), 10.0, "ms"))
    print("| target | limit | measured | |")
    print("|---|---:|---:|---|")
    for name, value, limit, unit in rows:
        fmt = "{:.2f}" if unit in ("s", "x") else "{:.2f}"
        shown = (fmt.format(value) + ("×" if unit == "x" else " " + unit))
        limit_shown = (fmt.format(limit) + ("×" if unit == "x" else " " + unit))
        verdict = "met" if value <= limit else "missed by " + (fmt.format(value - limit) + ("×" if unit == "x" else " " + unit))
        print(f"| {name} | ≤ {limit_shown} | {shown} | {verdict} |")
    print()
    print("JKube 1.19.0 in the same run: overhead above the floor {:+.2f} s, peak RSS {:.2f}× the floor.".format(
        over["jkube"], rss["jkube"] / rss["floor"]))
    if "any-plugin" in over:
        print("Any plugin goal (maven-clean-plugin with nothing to delete) in the same run: {:+.2f} s above the floor.".format(
            over["any-plugin"]))


if __name__ == "__main__":
    main()
