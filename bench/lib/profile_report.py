#!/usr/bin/env python3
"""Where a profiled process's CPU went: async-profiler's collapsed stacks (with `threads`) summed by thread
and by what the work was. Usage: profile_report.py FILE.collapsed [CAPTURES]

Each sample is counted once, in the first category whose pattern its stack matches (the order below is the
precedence: zlib under WARC writing counts as zlib, SQLite under the frontier as SQLite)."""
import collections
import re
import sys

# (category, regex, where): where 0 = the thread name, 1 = anywhere in the stack
CATEGORIES = [
    ("JIT compiler threads", r"CompilerThre", 0),
    ("GC threads", r"GC Thread|GN |G1 |VM Thread", 0),
    ("zlib (a gzip member per WARC record)", r"libz\.so", 1),
    ("SQLite frontier (native + JDBC)", r"org/sqlite/|libsqlitejdbc", 1),
    ("frontier (our Java)", r"io/lastlight/frontier/", 1),
    ("HTTP client (HttpClient 5, sockets, I/O reactor)", r"org/apache/hc/|sun/nio/ch|httpclient-dispatch", 1),
    ("SHA-1 digests", r"sha1_|/SHA\.|MessageDigest", 1),
    ("CDXJ index lines", r"LiveCdxj|CdxjLine|SortedLines", 1),
    ("WARC records (jwarc, buffers, file writes)", r"io/lastlight/warc/|netpreserve", 1),
    ("platform adapter (JSON read, discovery, extraction)", r"io/lastlight/platform/", 1),
    ("deadline scheduler", r"io/lastlight/schedule/", 1),
]


def main():
    path = sys.argv[1]
    captures = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    total = 0
    threads = collections.Counter()
    cats = collections.Counter()
    for line in open(path):
        stack, n = line.rsplit(" ", 1)
        n = int(n)
        total += n
        frames = stack.split(";")
        thread = re.sub(r"\d+", "N", re.sub(r" tid=\d+", "", frames[0]).strip("[]"))
        threads[thread] += n
        cat = "other"
        for name, pattern, where in CATEGORIES:
            if re.search(pattern, frames[0] if where == 0 else stack):
                cat = name
                break
        cats[cat] += n
    if not total:
        sys.exit("profile_report.py: no samples in " + path)
    print(f"{total} samples" + (f", {captures} captures" if captures else ""))
    print("by thread:")
    for k, v in threads.most_common(8):
        print(f"  {100 * v / total:5.1f}%  {k}")
    print("by work:")
    for k, v in cats.most_common():
        print(f"  {100 * v / total:5.1f}%  {k}")


if __name__ == "__main__":
    main()
