#!/usr/bin/env bash
# Frontier memory benchmark: N items (default 10,000,000) in the SQLite frontier under a 512 MiB heap.
# Prints items, insert rate, lease+complete rate and the peak heap in use after GC. Usage: bench/frontier.sh [N]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/app/target/lastlight.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$here"/{schemas,core,platforms,simulator,crawler,dataset,app}/src/main -type f -newer "$jar" -print -quit 2>/dev/null)" ]; then
  echo "frontier.sh: building the jar…" >&2
  lock=(); command -v flock >/dev/null 2>&1 && lock=(flock /tmp/lastlight-mvn.lock)
  "${lock[@]}" mvn -B -q -f "$here/pom.xml" -DskipTests package >&2
fi
exec java -Xmx512m -cp "$jar" io.lastlight.frontier.FrontierBench "${1:-10000000}"
