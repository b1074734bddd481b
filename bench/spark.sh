#!/usr/bin/env bash
# Spark benchmark: the same WARC set built by `lastlight build` and by the Spark job (io.lastlight.spark.BuildJob)
# in local mode on this machine, one after the other, then their tables compared row for row.
#
#   bench/spark.sh [USERS] [MASTER]        (defaults: 100000 users ≈ 1M posts, local[2])
#
# Data: bench-data/uUSERS/warc as bench/pipeline.sh writes it (io.lastlight.bench.WarcGen). Spark runs on a plain
# java command line (-Dspark.master=MASTER, the flags of spark/java-options) with Spark's jars from Maven, and writes
# its event log, from which bench/lib/spark_stages.py prints how the work divides (stages, tasks, shuffle sizes).
# JVM flags: BENCH_JAVA_OPTS (default -Xmx2g -XX:+UseParallelGC) for both; LASTLIGHT_JAR: another lastlight.jar for
# the local build and the comparison queries (default app/target/lastlight.jar).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
users="${1:-100000}"
master="${2:-local[2]}"
opts="${BENCH_JAVA_OPTS:--Xmx2g -XX:+UseParallelGC}"
jar="${LASTLIGHT_JAR:-$root/app/target/lastlight.jar}"
sjar="$root/spark/target/lastlight-spark.jar"
cpfile="$root/spark/target/spark-classpath.txt"
data="$root/bench-data/u$users"
[ -d "$data/warc" ] || { echo "no $data/warc: run bench/pipeline.sh $users 1 first (it generates the WARC files)" >&2; exit 2; }
if [ ! -f "$jar" ] || [ ! -f "$sjar" ] || [ ! -f "$cpfile" ]; then
  # spark last in the reactor, so its classpath (Spark and what it ships: the provided scope) is the file's
  (cd "$root" && flock /tmp/lastlight-mvn.lock mvn -B -q -o -pl app -am package -DskipTests \
     && flock /tmp/lastlight-mvn.lock mvn -B -q -o -pl spark -am package dependency:build-classpath -DskipTests \
          -Dmdep.includeScope=provided -Dmdep.outputFile="$cpfile")
fi
rm -rf "$data/ds-local" "$data/ds-spark" "$data/spark-events"
mkdir -p "$data/spark-events"

load=$(cut -d' ' -f1 /proc/loadavg)
/usr/bin/time -v -o "$data/time-local.txt" java $opts -jar "$jar" build --in "$data/warc" --out "$data/ds-local" --threads 2 \
    > "$data/local.json" 2> "$data/local.err"
lwall=$(python3 "$here/lib/timev.py" wall "$data/time-local.txt"); lcpu=$(python3 "$here/lib/timev.py" cpu "$data/time-local.txt")
lrss=$(python3 "$here/lib/timev.py" rss "$data/time-local.txt")
echo "lastlight build: ${lwall}s wall, ${lcpu} CPU-s, peak RSS ${lrss} MiB (load ${load} at start)" >&2

load=$(cut -d' ' -f1 /proc/loadavg)
/usr/bin/time -v -o "$data/time-spark.txt" java $opts @"$root/spark/java-options" -Dspark.master="$master" \
    -Dspark.ui.enabled=false -Dspark.driver.host=127.0.0.1 -Dspark.driver.bindAddress=127.0.0.1 \
    -Dspark.eventLog.enabled=true -Dspark.eventLog.dir="file://$data/spark-events" \
    -cp "$sjar:$(cat "$cpfile")" io.lastlight.spark.BuildJob --in "$data/warc" --out "$data/ds-spark" \
    > "$data/spark.json" 2> "$data/spark.err"
swall=$(python3 "$here/lib/timev.py" wall "$data/time-spark.txt"); scpu=$(python3 "$here/lib/timev.py" cpu "$data/time-spark.txt")
srss=$(python3 "$here/lib/timev.py" rss "$data/time-spark.txt")
echo "spark $master: ${swall}s wall, ${scpu} CPU-s, peak RSS ${srss} MiB (load ${load} at start)" >&2

echo "| build | posts | wall s | CPU s | peak RSS MiB |"
echo "|---|---:|---:|---:|---:|"
for b in local spark; do
  posts=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['rows']['post_observations'])" "$data/$b.json")
  w=$(python3 "$here/lib/timev.py" wall "$data/time-$b.txt"); c=$(python3 "$here/lib/timev.py" cpu "$data/time-$b.txt")
  r=$(python3 "$here/lib/timev.py" rss "$data/time-$b.txt")
  echo "| $b | $posts | $w | $c | $r |"
done
echo
python3 "$here/lib/spark_stages.py" "$data/spark-events"/*
echo
# the same rows: every table's count and a digest over all its columns, through each dataset's lastlight.duckdb
python3 - "$jar" "$data" <<'PY'
import subprocess, sys
jar, data = sys.argv[1], sys.argv[2]
tables = ["captures","profile_observations","post_observations","follows","tombstones","platform_stats","posts",
          "post_versions","profiles","profile_history","deletions","media","daily_signups"]
same = True
for t in tables:
    sql = f"SELECT count(*) AS n, sum(hash(CAST(x AS VARCHAR))::HUGEINT) AS h FROM \"{t}\" x"
    out = [subprocess.run(["java", "-Xmx2g", "-jar", jar, "query", "--dataset", f"{data}/ds-{b}", "--sql", sql, "--format", "csv"],
                          capture_output=True, text=True).stdout.strip().splitlines()[-1] for b in ("local", "spark")]
    same &= out[0] == out[1]
    print(f"{t}: local {out[0]} spark {out[1]} {'same' if out[0] == out[1] else 'DIFFERENT'}")
print("all tables identical" if same else "TABLES DIFFER")
PY
