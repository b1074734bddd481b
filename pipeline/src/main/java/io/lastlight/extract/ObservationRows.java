package io.lastlight.extract;

import io.lastlight.parquet.Row;
import io.lastlight.classify.Label;
import io.lastlight.platform.Counts;
import io.lastlight.platform.FollowEdge;
import io.lastlight.platform.PlatformStat;
import io.lastlight.platform.PostObservation;
import io.lastlight.platform.ProfileObservation;
import io.lastlight.platform.Tombstone;
import io.lastlight.schema.DatasetSchema;
import io.lastlight.schema.TableSchema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Observations → rows of the observation tables, each with its capture's pointer columns. */
public final class ObservationRows {
    private final TableSchema captures;
    private final TableSchema profiles;
    private final TableSchema posts;
    private final TableSchema follows;
    private final TableSchema tombstones;
    private final TableSchema stats;

    public ObservationRows(DatasetSchema schema) {
        captures = schema.table("captures");
        profiles = schema.table("profile_observations");
        posts = schema.table("post_observations");
        follows = schema.table("follows");
        tombstones = schema.table("tombstones");
        stats = schema.table("platform_stats");
    }

    public Row capture(WarcCapture c, String platform, String kind, String status, String error, int rows) {
        return new Row(captures)
                .set("warc_file", c.warcFile()).set("warc_offset", c.offset()).set("warc_length", c.length())
                .set("warc_record_id", c.recordId()).set("target_uri", c.targetUri()).set("capture_time", c.date())
                .set("http_status", c.httpStatus()).set("payload_digest", c.payloadDigest()).set("platform", platform)
                .set("item_kind", kind).set("parse_status", status).set("parse_error", error).set("rows_extracted", rows)
                .set("content_type", c.capture() == null ? null : c.capture().header("Content-Type").orElse(null))
                .set("payload_length", c.payloadLength() < 0 ? null : c.payloadLength())
                .set("truncated", c.capture() != null && c.capture().truncated());
    }

    public Row profile(ProfileObservation p, WarcCapture c) {
        Row r = pointer(new Row(profiles), c)
                .set("platform", p.platform()).set("user_id", p.userId()).set("username", p.username())
                .set("display_name", p.displayName()).set("bio", p.bio()).set("joined_at", p.joinedAt())
                .set("joined_precision", p.joinedPrecision()).set("verified", p.verified()).set("banned", p.banned())
                .set("private", p.isPrivate()).set("source", p.source()).set("target_uri", c.targetUri());
        counts(r, "followers", p.followers());
        counts(r, "following", p.following());
        counts(r, "posts", p.posts());
        return r;
    }

    public Row post(PostObservation p, WarcCapture c, Label label) {
        Row r = pointer(new Row(posts), c)
                .set("platform", p.platform()).set("post_id", p.postId()).set("author_id", p.authorId())
                .set("created_at", p.createdAt()).set("created_precision", p.createdPrecision()).set("text", p.text())
                .set("html", p.html()).set("lang", p.lang()).set("parent_id", p.parentId()).set("root_id", p.rootId())
                .set("is_repost", p.isRepost()).set("is_reply", p.isReply())
                .set("hashtags", p.hashtags()).set("mentions", p.mentions()).set("links", p.links())
                .set("media_ids", p.mediaIds()).set("deleted", p.deleted()).set("content_digest", contentDigest(p))
                .set("target_uri", c.targetUri());
        counts(r, "comments", p.comments());
        counts(r, "reposts", p.reposts());
        counts(r, "upvotes", p.upvotes());
        counts(r, "impressions", p.impressions());
        if (label != null) {
            r.set("violent", label.label()).set("violent_score", label.score()).set("violent_rules", label.rules())
                    .set("violent_spans", label.spansJson()).set("classifier_version", label.classifierVersion());
        }
        return r;
    }

    public Row follow(FollowEdge e, WarcCapture c) {
        return pointer(new Row(follows), c)
                .set("platform", e.platform()).set("follower_id", e.followerId()).set("followee_id", e.followeeId())
                .set("source", e.source()).set("target_uri", c.targetUri());
    }

    public Row tombstone(Tombstone t, WarcCapture c) {
        return pointer(new Row(tombstones), c)
                .set("platform", t.platform()).set("item_type", t.itemType()).set("item_id", t.itemId())
                .set("reason", t.reason()).set("http_status", c.httpStatus()).set("target_uri", c.targetUri());
    }

    public Row stat(PlatformStat s, WarcCapture c) {
        return pointer(new Row(stats), c).set("platform", s.platform()).set("metric", s.metric()).set("value", s.value())
                .set("target_uri", c.targetUri());
    }

    private static Row pointer(Row r, WarcCapture c) {
        return r.set("warc_file", c.warcFile()).set("warc_offset", c.offset()).set("warc_record_id", c.recordId())
                .set("capture_time", c.date());
    }

    private static void counts(Row r, String prefix, Counts c) {
        if (c == null) return;
        r.set(prefix + "_count", c.value()).set(prefix + "_low", c.low()).set(prefix + "_high", c.high())
                .set(prefix + "_display", c.display());
    }

    /** sha1 over the fields that make a post's content; equal digests mean the same version. */
    static String contentDigest(PostObservation p) {
        MessageDigest md = SHA1.get();
        md.reset();
        for (Object part : new Object[] {p.text(), p.html(), p.parentId(), p.rootId(), p.links(), p.mediaIds(), p.hashtags()}) {
            String s = part == null ? "\u0000" : part instanceof List ? String.join("\u001f", (List<String>) castList(part)) : part.toString();
            md.update(s.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0x1e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** One digest per parse thread: {@code getInstance} looks the provider up on every call. */
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object o) {
        return (List<String>) o;
    }
}
