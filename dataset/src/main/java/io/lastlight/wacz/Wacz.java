package io.lastlight.wacz;

/** Names fixed by the WACZ 1.1.1 specification (https://specs.webrecorder.net/wacz/1.1.1/). */
public final class Wacz {
    public static final String VERSION = "1.1.1";
    public static final String ARCHIVE_DIR = "archive/";
    public static final String INDEX = "indexes/index.cdxj";
    public static final String PAGES = "pages/pages.jsonl";
    public static final String DATAPACKAGE = "datapackage.json";
    public static final String DATAPACKAGE_DIGEST = "datapackage-digest.json";
    public static final String PAGES_FORMAT = "json-pages-1.0";

    private Wacz() {}
}
