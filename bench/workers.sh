#!/usr/bin/env bash
# Many workers, one crawl (issue 19): captures/s with 1, 2 and 4 `lastlight crawl` workers sharing one PostgreSQL
# frontier, each sending from its own loopback address (127.0.0.2-5), against a simulated world that limits every
# client address (--rate per address, x-ratelimit-* headers on) — the many-IPs case: more addresses, more
# throughput, while the crawl's global --rate (set far above) does not bind.
#
#   bench/workers.sh [USERS] [PER_ADDRESS_RATE] [WORKER_COUNTS]     (defaults: 250 users, 20/s, "1 2 4")
#
# Per worker count: a fresh simulator (same world: seed 1, comments off), a fresh schema, the first worker
# creates the crawl and the others join with --frontier/--worker/--out only; the crawl runs to completion.
# Wall time runs from the first worker's start to the last one's exit (JVM start-up included); CPU is the
# workers' user+sys (/usr/bin/time), the simulator's and PostgreSQL's left out. Needs PostgreSQL: without PGHOST
# it runs itself under `pg_virtualenv -t -o fsync=on` (Debian's postgresql package), which makes a throwaway
# cluster (fsync on, as in production: every commit waits for its WAL flush).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
users="${1:-250}"; per_addr="${2:-20}"; counts="${3:-1 2 4}"
if [ -z "${PGHOST:-}" ]; then
  command -v pg_virtualenv >/dev/null 2>&1 || { echo "workers.sh: needs PostgreSQL (PGHOST) or pg_virtualenv" >&2; exit 1; }
  exec pg_virtualenv -t -o fsync=on "$0" "$@"
fi
jar="$here/app/target/lastlight.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$here"/{schemas,core,platforms,simulator,crawler,dataset,app}/src/main -type f -newer "$jar" -print -quit 2>/dev/null)" ]; then
  echo "workers.sh: building the jar…" >&2
  lock=(); command -v flock >/dev/null 2>&1 && lock=(flock /tmp/lastlight-mvn.lock)
  "${lock[@]}" mvn -B -q -o -f "$here/pom.xml" -pl app -am -DskipTests package >&2
fi
work="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"' EXIT
printf 'comments: false\n' >"$work/crawl.yaml"
echo "machine: $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo);" \
  "PostgreSQL $(psql -At -c 'SHOW server_version' 2>/dev/null); $(date -u +%Y-%m-%dT%H:%MZ)"
echo "world: $users users (seed 1, comments off), limited to $per_addr requests/s per client address (x-ratelimit-* on)"
echo
echo "| workers | addresses | load avg at start | captures | wall s | captures/s | 429s | workers' CPU s (user+sys) | CPU s per 1,000 captures |"
echo "|---|---|---|---|---|---|---|---|---|"
for n in $counts; do
  run="$work/run$n"; mkdir -p "$run"
  java -Xmx1g -jar "$jar" simulate --port 0 --users "$users" --seed 1 --rate "$per_addr" --rate-headers on \
    --access-log "$run/access.log" --truth "$run/truth.json" >"$run/sim.out" 2>"$run/sim.err" &
  sim=$!; pids+=("$sim")
  for _ in $(seq 600); do [ -s "$run/sim.out" ] && break; sleep 0.2; done
  base="$(head -1 "$run/sim.out")"
  [ -n "$base" ] || { echo "workers.sh: the simulator did not start" >&2; cat "$run/sim.err" >&2; exit 1; }
  schema="bench_w${n}_$$"
  psql -q -c "CREATE SCHEMA $schema" >/dev/null
  url="postgresql://$PGHOST:${PGPORT:-5432}/${PGDATABASE:-postgres}?currentSchema=$schema"
  seeds=$(python3 -c "import json,sys; print(' '.join('--seed-user '+u for u in json.load(open(sys.argv[1]))['seed_users']))" "$run/truth.json")
  load="$(cut -d' ' -f1 /proc/loadavg)"
  start=$(date +%s.%N)
  wpids=()
  for i in $(seq "$n"); do
    args=(crawl --frontier "$url" --worker "w$i" --out "$run/w$i" --bind-address "127.0.0.$((i + 1))" --quiet)
    # shellcheck disable=SC2206
    [ "$i" = 1 ] && args+=(--platform parler --base "$base" $seeds --rate 1000 --burst 10 --concurrency 8 --config "$work/crawl.yaml")
    /usr/bin/time -f '%e %U %S' -o "$run/time.w$i" java -Xmx1g -jar "$jar" "${args[@]}" >"$run/w$i.out" 2>"$run/w$i.err" &
    wpids+=($!)
    # the others join once the first has stored the crawl's settings
    if [ "$i" = 1 ]; then
      for _ in $(seq 300); do
        [ "$(psql -At -c "SELECT count(*) FROM $schema.meta WHERE k = 'settings'" 2>/dev/null || echo 0)" = 1 ] && break
        sleep 0.1
      done
    fi
  done
  for p in "${wpids[@]}"; do wait "$p" || { echo "workers.sh: a worker failed" >&2; cat "$run"/w*.err >&2; exit 1; }; done
  end=$(date +%s.%N)
  kill "$sim"; wait "$sim" 2>/dev/null || true
  captures="$(psql -At -c "SELECT count(*) FROM $schema.items WHERE state = 2")"
  left="$(psql -At -c "SELECT count(*) FROM $schema.items WHERE state <> 2")"
  [ "$left" = 0 ] || echo "workers.sh: $left items not captured with $n workers" >&2
  n429="$(awk '$2 == 429' "$run/access.log" | wc -l)"
  cpu="$(cat "$run"/time.w* | awk '{s += $2 + $3} END {printf "%.1f", s}')"
  python3 - "$n" "$load" "$captures" "$start" "$end" "$n429" "$cpu" <<'PY'
import sys
n, load, caps, start, end, n429, cpu = sys.argv[1:]
wall = float(end) - float(start)
caps = int(caps)
addrs = "127.0.0.2" if n == "1" else f"127.0.0.2-{1 + int(n)}"
print(f"| {n} | {addrs} | {load} | {caps:,} | {wall:.1f} | {caps / wall:.1f} | {int(n429):,} | {float(cpu):.1f} | {float(cpu) / caps * 1000:.1f} |")
PY
done
