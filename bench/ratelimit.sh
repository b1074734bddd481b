#!/usr/bin/env bash
# Rate-limit utilisation: how much of an allowed rate `lastlight crawl` uses, and how often it is answered 429,
# against the simulator with a known limit (x-ratelimit-* headers on) and a hidden one (headers off: only 429 +
# Retry-After), in one run. The simulator's access log is the measurement (the server's view, not the crawler's).
#
#   bench/ratelimit.sh [RUNS] [SECONDS]     (defaults: 3 runs of 60 s per scenario)
#
# Per run: a fresh 20,000-user world (seed 1), one crawl with --rate 200 (a ceiling far above every limit)
# --concurrency 16 --deadline +SECONDS. The first 10 s are warm-up (AIMD probing, first quota reading) and are
# reported separately; utilisation = admitted (non-429) requests per second after warm-up / allowed rate.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"; secs="${2:-60}"
me=ratelimit.sh
work="$(mktemp -d)"
# shellcheck source=lib/crawl-world.sh
. "$here/bench/lib/crawl-world.sh"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
ensure_jar
# scenario name | simulator rate | headers
scenarios=("known-40|40|on" "known-100|100|on" "hidden-20|20|off" "hidden-50|50|off")
echo "scenario,run,allowed,seconds,requests,admitted_per_s,utilisation,share_429,warmup_share_429" >"$work/results.csv"
for r in $(seq "$runs"); do
  for sc in "${scenarios[@]}"; do
    IFS='|' read -r name rate headers <<<"$sc"
    rm -rf "$work/ll" "$work/access.log"
    start_world 20000 --rate "$rate" --rate-headers "$headers" --access-log "$work/access.log"
    # shellcheck disable=SC2086
    java -Xmx1g -jar "$jar" crawl --platform parler --base "$base" $seeds --out "$work/ll" --rate 200 --burst 1 \
      --concurrency 16 --deadline "+${secs}s" --quiet >"$work/ll.out" 2>"$work/ll.err" || { cat "$work/ll.err" >&2; exit 1; }
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
    python3 - "$work/access.log" "$name" "$r" "$rate" >>"$work/results.csv" <<'PY'
import sys
path, name, run, allowed = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
rows = []
for line in open(path):
    p = line.split()
    if len(p) >= 3 and p[2] != "/robots.txt":
        rows.append((int(p[0]), int(p[1])))
rows.sort()
t0 = rows[0][0]
warm = [s for t, s in rows if t - t0 < 10e9]
steady = [(t, s) for t, s in rows if t - t0 >= 10e9]
span = (steady[-1][0] - steady[0][0]) / 1e9
admitted = sum(1 for _, s in steady if s != 429)
n429 = sum(1 for _, s in steady if s == 429)
print(f"{name},{run},{allowed:g},{span:.1f},{len(rows)},{admitted / span:.2f},{admitted / span / allowed:.3f},"
      f"{n429 / len(steady):.4f},{sum(1 for s in warm if s == 429) / max(len(warm), 1):.4f}")
PY
    tail -1 "$work/results.csv" >&2
  done
done
cat "$work/results.csv"
python3 - "$work/results.csv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print()
print("| limit | allowed req/s | admitted req/s after warm-up (median) | utilisation | 429 share after warm-up | 429 share in warm-up (first 10 s) | runs |")
print("|---|---|---|---|---|---|---|")
for name in dict.fromkeys(r["scenario"] for r in rows):
    rs = [r for r in rows if r["scenario"] == name]
    med = lambda k: statistics.median(float(r[k]) for r in rs)
    kind = "known (x-ratelimit-* headers)" if name.startswith("known") else "hidden (429 + Retry-After only)"
    print(f"| {kind} | {rs[0]['allowed']} | {med('admitted_per_s'):.1f} | {med('utilisation'):.1%} | {med('share_429'):.2%} "
          f"| {med('warmup_share_429'):.2%} | {len(rs)} |")
PY
