package io.lastlight.warc;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code <prefix>-<UTC timestamp>-<serial>.warc.gz}, written as {@code ….open} until closed. */
public final class WarcFileNames {
    public static final String OPEN_SUFFIX = ".open";
    public static final String SUFFIX = ".warc.gz";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final Pattern SERIAL = Pattern.compile(".*-(\\d{5})\\.warc\\.gz(\\.open)?$");

    private WarcFileNames() {}

    public static String name(String prefix, Instant time, int serial) {
        return String.format(Locale.ROOT, "%s-%s-%05d%s", prefix, STAMP.format(time), serial, SUFFIX);
    }

    /** The serial of a file name, or -1 when it is not one of ours. */
    public static int serial(String fileName) {
        Matcher m = SERIAL.matcher(fileName);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /**
     * Names a build reads, whoever wrote them: WARC ({@code .warc}, {@code .warc.gz}, {@code .warc.zst}) and
     * ARC ({@code .arc}, {@code .arc.gz}), any case; the format itself is then sniffed from the bytes.
     */
    public static boolean isArchive(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        return n.endsWith(".warc") || n.endsWith(".warc.gz") || n.endsWith(".warc.zst") || n.endsWith(".arc") || n.endsWith(".arc.gz");
    }

    public static boolean isWarc(String fileName) {
        return fileName.endsWith(SUFFIX) || fileName.endsWith(".warc") || fileName.endsWith(".warc.zst");
    }
}
