#!/usr/bin/env bash
# Reproducibility check for the shipped violent-content model (issue #20): retrains it with `lastlight classify train`
# from ../shared/data/violence and the manifest's seed, then compares the weights byte for byte and the manifest
# (data digests, threshold, every score) with the shipped ones. Exit 0 when identical. About a minute on 2 cores.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/app/target/lastlight.jar"
shipped="$here/dataset/src/main/resources/io/lastlight/classify/model"
if [ ! -f "$jar" ] || [ -n "$(find "$here"/{schemas,core,platforms,simulator,crawler,dataset,app}/src/main -type f -newer "$jar" -print -quit 2>/dev/null)" ]; then
  echo "classify-train-check.sh: building the jar…" >&2
  lock=(); command -v flock >/dev/null 2>&1 && lock=(flock /tmp/lastlight-mvn.lock)
  "${lock[@]}" mvn -B -q -o -f "$here/pom.xml" -pl app -am -DskipTests package >&2
fi
seed="$(sed -n 's/^  "seed" : \([0-9]*\),$/\1/p' "$shipped/violence-lr.manifest.json")"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cd "$here"
java ${JAVA_OPTS:--Xmx4g} -jar "$jar" classify train --data "${LASTLIGHT_VIOLENCE_DATA:-$here/../shared/data/violence}" --seed "${seed:-20}" --out "$out" "$@"
cmp "$out/violence-lr.bin" "$shipped/violence-lr.bin"
diff "$out/violence-lr.manifest.json" "$shipped/violence-lr.manifest.json"
echo "reproduced: $(sha256sum < "$out/violence-lr.bin" | cut -c1-64) (weights and manifest identical to the shipped ones)"
