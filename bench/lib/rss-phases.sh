#!/usr/bin/env bash
# Samples a process's resident set size every INTERVAL seconds, tagged with the last line of its log, so
# peak memory can be attributed to a build phase (extracting, sorting, deriving).
#
#   bench/lib/rss-phases.sh PID LOG OUT.tsv [INTERVAL]
# Output: seconds since start, RSS MiB, last log line. Stops when the process exits.
set -u
pid="$1"; log="$2"; out="$3"; every="${4:-2}"
start=$(date +%s)
: > "$out"
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/^VmRSS:/ {print int($2/1024)}' "/proc/$pid/status" 2>/dev/null || echo 0)
  last=$(tail -n 1 "$log" 2>/dev/null | tr '\t' ' ' | cut -c1-120)
  printf '%s\t%s\t%s\n' "$(( $(date +%s) - start ))" "$rss" "$last" >> "$out"
  sleep "$every"
done
