#!/usr/bin/env bash
# Deadline scheduling benchmark (issue 5): a simulated world crawled in full at the rate ceiling (FIFO) gives
# the full crawl time T; then the same world goes dark after 10%, 30% and 60% of T (the crawl's --deadline is
# the same instant), crawled deadline-aware (tiered) and FIFO with the same seed and rate. Prints one JSON line
# per run and the Markdown table for BENCHMARKS.md ("## Deadline scheduling"): coverage per tier and the
# follower-weighted share of posts, measured from each crawl's WARC files against the full crawl.
#
#   bench/deadline.sh [--users N] [--seed S] [--rate R] [--fractions 0.1,0.3,0.6] [--out DIR]
#   (defaults: 500 users, seed 21, 250 requests/s — the world of DeadlineSystemTest)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/app/target/lastlight.jar"
cls="$here/dataset/target/test-classes/io/lastlight/bench/DeadlineBench.class"
lock=(); command -v flock >/dev/null 2>&1 && lock=(flock /tmp/lastlight-mvn.lock)
if [ ! -f "$jar" ] || [ -n "$(find "$here"/{schemas,core,platforms,simulator,crawler,dataset,app}/src/main -type f -newer "$jar" -print -quit 2>/dev/null)" ]; then
  echo "deadline.sh: building the jar…" >&2
  "${lock[@]}" mvn -B -q -f "$here/pom.xml" -DskipTests package >&2
fi
if [ ! -f "$cls" ] || [ "$here/dataset/src/test/java/io/lastlight/bench/DeadlineBench.java" -nt "$cls" ]; then
  echo "deadline.sh: compiling the benchmark…" >&2
  "${lock[@]}" mvn -B -q -f "$here/pom.xml" -pl app -am -DskipTests test-compile >&2
fi
out="$(mktemp -d -t deadline-bench.XXXXXX)"
trap 'rm -rf "$out"' EXIT
cd "$here"
java ${JAVA_OPTS:--Xmx1g} -cp "$jar:$here/dataset/target/test-classes" io.lastlight.bench.DeadlineBench --out "$out" "$@"
