#!/usr/bin/env bash
# Where a crawl's CPU goes: one `lastlight crawl` of an unlimited simulated Parler world (as in
# crawl-vs-wget.sh) under async-profiler (CPU samples every 1 ms through perf_events, every thread, kernel
# frames included; itimer where perf_events is not allowed), then the samples summed by thread and by what the
# work was (bench/lib/profile_report.py). The profiler costs the crawl ~20% more CPU: read the shares, and take
# captures/s and CPU per capture from crawl-vs-wget.sh.
# Usage: bench/crawl-profile.sh [USERS] [CONCURRENCY]   (defaults: 8000 64)
# Fetches async-profiler (tools.profiler:async-profiler, linux-x64) with Maven on first use.
# JVM flags for the crawler: BENCH_JAVA_OPTS (default -Xmx1g). Keeps the profile: bench-data/crawl-profile-u<USERS>-c<CONCURRENCY>.collapsed
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
users="${1:-8000}"; conc="${2:-64}"
apver=4.1
case "$(uname -m)" in x86_64) aparch=linux-x64 ;; aarch64) aparch=linux-arm64 ;; *) echo "crawl-profile.sh: no async-profiler build for $(uname -m)" >&2; exit 1 ;; esac
apjar="$HOME/.m2/repository/tools/profiler/async-profiler/$apver/async-profiler-$apver-$aparch.jar"
if [ ! -f "$apjar" ]; then
  mvn -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$apver:jar:$aparch" >&2
fi
me=crawl-profile.sh
# shellcheck source=lib/crawl-world.sh
. "$here/bench/lib/crawl-world.sh"
ensure_jar
work="$(mktemp -d)"
pid=
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
(cd "$work" && unzip -q "$apjar")
lib="$(find "$work" -name libasyncProfiler.so | head -1)"
[ -n "$lib" ] || { echo "crawl-profile.sh: no libasyncProfiler.so in $apjar" >&2; exit 1; }
start_world "$users"
# Not profiled: a short crawl, so the launcher writes its class-data archive (it cannot while an agent is
# loaded) and the profiled crawl maps it, as a user's crawls do.
# shellcheck disable=SC2086
JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx1g}" "$here/lastlight" crawl --platform parler --base "$base" $seeds --out "$work/warm" \
  --rate 0 --concurrency "$conc" --deadline +3s --quiet >/dev/null 2>"$work/warm.err" || { cat "$work/warm.err" >&2; exit 1; }
rm -rf "$work/warm"
event=cpu
[ "$(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null || echo 3)" -le 2 ] || [ "$(id -u)" = 0 ] || event=itimer
mkdir -p "$here/bench-data"
out="$here/bench-data/crawl-profile-u$users-c$conc.collapsed"
# shellcheck disable=SC2086
JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx1g} -agentpath:$lib=start,event=$event,interval=1ms,threads,file=$out,collapsed" \
  /usr/bin/time -f "%e %U %S" -o "$work/ll.time" "$here/lastlight" crawl --platform parler --base "$base" $seeds \
  --out "$work/ll" --rate 0 --concurrency "$conc" --quiet 2>"$work/ll.err" || { cat "$work/ll.err" >&2; exit 1; }
caps=$(for f in "$work"/ll/warc/*.warc.gz; do zcat "$f"; done | grep -ac '^WARC-Type: response' || true)
[ "${caps:-0}" -gt 0 ] || { echo "crawl-profile.sh: the crawl captured nothing; its log:" >&2; cat "$work/ll.err" >&2; exit 1; }
read -r wall user sys <"$work/ll.time"
echo "crawl of $users users at --concurrency $conc under the profiler ($event): $caps captures in $wall s," \
  "$(python3 -c "import sys; print(f'{float(sys.argv[1]) + float(sys.argv[2]):.1f}')" "$user" "$sys") CPU-s"
python3 "$here/bench/lib/profile_report.py" "$out" "$caps"
echo "profile kept: $out"
