#!/usr/bin/env bash
# Queries benchmark: each canned query (dataset/src/main/resources/io/lastlight/query/*.sql) on the dataset's
# Parquet views vs the same tables loaded into a native DuckDB database; 1 warm-up + RUNS timed runs each,
# interleaved; medians. Uses the dataset bench/pipeline.sh built (bench-data/uUSERS/ds).
#
#   bench/queries.sh [USERS] [RUNS]        (defaults: 100000 users ≈ 1M posts, 5 runs)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
users="${1:-100000}"
runs="${2:-5}"
data="$root/bench-data/u$users"
cp="$root/app/target/lastlight.jar:$root/dataset/target/test-classes"
[ -f "$data/ds/manifest.json" ] || "$here/pipeline.sh" "$users" 1 > /dev/null
# The native copy is rebuilt unless KEEP_NATIVE=1 (its load is timed and reported; 566 s at 10M posts).
[ "${KEEP_NATIVE:-0}" = 1 ] || rm -f "$data/native.duckdb" "$data/native.duckdb.wal"
java -Xmx2g -cp "$cp" io.lastlight.bench.QueryBench "$data/ds" "$runs" "$data/native.duckdb" > "$data/queries.jsonl"
python3 - "$data/queries.jsonl" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
load = lines[0]['load_native_seconds']
print(f"Loading the native tables took {load:.1f} s.\n" if load >= 1 else "Native tables reused from an earlier run (KEEP_NATIVE=1).\n")
print("| query | rows | Parquet views median ms | native tables median ms | Parquet / native |")
print("|---|---|---|---|---|")
for q in lines[1:]:
    print(f"| `{q['query']}` | {q['rows']} | {q['parquet_ms']:.1f} | {q['native_ms']:.1f} | {q['parquet_ms'] / q['native_ms']:.2f} |")
PY
