#!/usr/bin/env bash
# Classifier benchmark: builds the runnable jar if needed, then runs io.lastlight.classify.ClassifyBench
# (1M texts, 5 runs, 1 and 2 threads, median posts/s; HateCheck/Davidson evaluation when ../shared/data/violence
# exists) and rewrites the "## Classifier" section of BENCHMARKS.md. Extra arguments go to ClassifyBench,
# e.g. bench/classify.sh --n 200000 --runs 3
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/app/target/lastlight.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$here"/{schemas,core,platforms,simulator,crawler,dataset,app}/src/main -type f -newer "$jar" -print -quit 2>/dev/null)" ]; then
  echo "classify.sh: building the jar…" >&2
  lock=(); command -v flock >/dev/null 2>&1 && lock=(flock /tmp/lastlight-mvn.lock)
  "${lock[@]}" mvn -B -q -f "$here/pom.xml" -DskipTests package >&2
fi
cd "$here"
export LASTLIGHT_VIOLENCE_DATA="${LASTLIGHT_VIOLENCE_DATA:-$here/../shared/data/violence}"
exec java ${JAVA_OPTS:--Xmx1g} -cp "$jar" io.lastlight.classify.ClassifyBench --benchmarks "$here/BENCHMARKS.md" "$@"
