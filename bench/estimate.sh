#!/usr/bin/env bash
# Estimator coverage: builds the runnable jar if needed, then runs io.lastlight.study.EstimateBench over 100
# seeded simulated worlds (400 ids per pass) and rewrites the "## Estimation" section of BENCHMARKS.md.
# Extra arguments go to EstimateBench, e.g. bench/estimate.sh --worlds 200 --ids 1000
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/app/target/lastlight.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$here"/{schemas,core,platforms,simulator,crawler,dataset,app}/src/main -type f -newer "$jar" -print -quit 2>/dev/null)" ]; then
  echo "estimate.sh: building the jar…" >&2
  lock=(); command -v flock >/dev/null 2>&1 && lock=(flock /tmp/lastlight-mvn.lock)
  "${lock[@]}" mvn -B -q -f "$here/pom.xml" -DskipTests package >&2
fi
cd "$here"
exec java ${JAVA_OPTS:--Xmx1g} -cp "$jar" io.lastlight.study.EstimateBench --benchmarks "$here/BENCHMARKS.md" "$@"
