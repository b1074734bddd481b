# Sourced by the crawl benchmarks (crawl-vs-wget.sh, crawl-profile.sh, ratelimit.sh). Needs $here (the checkout), $work (a
# scratch directory) and $me (the script's name, for messages).

# Builds the runnable jar when it is missing or older than a source or pom (the launcher's own staleness test,
# so `./lastlight` never builds inside a timed crawl). Sets $jar.
ensure_jar() {
  jar="$here/app/target/lastlight.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$here/pom.xml" "$here"/{schemas,core,platforms,simulator,crawler,dataset,app} \
       \( -name pom.xml -o -path '*/src/main/*' \) -type f -newer "$jar" -print -quit 2>/dev/null)" ]; then
    echo "$me: building the jar…" >&2
    local lock=()
    command -v flock >/dev/null 2>&1 && lock=(flock /tmp/lastlight-mvn.lock)
    "${lock[@]}" mvn -B -q -f "$here/pom.xml" -DskipTests package >&2
  fi
}

# start_world USERS [SIMULATE OPTION...]: starts a `lastlight simulate` world of USERS users (seed 1) on loopback
# in the background, unlimited unless the options say otherwise (e.g. --rate 40). Sets $pid (for the caller's exit
# trap), $base (its URL) and $seeds (the --seed-user arguments of its seed users); the world's truth is
# $work/truth.json.
start_world() {
  local users="$1"; shift
  rm -f "$work/sim.out"
  java -Xmx1g -Dsun.net.httpserver.nodelay=true -jar "$jar" simulate --port 0 --users "$users" --seed 1 \
    --truth "$work/truth.json" "$@" >"$work/sim.out" 2>"$work/sim.err" &
  pid=$!
  for _ in $(seq 600); do [ -s "$work/sim.out" ] && break; sleep 0.2; done
  base="$(head -1 "$work/sim.out")"
  [ -n "$base" ] || { echo "$me: the simulator did not start" >&2; cat "$work/sim.err" >&2; exit 1; }
  seeds=$(python3 -c "import json,sys; print(' '.join('--seed-user '+u for u in json.load(open(sys.argv[1]))['seed_users']))" "$work/truth.json")
}
