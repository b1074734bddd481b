package io.lastlight.simulate.mastodon;

import io.lastlight.simulate.Ctx;
import io.lastlight.simulate.http.Request;
import io.lastlight.simulate.http.Response;

/** The Mastodon-compatible face ({@code /api/v1/...}). */
public final class MastodonApi {
    private MastodonApi() {}

    public static Response route(Request req, Ctx ctx) {
        return null;
    }
}
