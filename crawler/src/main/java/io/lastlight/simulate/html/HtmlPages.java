package io.lastlight.simulate.html;

import io.lastlight.simulate.Ctx;
import io.lastlight.simulate.http.Request;
import io.lastlight.simulate.http.Response;

/** The HTML face: profile and post pages with Parler's web classes. */
public final class HtmlPages {
    private HtmlPages() {}

    public static Response route(Request req, Ctx ctx) {
        return null;
    }

    /** A Cloudflare-style interstitial ("Just a moment...") for the challenge fault. */
    public static String challenge(String path) {
        return "<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title>"
                + "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"></head><body>"
                + "<div class=\"main-wrapper\" role=\"main\"><div class=\"main-content\">"
                + "<h1>Checking if the site connection is secure</h1><noscript>Enable JavaScript and cookies to continue</noscript>"
                + "</div></div><script src=\"/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=sim\"></script>"
                + "</body></html>";
    }
}
