#!/usr/bin/env bash
# Crawl throughput side by side: `lastlight crawl` of the simulator's Parler API vs `wget --recursive
# --warc-file` (ArchiveTeam's baseline) over the same world's HTML pages, both against one unlimited
# `lastlight simulate` on loopback, in one run. Reports captures/s and CPU seconds per capture (user+sys
# of the client process, from /usr/bin/time), median of RUNS. wget gets a fixed time budget (it would
# otherwise crawl every post page of the world); lastlight crawls its world to the end.
# The loopback ceiling: `wrk` (-c16, as many connections as the crawler's --concurrency) replaying the very
# requests lastlight made, against the same server, in the same run.
# Usage: bench/crawl-vs-wget.sh [USERS] [RUNS] [WGET_SECONDS]   (defaults: 2000 3 60)
# JVM flags for the crawler: BENCH_JAVA_OPTS (default -Xmx1g; e.g. add -XX:TieredStopAtLevel=1 for C1 only).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
users="${1:-2000}"; runs="${2:-3}"; wsecs="${3:-60}"
command -v wrk >/dev/null 2>&1 || { echo "crawl-vs-wget.sh: wrk is needed (apt-get install -y wrk)" >&2; exit 1; }
command -v wget >/dev/null 2>&1 || { echo "crawl-vs-wget.sh: wget is needed (apt-get install -y wget)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "crawl-vs-wget.sh: /usr/bin/time is needed (apt-get install -y time)" >&2; exit 1; }
me=crawl-vs-wget.sh
# shellcheck source=lib/crawl-world.sh
. "$here/bench/lib/crawl-world.sh"
ensure_jar
work="$(mktemp -d)"
pid=
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
start_world "$users"
first=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['seed_users'][0])" "$work/truth.json")
# Not timed, like building the jar: a short crawl (the launcher's first `crawl` after a build writes its
# class-data archive as it exits, which every later crawl maps instead of loading its classes again).
# shellcheck disable=SC2086
JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx1g}" "$here/lastlight" crawl --platform parler --base "$base" $seeds --out "$work/warm" \
  --rate 0 --concurrency 16 --deadline +3s --quiet >/dev/null 2>"$work/warm.err" || { cat "$work/warm.err" >&2; exit 1; }
rm -rf "$work/warm"
echo "side,run,captures,wall_s,cpu_s,captures_per_s,cpu_ms_per_capture" >"$work/results.csv"
for r in $(seq "$runs"); do
  rm -rf "$work/ll" "$work/wg"; mkdir -p "$work/wg"
  # shellcheck disable=SC2086
  # Through the launcher, as a user runs it (it execs java: the JVM flags it picks for a crawl apply).
  JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx1g}" /usr/bin/time -f "%e %U %S" -o "$work/ll.time" "$here/lastlight" crawl --platform parler --base "$base" $seeds \
    --out "$work/ll" --rate 0 --concurrency 16 --quiet 2>"$work/ll.err" || { cat "$work/ll.err" >&2; exit 1; }
  caps=$(for f in "$work"/ll/warc/*.warc.gz; do zcat "$f"; done | grep -ac '^WARC-Type: response')
  read -r wall user sys <"$work/ll.time"
  python3 -c "import sys; c,w,u,s=int(sys.argv[1]),float(sys.argv[2]),float(sys.argv[3]),float(sys.argv[4]); print(f'lastlight,{sys.argv[5]},{c},{w},{u+s:.2f},{c/w:.1f},{1000*(u+s)/c:.3f}')" \
    "$caps" "$wall" "$user" "$sys" "$r" >>"$work/results.csv"
  for f in "$work"/ll/warc/*.warc.gz; do zcat "$f"; done | tr -d '\r' \
    | awk -v base="$base" '/^WARC-Type:/ {t=$2} /^WARC-Target-URI:/ && t=="response" {u=$2; sub(base, "", u); print u}' >"$work/paths.txt"
  cat >"$work/replay.lua" <<LUA
local paths = {}
for line in io.lines("$work/paths.txt") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i - 1) % #paths + 1])
end
LUA
  wrk -t2 -c16 -d10s -s "$work/replay.lua" "$base" >"$work/wrk.txt"
  rps="$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")"
  echo "wrk,$r,$(wc -l <"$work/paths.txt"),10,-,$rps,-" >>"$work/results.csv"
  (cd "$work/wg" && /usr/bin/time -f "%e %U %S" -o "$work/wg.time" timeout "$wsecs" wget --recursive --level=inf --no-parent \
     --no-verbose -e robots=off --warc-file=crawl --no-warc-keep-log "$base/profile/$first" >/dev/null 2>&1) || true
  caps=$(zcat "$work/wg/crawl.warc.gz" 2>/dev/null | grep -ac '^WARC-Type: response' || true)
  read -r wall user sys < <(tail -1 "$work/wg.time")
  python3 -c "import sys; c,w,u,s=int(sys.argv[1]),float(sys.argv[2]),float(sys.argv[3]),float(sys.argv[4]); print(f'wget,{sys.argv[5]},{c},{w},{u+s:.2f},{c/w:.1f},{1000*(u+s)/max(c,1):.3f}')" \
    "$caps" "$wall" "$user" "$sys" "$r" >>"$work/results.csv"
done
cat "$work/results.csv"
python3 - "$work/results.csv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
med = {}
for side in ("lastlight", "wget"):
    rs = [r for r in rows if r["side"] == side]
    med[side] = {k: statistics.median(float(r[k]) for r in rs) for k in ("captures", "captures_per_s", "cpu_ms_per_capture")}
    print(f"{side}: median {med[side]['captures_per_s']:.0f} captures/s, {med[side]['cpu_ms_per_capture']:.3f} CPU ms per capture ({med[side]['captures']:.0f} captures)")
wrk = statistics.median(float(r["captures_per_s"]) for r in rows if r["side"] == "wrk")
print(f"wrk replaying lastlight's requests (-c16): median {wrk:.0f} requests/s; lastlight reaches {med['lastlight']['captures_per_s'] / wrk:.0%} of that loopback ceiling")
print(f"ratio lastlight/wget captures/s: {med['lastlight']['captures_per_s'] / med['wget']['captures_per_s']:.2f}; "
      f"CPU per capture: {med['lastlight']['cpu_ms_per_capture'] / med['wget']['cpu_ms_per_capture']:.2f}")
PY
