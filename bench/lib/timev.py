"""Small parsers for bench scripts: /usr/bin/time -v output and -Xlog:gc logs."""
import re
import sys


def wall(path):
    for line in open(path):
        if "Elapsed (wall clock)" in line:
            parts = line.rsplit(" ", 1)[1].strip().split(":")
            secs = 0.0
            for p in parts:
                secs = secs * 60 + float(p)
            return round(secs, 2)
    raise SystemExit("no wall time in " + path)


def cpu(path):
    """User + system CPU seconds of the process and its threads."""
    total = 0.0
    for line in open(path):
        if "User time (seconds)" in line or "System time (seconds)" in line:
            total += float(line.rsplit(":", 1)[1])
    return round(total, 1)


def rss(path):
    for line in open(path):
        if "Maximum resident set size" in line:
            return int(line.rsplit(":", 1)[1]) // 1024
    raise SystemExit("no RSS in " + path)


def heap(path):
    """Largest heap occupancy after a GC (the live set), in MiB, from -Xlog:gc lines like 'Pause Young ... 812M->95M(2048M)'."""
    best = 0
    for line in open(path):
        m = re.search(r"(\d+)([KMG])->(\d+)([KMG])\((\d+)([KMG])\)", line)
        if m:
            v, unit = int(m.group(3)), m.group(4)
            v = v / 1024 if unit == "K" else v * 1024 if unit == "G" else v
            best = max(best, v)
    return int(best)


if __name__ == "__main__":
    print({"wall": wall, "cpu": cpu, "rss": rss, "heap": heap}[sys.argv[1]](sys.argv[2]))
