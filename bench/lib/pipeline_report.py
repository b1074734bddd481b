"""Summarise bench-data/pipeline-uN.tsv as Markdown: medians per side and the ratio."""
import statistics
import sys

rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
users = int(sys.argv[2])
side = {}
for r in rows:
    name, run, posts, wall, rss, heap, phases = r[:7]
    cpu = r[7] if len(r) > 7 else "-"
    load = r[8] if len(r) > 8 else "-"
    side.setdefault(name, []).append((int(posts), float(wall), int(rss), heap, phases, cpu, load))


def med(name, i):
    return statistics.median(r[i] for r in side[name])


ll, dj = "lastlight", "duckdb_read_json"
ll_rate = med(ll, 0) / med(ll, 1)
dj_rate = med(dj, 0) / med(dj, 1)
def cpus(name):
    return ", ".join(r[5] for r in side[name])


print(f"| side | posts | median wall s | posts/s | peak RSS MiB (max) | live heap after GC MiB (max) | runs (wall s) | runs (CPU s) |")
print("|---|---|---|---|---|---|---|---|")
print(f"| `lastlight build` (WARC.gz → all tables) | {side[ll][0][0]:,} | {med(ll, 1):.1f} | {ll_rate:,.0f} | "
      f"{max(r[2] for r in side[ll]):,} | {max(int(r[3]) for r in side[ll]):,} | {', '.join(str(r[1]) for r in side[ll])} | {cpus(ll)} |")
print(f"| DuckDB `read_json` (NDJSON → posts) | {side[dj][0][0]:,} | {med(dj, 1):.1f} | {dj_rate:,.0f} | "
      f"{max(r[2] for r in side[dj]):,} | – | {', '.join(str(r[1]) for r in side[dj])} | {cpus(dj)} |")
print()
print(f"Ratio lastlight / read_json posts/s: **{ll_rate / dj_rate:.2f}** ({users:,} users). "
      f"lastlight extract/derive seconds per run: {', '.join(r[4] for r in side[ll])}; "
      f"1-minute load average when each run started: {', '.join(r[6] for r in side[ll])}.")
