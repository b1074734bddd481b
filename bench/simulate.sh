#!/usr/bin/env bash
# Simulator throughput: serves `lastlight simulate` (unlimited rate) and measures it with wrk on random mixed
# Parler requests (a profile, a creator page and a followers page of random users, in turn). Prints wrk's
# summary and one line "simulate: USERS users, N req/s". Needs wrk (apt-get install -y wrk) and python3.
# Usage: bench/simulate.sh [USERS] [SECONDS] [CONNECTIONS]    (defaults: 20000 15 50)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
users="${1:-20000}"; secs="${2:-15}"; conns="${3:-50}"
command -v wrk >/dev/null 2>&1 || { echo "simulate.sh: wrk is needed (apt-get install -y wrk)" >&2; exit 1; }
jar="$here/app/target/lastlight.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$here"/{schemas,core,platforms,simulator,crawler,dataset,app}/src/main -type f -newer "$jar" -print -quit 2>/dev/null)" ]; then
  echo "simulate.sh: building the jar…" >&2
  lock=(); command -v flock >/dev/null 2>&1 && lock=(flock /tmp/lastlight-mvn.lock)
  "${lock[@]}" mvn -B -q -f "$here/pom.xml" -DskipTests package >&2
fi
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
java ${JAVA_OPTS:--Xmx1g} -jar "$jar" simulate --port 0 --users "$users" --seed 1 --truth "$work/truth.json" >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 600); do [ -s "$work/out" ] && break; sleep 0.2; done
base="$(head -1 "$work/out")"
[ -n "$base" ] || { echo "simulate.sh: the simulator did not start:" >&2; cat "$work/err" >&2; exit 1; }
python3 - "$work/truth.json" "$work/paths.txt" <<'PY'
import json, random, sys
t = json.load(open(sys.argv[1]))
ids = t.get("reachable_user_ids")
if not ids:
    sys.exit("simulate.sh: the truth has no reachable_user_ids (more than 100k users); use at most 100000 users")
random.seed(5)
with open(sys.argv[2], "w") as f:
    for i in range(30000):
        u = random.choice(ids)
        f.write(["/v1/profile?id=", "/v1/post/creator?id=", "/v1/follow/followers?id="][i % 3] + u + "\n")
PY
cat >"$work/rand.lua" <<LUA
local paths = {}
for line in io.lines("$work/paths.txt") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i * 7919) % #paths + 1])
end
LUA
wrk -t2 -c"$conns" -d5s -s "$work/rand.lua" "$base" >/dev/null   # warm-up (JIT)
wrk -t2 -c"$conns" -d"${secs}s" -s "$work/rand.lua" "$base" | tee "$work/wrk.txt"
rps="$(awk '/Requests\/sec/ {print int($2)}' "$work/wrk.txt")"
echo "simulate: $users users, $rps req/s (wrk -t2 -c$conns, random profile/creator/followers requests, $(nproc) cores shared with wrk)"
