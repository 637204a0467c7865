#!/usr/bin/env python3
"""Summarises the raw timings of bench/run.sh (label, rep, wall_s, user_s, sys_s, maxrss_kb).

usage: stats.py RAW.tsv FLOOR_LABEL REFERENCE_LABEL LABEL=TITLE...
Prints a Markdown table: median wall, spread (min-max and IQR), median CPU (user+sys), median peak
RSS, wall overhead above the floor's median, and ratios against the reference (our plugin with lint).
"""
import statistics
import sys


def quartiles(values):
    values = sorted(values)
    if len(values) < 4:
        return values[0], values[-1]
    q = statistics.quantiles(values, n=4, method="inclusive")
    return q[0], q[2]


def main():
    raw, floor, reference, *cases = sys.argv[1:]
    rows = {}
    with open(raw) as f:
        for line in f:
            label, _rep, wall, user, system, rss = line.split()
            rows.setdefault(label, []).append((float(wall), float(user) + float(system), int(rss)))
    titles = dict(case.split("=", 1) for case in cases)

    summary = {}
    for label, runs in rows.items():
        walls = [r[0] for r in runs]
        q1, q3 = quartiles(walls)
        summary[label] = {
            "n": len(runs),
            "wall": statistics.median(walls),
            "min": min(walls), "max": max(walls), "q1": q1, "q3": q3,
            "cpu": statistics.median(r[1] for r in runs),
            "rss": statistics.median(r[2] for r in runs) / 1024,
        }
    base = summary[floor]
    ref = summary[reference]
    ref_over = ref["wall"] - base["wall"]

    print("| tool | runs | median wall | spread min–max (IQR) | CPU user+sys | peak RSS | overhead above floor (wall) | RSS vs floor | × ours (wall) | × ours (overhead) |")
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    for label, title in titles.items():
        s = summary[label]
        over = s["wall"] - base["wall"]
        is_floor = label == floor
        print("| {} | {} | {:.2f} s | {:.2f}–{:.2f} s ({:.2f}–{:.2f}) | {:.2f} s | {:.0f} MiB | {} | {:.2f}× | {:.2f}× | {} |".format(
            title, s["n"], s["wall"], s["min"], s["max"], s["q1"], s["q3"], s["cpu"], s["rss"],
            "—" if is_floor else "{:+.2f} s".format(over),
            s["rss"] / base["rss"],
            s["wall"] / ref["wall"],
            "—" if is_floor or ref_over <= 0 else "{:.2f}×".format(over / ref_over)))


if __name__ == "__main__":
    main()
