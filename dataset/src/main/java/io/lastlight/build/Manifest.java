package io.lastlight.build;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code DATASET/manifest.json}, in the spirit of datapackage.json: every data file with its sha256, rows
 * and table; the schema and software versions; every source WARC file with its digest. It also tells an
 * incremental build which WARC files are already extracted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Manifest {
    public static final String FILE = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String profile = "lastlight-dataset";
    public String schemaVersion;
    public String software;
    public String classifierVersion;
    /** The WARC files' folder, relative to the dataset folder where possible (used by 'lastlight evidence'). */
    public String warcDir;
    public String created;
    public List<Source> sources = new ArrayList<>();
    public List<Resource> resources = new ArrayList<>();
    public Map<String, Long> parseStatus = new LinkedHashMap<>();

    public static final class Source {
        public static final String FROM_WARCINFO = "warcinfo";
        public static final String FROM_OPTION = "--platform";
        public String path;
        public String sha256;
        public long bytes;
        public String platform;
        /**
         * What decided {@link #platform}: {@value #FROM_WARCINFO} (the file's warcinfo named it) or {@value #FROM_OPTION}
         * (it named none: the build's --platform did). Absent in manifests written before it was recorded.
         */
        public String platformFrom;
        public String damage;
        /** Revisit records in the file (absent if none): resolved to their originals after extraction. */
        public Long revisits;

        /**
         * Would a build whose --platform is {@code defaultPlatform} extract this file with the platform it was
         * extracted with? A file whose warcinfo names its platform keeps it; one that names none (other tools' WARCs)
         * gets --platform, which decides its adapter and so every row. A source recorded without {@link
         * #platformFrom} is current if its platform is {@code defaultPlatform} either way.
         */
        public boolean samePlatform(String defaultPlatform) {
            return FROM_WARCINFO.equals(platformFrom) || defaultPlatform.equals(platform);
        }
    }

    public static final class Resource {
        public String path;
        public String table;
        public String sha256;
        public long bytes;
        public long rows;
    }

    public static Manifest read(Path dataset) throws IOException {
        return read(dataset, FILE);
    }

    static Manifest read(Path dataset, String name) throws IOException {
        Path f = dataset.resolve(name);
        if (!Files.exists(f)) return null;
        return JSON.readValue(f.toFile(), Manifest.class);
    }

    public void write(Path dataset) throws IOException {
        write(dataset, FILE);
    }

    /** Written to a temporary name and renamed: a reader sees the old file or the new one, never a part. */
    void write(Path dataset, String name) throws IOException {
        Path tmp = dataset.resolve(".tmp-" + name);
        JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, dataset.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public Source source(String path) {
        for (Source s : sources) if (s.path.equals(path)) return s;
        return null;
    }
}
