#!/usr/bin/env python3
"""Where the test suite's time goes: per test class, from the trx files of a `dotnet test --logger trx` run.

    python3 bench/tests/durations.py DIR [--tests N]

For each test assembly (one trx file): its wall-clock, then each class with the sum of its tests' durations, its span
(first start to last end; a class fixture's set-up falls before its first test and is not in either) and its tests;
with --tests N, the N longest tests of the run. bench/tests/run.sh makes the trx files.
"""
import collections
import datetime
import glob
import os
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def seconds(duration):
    h, m, s = duration.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def main(directory, longest):
    tests = []
    for path in sorted(glob.glob(f"{directory}/*.trx")):
        root = ET.parse(path).getroot()
        classes = {u.get("id"): u.find("t:TestMethod", NS).get("className") for u in root.iterfind(".//t:UnitTest", NS)}
        per_class = collections.defaultdict(lambda: {"sum": 0.0, "start": None, "end": None, "tests": 0, "failed": 0})
        for result in root.iterfind(".//t:UnitTestResult", NS):
            c = per_class[classes[result.get("testId")]]
            start, end = (datetime.datetime.fromisoformat(result.get(k)) for k in ("startTime", "endTime"))
            duration = seconds(result.get("duration", "0:0:0"))
            c["sum"] += duration
            c["start"] = start if c["start"] is None else min(c["start"], start)
            c["end"] = end if c["end"] is None else max(c["end"], end)
            c["tests"] += 1
            c["failed"] += result.get("outcome") != "Passed"
            tests.append((duration, result.get("testName")))
        times = root.find("t:Times", NS)
        wall = (datetime.datetime.fromisoformat(times.get("finish")) - datetime.datetime.fromisoformat(times.get("start"))).total_seconds()
        unit = root.find(".//t:UnitTest", NS)
        assembly = os.path.basename(unit.get("storage")) if unit is not None else path
        print(f"\n{assembly}: {wall:.0f} s wall-clock, {sum(c['tests'] for c in per_class.values())} tests")
        print(f"  {'tests s':>8} {'span s':>7} {'tests':>5}  class")
        for name, c in sorted(per_class.items(), key=lambda kv: -kv[1]["sum"]):
            failed = f"  ({c['failed']} not passed)" if c["failed"] else ""
            print(f"  {c['sum']:8.1f} {(c['end'] - c['start']).total_seconds():7.1f} {c['tests']:5d}  {name.split('.Tests.', 1)[-1]}{failed}")
    if longest:
        print(f"\nthe {longest} longest tests:")
        for duration, name in sorted(tests, reverse=True)[:longest]:
            print(f"  {duration:7.1f}  {name}")


if __name__ == "__main__":
    args = sys.argv[1:]
    n = int(args[args.index("--tests") + 1]) if "--tests" in args else 0
    main(args[0], n)
