package io.lastlight.spark;

import io.lastlight.build.Manifest;

import java.io.Serializable;
import java.util.LinkedHashMap;

/** What a task learnt about one WARC file (a manifest source, serializable), and whether it was skipped unchanged. */
record Source(String name, String sha256, long bytes, String platform, String platformFrom, String damage, Long revisits,
              boolean skipped, LinkedHashMap<String, Long> rows) implements Serializable {

    static Source of(Manifest.Source s) {
        return new Source(s.path, s.sha256, s.bytes, s.platform, s.platformFrom, s.damage, s.revisits, true, new LinkedHashMap<>());
    }

    Source asSkipped() {
        return new Source(name, sha256, bytes, platform, platformFrom, damage, revisits, true, rows);
    }

    Manifest.Source manifest() {
        Manifest.Source s = new Manifest.Source();
        s.path = name;
        s.sha256 = sha256;
        s.bytes = bytes;
        s.platform = platform;
        s.platformFrom = platformFrom;
        s.damage = damage;
        s.revisits = revisits;
        return s;
    }

    long revisitCount() {
        return revisits == null ? 0 : revisits;
    }
}
