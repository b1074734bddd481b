package io.lastlight.wacz;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Links that open one capture in a web-archive player: the {@code <14-digit timestamp>/<url>} form that
 * ReplayWeb.page and pywb use inside a collection, and a full ReplayWeb.page deep link for a published WACZ.
 */
public final class ReplayLinks {
    private static final DateTimeFormatter TS14 = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ReplayLinks() {}

    /** The 14-digit UTC timestamp of a capture time, as in CDXJ keys and replay URLs. */
    public static String timestamp(Instant time) {
        return TS14.format(time);
    }

    /** {@code 20210109000000/https://…}: the capture at {@code time} of {@code url}. */
    public static String forCapture(String url, Instant time) {
        return timestamp(time) + "/" + url;
    }

    /**
     * A ReplayWeb.page link that loads the WACZ at {@code waczUrl} and shows the capture of {@code url} at
     * {@code time}, e.g. {@code https://replayweb.page/?source=…#view=replay&url=…&ts=…}.
     *
     * @param player the ReplayWeb.page instance, e.g. {@code https://replayweb.page/} or a self-hosted copy
     */
    public static String replayWebPage(String player, String waczUrl, String url, Instant time) {
        String base = player.endsWith("/") ? player : player + "/";
        return base + "?source=" + enc(waczUrl) + "#view=replay&url=" + enc(url) + "&ts=" + timestamp(time);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
