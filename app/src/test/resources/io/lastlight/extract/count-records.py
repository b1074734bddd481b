#!/usr/bin/env python3
"""Independent count of the records in WARC/ARC files, over the raw bytes (no WARC library, no lastlight code).

Used to obtain the expected numbers hard-coded in RealWarcCorpusTest. Each file is decompressed whole (every gzip
member in turn, whatever the name says), then records are walked by their Content-Length (WARC) or length field
(ARC), skipping blank lines between records. Bytes where no record starts are one damaged stretch, up to the next
line starting "WARC/1.". A record is counted as TYPE/CLASS:
  revisit/revisit;  response with an http(s) target, an application/http (or no) Content-Type and a non-empty
  block: response/parsed; any other response: response/not-http; a resource whose Content-Type is HTML or JSON
  (a saved page): resource/parsed; every other type: TYPE/not-capture;
  damaged stretch: unknown/damaged.  ARC: filedesc:// is warcinfo, dns: is a response that is not HTTP.
Usage: count-records.py DIR...   (prints one line per file: relative path, then TYPE/CLASS=N sorted)
"""
import os, re, sys, zlib
from collections import Counter

def decompress(b):
    if b[:2] != b'\x1f\x8b':
        return b
    out, pos = [], 0
    while pos < len(b) and b[pos:pos + 2] == b'\x1f\x8b':
        d = zlib.decompressobj(31)
        out.append(d.decompress(b[pos:]))
        pos = len(b) - len(d.unused_data)
    return b''.join(out)

def classify_response(target, ctype, block):
    scheme = target.split(':', 1)[0].lower() if ':' in target else ''
    if scheme not in ('http', 'https'):
        return 'not-http'
    if ctype and ctype.split(';')[0].strip().lower() != 'application/http':
        return 'not-http'
    return 'parsed' if len(block) > 0 else 'not-http'

def count(data):
    c, pos, n = Counter(), 0, len(data)
    while True:
        while pos < n and data[pos:pos + 1] in (b'\r', b'\n', b' ', b'\t'):
            pos += 1
        if pos >= n:
            return c
        if data.startswith(b'WARC/', pos):
            end = data.find(b'\r\n\r\n', pos)
            sep = 4
            if end < 0:
                end, sep = data.find(b'\n\n', pos), 2
            headers = {}
            for line in data[pos:end].decode('latin-1').splitlines()[1:]:
                if ':' in line:
                    k, v = line.split(':', 1)
                    headers.setdefault(k.strip().lower(), v.strip())
            length = int(headers.get('content-length', '0'))
            block = data[end + sep:end + sep + length]
            typ = headers.get('warc-type', 'unknown')
            if typ == 'revisit':
                c['revisit/revisit'] += 1
            elif typ == 'response':
                target = headers.get('warc-target-uri', '').strip('<>')
                c['response/' + classify_response(target, headers.get('content-type'), block)] += 1
            elif typ == 'resource' and re.match(r'(text/html|application/xhtml\+xml|application/(\S*\+)?json)\b',
                                                headers.get('content-type', '').lower()):
                c['resource/parsed'] += 1
            else:
                c[typ + '/not-capture'] += 1
            pos = end + sep + length
            continue
        m = re.match(rb'([a-z]+:\S*) (\S+) (\d{14}) (\S*) (\d+)\n', data[pos:pos + 4096])
        if m:  # ARC v1 header line
            url, length = m.group(1).decode('latin-1'), int(m.group(5))
            body_start = pos + m.end()
            if url.startswith('filedesc:'):
                c['warcinfo/not-capture'] += 1
            elif url.startswith('dns:'):
                c['response/not-http'] += 1
            else:
                c['response/parsed'] += 1
            pos = body_start + length
            continue
        c['unknown/damaged'] += 1
        nxt = data.find(b'\nWARC/1.', pos)
        if nxt < 0:
            return c
        pos = nxt + 1

for d in sys.argv[1:]:
    for root, _, files in sorted(os.walk(d)):
        for f in sorted(files):
            p = os.path.join(root, f)
            counts = count(decompress(open(p, 'rb').read()))
            print(os.path.relpath(p, d), ' '.join('%s=%d' % kv for kv in sorted(counts.items())))
