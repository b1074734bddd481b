#!/usr/bin/env bash
# Same WARC files, two versions of lastlight: does every table hold the same rows?
#
#   bench/compare-builds.sh REF [WARC_DIR]
#
# Builds the runnable jar of git REF (in a temporary worktree) and of the working tree, builds a dataset from
# WARC_DIR with each (default: a fresh `lastlight demo` crawl of the simulated platform, made by the working
# tree's jar), and prints, per table of dataset.yaml, the row count and an order-independent hash over all
# columns (sum of DuckDB's hash of each whole row) on both sides. Exit 0 when every table is equal, 1 if not.
set -euo pipefail
ref="${1:?usage: bench/compare-builds.sh REF [WARC_DIR]}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'git -C "$root" worktree remove --force "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
lock=(flock /tmp/lastlight-mvn.lock)

echo "building the jar of $ref …" >&2
git -C "$root" worktree add -q --detach "$work/old" "$ref"
(cd "$work/old" && "${lock[@]}" mvn -B -q -o -DskipTests package >&2)
old_jar=""
for j in "$work"/old/app/target/lastlight.jar "$work"/old/pipeline/target/lastlight.jar; do
  [ -f "$j" ] && { old_jar="$j"; break; }
done
[ -n "$old_jar" ] || { echo "compare-builds.sh: no lastlight.jar was built for $ref" >&2; exit 2; }
echo "building the jar of the working tree …" >&2
(cd "$root" && "${lock[@]}" mvn -B -q -o -DskipTests package >&2)
new_jar="$root/app/target/lastlight.jar"

warc="${2:-}"
if [ -z "$warc" ]; then
  echo "crawling the simulated platform (lastlight demo) …" >&2
  java -Dsun.net.httpserver.nodelay=true -jar "$new_jar" demo --out "$work/demo" >/dev/null
  warc="$work/demo/crawl"
fi

for side in old new; do
  jar="$old_jar"; [ "$side" = new ] && jar="$new_jar"
  java -jar "$jar" build --in "$warc" --out "$work/ds-$side" --quiet >&2
done

tables="$(sed -n 's/^  - name: \([a-z_]*\)$/\1/p' "$root/schemas/src/main/resources/io/lastlight/schema/dataset.yaml")"
status=0
printf '%-22s %12s %12s %s\n' table rows_old rows_new hash
for t in $tables; do
  sql="SELECT count(*) || ' ' || coalesce(sum(hash(x)::HUGEINT), 0) FROM $t x"
  a="$(java -jar "$new_jar" query --dataset "$work/ds-old" --format csv --sql "$sql" 2>/dev/null | tail -1 || echo missing)"
  b="$(java -jar "$new_jar" query --dataset "$work/ds-new" --format csv --sql "$sql" 2>/dev/null | tail -1 || echo missing)"
  verdict=equal
  [ "$a" = "$b" ] || { verdict=DIFFERENT; status=1; }
  printf '%-22s %12s %12s %s\n' "$t" "${a%% *}" "${b%% *}" "$verdict"
done
exit $status
