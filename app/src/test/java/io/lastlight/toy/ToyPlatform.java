package io.lastlight.toy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.platform.Capture;
import io.lastlight.platform.Counts;
import io.lastlight.platform.CrawlRequest;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.FollowEdge;
import io.lastlight.platform.KindRole;
import io.lastlight.platform.Kinds;
import io.lastlight.platform.Platform;
import io.lastlight.platform.PostObservation;
import io.lastlight.platform.ProfileObservation;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A platform that exists only in this test package, registered from this module's test resources
 * ({@code META-INF/services/io.lastlight.platform.Platform}): the proof that adding a platform needs its own
 * package and its services line, and nothing else. Its API:
 * <ul>
 * <li>{@code GET /api/user/NAME} → {@code {"id", "name", "display", "followers", "following", "posts"}};</li>
 * <li>{@code GET /api/user/ID/feed?page=N} → {@code {"items": [{"id", "text", "at"}], "next": N+1 | null}}
 *     (an adapter-specific kind, {@code feed}, in the posts-list role);</li>
 * <li>{@code GET /api/user/ID/fans} → {@code {"fans": [{"id", "name"}]}} (followers).</li>
 * </ul>
 */
public final class ToyPlatform implements Platform {
    static final String NAME = "toy";
    static final String KIND_FEED = "feed";
    static final String KIND_FANS = "fans";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "a test-only platform";
    }

    @Override
    public List<CrawlRequest> seeds(URI base, List<String> seedUsers) {
        List<CrawlRequest> out = new ArrayList<>();
        for (String u : seedUsers) out.add(profile(base, u, 0));
        return out;
    }

    private static CrawlRequest profile(URI base, String name, double value) {
        return new CrawlRequest(base.resolve("/api/user/" + name), Kinds.PROFILE, "toy:profile:" + name, 1, value);
    }

    @Override
    public String kindOf(URI uri) {
        String p = uri.getPath();
        if (p.endsWith("/feed")) return KIND_FEED;
        if (p.endsWith("/fans")) return KIND_FANS;
        if (p.startsWith("/api/user/")) return Kinds.PROFILE;
        return Kinds.OTHER;
    }

    @Override
    public Set<String> kinds() {
        return Set.of(Kinds.PROFILE, KIND_FEED, KIND_FANS);
    }

    @Override
    public KindRole roleOf(String kind) {
        if (kind.equals(KIND_FEED)) return KindRole.POST_LIST;
        if (kind.equals(KIND_FANS)) return KindRole.FOLLOWER_LIST;
        return Platform.super.roleOf(kind);
    }

    @Override
    public int postsPerPage() {
        return 2;
    }

    @Override
    public List<CrawlRequest> discover(URI base, Capture capture) {
        JsonNode j = parse(capture);
        if (j == null) return List.of();
        List<CrawlRequest> out = new ArrayList<>();
        switch (kindOf(capture.uri())) {
            case Kinds.PROFILE: {
                String id = j.path("id").asText();
                double followers = j.path("followers").asLong();
                out.add(new CrawlRequest(base.resolve("/api/user/" + id + "/feed?page=1"), KIND_FEED, "toy:feed:" + id + ":1",
                        id, 2, followers));
                out.add(new CrawlRequest(base.resolve("/api/user/" + id + "/fans"), KIND_FANS, "toy:fans:" + id, id, 4, followers));
                break;
            }
            case KIND_FEED: {
                if (j.hasNonNull("next")) {
                    String id = ownerOf(capture.uri());
                    long next = j.path("next").asLong();
                    out.add(new CrawlRequest(base.resolve("/api/user/" + id + "/feed?page=" + next), KIND_FEED,
                            "toy:feed:" + id + ":" + next, id, 2, 0));
                }
                break;
            }
            case KIND_FANS:
                for (JsonNode f : j.path("fans")) out.add(profile(base, f.path("name").asText(), 0));
                break;
            default:
        }
        return out;
    }

    @Override
    public Set<String> revisitKinds() {
        return Set.of(Kinds.PROFILE, KIND_FEED);
    }

    @Override
    public Extraction extract(Capture capture) {
        if (capture.status() != 200) return Extraction.failed(Extraction.NOT_CONTENT, "HTTP " + capture.status());
        JsonNode j = parse(capture);
        if (j == null) return Extraction.failed(Extraction.ERROR, "not JSON");
        Extraction x = new Extraction();
        switch (kindOf(capture.uri())) {
            case Kinds.PROFILE:
                x.add(ProfileObservation.builder(NAME, j.path("id").asText()).username(j.path("name").asText())
                        .displayName(j.path("display").asText()).followers(Counts.exact(j.path("followers").asLong()))
                        .following(Counts.exact(j.path("following").asLong())).posts(Counts.exact(j.path("posts").asLong()))
                        .build());
                break;
            case KIND_FEED: {
                String owner = ownerOf(capture.uri());
                for (JsonNode p : j.path("items")) {
                    x.add(PostObservation.builder(NAME, p.path("id").asText()).authorId(owner).text(p.path("text").asText())
                            .createdAt(Instant.parse(p.path("at").asText()), "second").build());
                }
                break;
            }
            case KIND_FANS: {
                String owner = ownerOf(capture.uri());
                for (JsonNode f : j.path("fans")) {
                    x.add(new FollowEdge(NAME, f.path("id").asText(), owner, "followers"));
                    x.add(ProfileObservation.builder(NAME, f.path("id").asText()).username(f.path("name").asText())
                            .source(ProfileObservation.SOURCE_EMBEDDED).build());
                }
                break;
            }
            default:
                return Extraction.failed(Extraction.NOT_CONTENT, "not a toy API URL");
        }
        return x;
    }

    private static String ownerOf(URI uri) {
        String[] p = uri.getPath().split("/");
        return p.length > 3 ? p[3] : null;
    }

    private static JsonNode parse(Capture capture) {
        try {
            return JSON.readTree(capture.body());
        } catch (IOException e) {
            return null;
        }
    }
}
