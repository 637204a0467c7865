#!/usr/bin/env python3
"""What one unchanged module of a reactor costs inside the build, from Maven's own log.

usage: module_cost.py LOG...
Each LOG is the output of `mvn -B -o package -Dorg.slf4j.simpleLogger.showDateTime=true
-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS` on a reactor whose charts are all up to
date. For every module it takes the time from the goal's header line (`--- migration:...:generate`)
to the goal's "is up to date" line: Maven configuring the Mojo plus everything the goal does. The
first modules pay the JVM's warm-up (class loading, interpreted code), so the median is taken over
modules 10 and later, of all logs together. Wall-clock totals of whole builds on this machine vary
by ±0.5 s between runs, which is 10 ms per module of a 50-module reactor; these intervals do not
include the JVM's start, Maven's set-up or the other modules, so they vary far less.
"""
import statistics
import sys


def seconds(stamp):
    hours, minutes, rest = stamp.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def module_times(path):
    times, header = [], None
    for line in open(path):
        if ":generate (" in line and line.startswith(tuple("0123456789")):
            header = seconds(line[:12])
        elif "is up to date" in line and header is not None:
            times.append(seconds(line[:12]) - header)
            header = None
    return times


def main():
    warm = []
    for path in sys.argv[1:]:
        times = module_times(path)
        if len(times) < 11:
            sys.exit(f"{path}: {len(times)} up-to-date modules, need at least 11")
        warm += times[9:]
    first, _, third = statistics.quantiles(warm, n=4)
    print(f"{1000 * statistics.median(warm):.1f} ms (median over {len(warm)} modules, "
          f"quartiles {1000 * first:.1f}–{1000 * third:.1f} ms)")


if __name__ == "__main__":
    main()
