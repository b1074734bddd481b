#!/usr/bin/env python3
"""How a Spark job's work divides, from its event log: per stage, its description, tasks, failed attempts, the
executors' run and CPU time, input read, shuffle written and read. Markdown table on stdout."""
import json
import os
import subprocess
import sys


def event_files(args):
    """Event log files: plain, or Spark 4's rolling folders (eventlog_v2_*/events_N_*), zstd-compressed or not."""
    for a in args:
        if os.path.isdir(a):
            yield from sorted(os.path.join(a, f) for f in os.listdir(a) if f.startswith("events_"))
        else:
            yield a


def lines(path):
    if path.endswith(".zstd") or path.endswith(".zst"):
        return subprocess.run(["zstd", "-dc", path], capture_output=True, text=True, check=True).stdout.splitlines()
    with open(path) as f:
        return f.read().splitlines()


stages = {}
jobs_desc = {}
for path in event_files(sys.argv[1:]):
    for line in lines(path):
        e = json.loads(line)
        ev = e.get("Event")
        if ev == "SparkListenerJobStart":
            desc = (e.get("Properties") or {}).get("spark.job.description") or ""
            for sid in e.get("Stage IDs", []):
                jobs_desc[sid] = desc
        elif ev == "SparkListenerTaskEnd":
            sid = e["Stage ID"]
            s = stages.setdefault(sid, {"tasks": 0, "failed": 0, "run_ms": 0, "cpu_ns": 0, "in": 0, "sw": 0, "sr": 0, "name": ""})
            info = e.get("Task Info", {})
            if info.get("Failed"):
                s["failed"] += 1
            else:
                s["tasks"] += 1
            m = e.get("Task Metrics") or {}
            s["run_ms"] += m.get("Executor Run Time", 0)
            s["cpu_ns"] += m.get("Executor CPU Time", 0)
            s["in"] += (m.get("Input Metrics") or {}).get("Bytes Read", 0)
            s["sw"] += (m.get("Shuffle Write Metrics") or {}).get("Shuffle Bytes Written", 0)
            sr = m.get("Shuffle Read Metrics") or {}
            s["sr"] += sr.get("Remote Bytes Read", 0) + sr.get("Local Bytes Read", 0)
        elif ev == "SparkListenerStageCompleted":
            info = e["Stage Info"]
            s = stages.setdefault(info["Stage ID"], {"tasks": 0, "failed": 0, "run_ms": 0, "cpu_ns": 0, "in": 0, "sw": 0, "sr": 0})
            s["name"] = info.get("Stage Name", "")

def mb(b):
    return f"{b / 1e6:,.1f}"

print("| stage | job | tasks | failed | run s | CPU s | input MB | shuffle write MB | shuffle read MB |")
print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
tot = {"tasks": 0, "run_ms": 0, "cpu_ns": 0, "sw": 0, "sr": 0}
for sid in sorted(stages):
    s = stages[sid]
    print(f"| {sid} | {jobs_desc.get(sid, '')} ({s.get('name', '').split(' at ')[0]}) | {s['tasks']} | {s['failed']} | "
          f"{s['run_ms'] / 1000:,.1f} | {s['cpu_ns'] / 1e9:,.1f} | {mb(s['in'])} | {mb(s['sw'])} | {mb(s['sr'])} |")
    for k in tot:
        tot[k] += s[k]
print(f"| all | | {tot['tasks']} | | {tot['run_ms'] / 1000:,.1f} | {tot['cpu_ns'] / 1e9:,.1f} | | {mb(tot['sw'])} | {mb(tot['sr'])} |")

# the same, summed per job description (one line per build step)
print()
print("| step | stages | tasks | run s | shuffle write MB | shuffle read MB |")
print("|---|---:|---:|---:|---:|---:|")
steps = {}
for sid in sorted(stages):
    d = jobs_desc.get(sid, "") or "(none)"
    a = steps.setdefault(d, {"stages": 0, "tasks": 0, "run_ms": 0, "sw": 0, "sr": 0})
    a["stages"] += 1
    for k in ("tasks", "run_ms", "sw", "sr"):
        a[k] += stages[sid][k]
for d, a in steps.items():
    print(f"| {d} | {a['stages']} | {a['tasks']} | {a['run_ms'] / 1000:,.1f} | {mb(a['sw'])} | {mb(a['sr'])} |")
