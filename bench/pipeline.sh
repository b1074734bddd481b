#!/usr/bin/env bash
# Pipeline benchmark: `lastlight build` (gzipped WARC → observation Parquet → derived tables) vs DuckDB's own
# read_json loading the same post payloads into Parquet, run alternately in one session.
#
#   bench/pipeline.sh [USERS] [RUNS]        (defaults: 100000 users ≈ 1M posts, 3 runs)
#
# Data: bench-data/uUSERS/warc, written once by io.lastlight.bench.WarcGen (the simulated platform answered
# in-process, written by the crawler's WarcSink: a complete crawl's profiles, creator pages and follow lists),
# and bench-data/uUSERS/ndjson (the creator-page bodies, for the peer; not timed: the peer's head start).
# Output: one TSV line per run in bench-data/pipeline-uUSERS.tsv and a Markdown summary on stdout, then the floors
# (io.lastlight.bench.PipelineFloors: read, sha256, gunzip, jwarc, jwarc + Jackson streaming over the same files).
# JVM flags for lastlight: BENCH_JAVA_OPTS (default -Xmx1g -XX:+UseG1GC, what ./lastlight build uses).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
users="${1:-100000}"
runs="${2:-3}"
opts="${BENCH_JAVA_OPTS:--Xmx1g -XX:+UseG1GC}"
jar="$root/app/target/lastlight.jar"
tc="$root/dataset/target/test-classes"
data="$root/bench-data/u$users"
tsv="$root/bench-data/pipeline-u$users.tsv"

if [ ! -f "$jar" ] || [ ! -f "$tc/io/lastlight/bench/WarcGen.class" ]; then
  (cd "$root" && flock /tmp/lastlight-mvn.lock mvn -B -q -o -pl app -am install -DskipTests)
fi
cp="$jar:$tc"
if [ ! -d "$data/warc" ] || ls "$data/warc" | grep -q '\.open$'; then
  rm -rf "$data/warc"
  echo "generating WARC files for $users users…" >&2
  java -Xmx2g -cp "$cp" io.lastlight.bench.WarcGen --users "$users" --out "$data/warc" >&2
fi
if [ ! -d "$data/ndjson" ]; then
  echo "extracting creator-page payloads to NDJSON for the peer…" >&2
  java -cp "$cp" io.lastlight.bench.JsonPeer dump "$data/warc" "$data/ndjson.tmp" >&2
  mv "$data/ndjson.tmp" "$data/ndjson"
fi

: > "$tsv"
for run in $(seq 1 "$runs"); do
  rm -rf "$data/ds"
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -v -o "$data/time-build.txt" java $opts -Xlog:gc:file="$data/gc-build.log" -jar "$jar" \
      build --in "$data/warc" --out "$data/ds" --force > "$data/build.json" 2> "$data/build.err"
  posts=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['rows']['post_observations'])" "$data/build.json")
  wall=$(python3 "$here/lib/timev.py" wall "$data/time-build.txt")
  rss=$(python3 "$here/lib/timev.py" rss "$data/time-build.txt")
  heap=$(python3 "$here/lib/timev.py" heap "$data/gc-build.log")
  cpu=$(python3 "$here/lib/timev.py" cpu "$data/time-build.txt")
  # stderr is a file here: the build's events are JSON lines ("extraction" and "derived" carry the phases' seconds)
  extract=$(python3 "$here/lib/events.py" extraction seconds "$data/build.err")
  derive=$(python3 "$here/lib/events.py" derived seconds "$data/build.err")
  printf 'lastlight\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$posts" "$wall" "$rss" "$heap" "$extract/$derive" "$cpu" "$load" >> "$tsv"

  /usr/bin/time -v -o "$data/time-peer.txt" java -cp "$cp" io.lastlight.bench.JsonPeer duckdb "$data/ndjson" "$data/peer.parquet" 2 > "$data/peer.json"
  pposts=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['posts'])" "$data/peer.json")
  pwall=$(python3 "$here/lib/timev.py" wall "$data/time-peer.txt")
  prss=$(python3 "$here/lib/timev.py" rss "$data/time-peer.txt")
  pcpu=$(python3 "$here/lib/timev.py" cpu "$data/time-peer.txt")
  printf 'duckdb_read_json\t%s\t%s\t%s\t%s\t-\t-\t%s\t-\n' "$run" "$pposts" "$pwall" "$prss" "$pcpu" >> "$tsv"
  echo "run $run: lastlight $posts posts in ${wall}s, ${cpu} CPU-s, load ${load} (extract/derive ${extract}/${derive}s, RSS ${rss} MiB, live heap ${heap} MiB); read_json $pposts posts in ${pwall}s" >&2
done
python3 "$here/lib/pipeline_report.py" "$tsv" "$users"
# The floors: each layer of the read path alone over the same files, one thread per file (best of 2).
echo
echo "Floors (io.lastlight.bench.PipelineFloors, load $(cut -d' ' -f1 /proc/loadavg) at start):"
echo '```'
java -Xmx2g -XX:+UseParallelGC -cp "$cp" io.lastlight.bench.PipelineFloors "$data/warc" 2
echo '```'
