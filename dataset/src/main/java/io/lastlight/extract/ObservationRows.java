package io.lastlight.extract;

import io.lastlight.parquet.Row;
import io.lastlight.classify.Label;
import io.lastlight.platform.Counts;
import io.lastlight.platform.FollowEdge;
import io.lastlight.platform.LinkObservation;
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

/**
 * Observations → rows of the observation tables, each with its capture's pointer columns and the instance (the id
 * space, {@link io.lastlight.platform.Platform#instanceOf}) its ids belong to. Column positions are looked up once
 * here, not per value (a hot path: tens of values per observation, millions of observations).
 */
public final class ObservationRows {
    private final TableSchema captures;
    private final TableSchema profiles;
    private final TableSchema posts;
    private final TableSchema follows;
    private final TableSchema tombstones;
    private final TableSchema stats;
    private final TableSchema links;
    private final Cols cap, prof, post, fol, tomb, stat, link;

    /** Positions of the columns this class writes in one table; unknown names fail at construction. */
    private static final class Cols {
        final int warcFile, warcOffset, warcRecordId, captureTime, targetUri, platform, instance;
        private final TableSchema table;

        Cols(TableSchema table) {
            this.table = table;
            warcFile = of("warc_file");
            warcOffset = of("warc_offset");
            warcRecordId = of("warc_record_id");
            captureTime = of("capture_time");
            targetUri = of("target_uri");
            platform = of("platform");
            instance = table.indexOf("instance"); // -1 in captures, which holds no ids
        }

        int of(String field) {
            int i = table.indexOf(field);
            if (i < 0) throw new IllegalArgumentException("table " + table.name() + " has no field " + field);
            return i;
        }

        /** value, low, high, display of a count. */
        int[] counts(String prefix) {
            return new int[] {of(prefix + "_count"), of(prefix + "_low"), of(prefix + "_high"), of(prefix + "_display")};
        }
    }

    private final int capWarcLength, capHttpStatus, capPayloadDigest, capItemKind, capParseStatus, capParseError,
            capRowsExtracted, capContentType, capPayloadLength, capTruncated, capRecordType, capSource, capRecordNote,
            capDigestCheck;
    private final int profUserId, profUsername, profDisplayName, profBio, profJoinedAt, profJoinedPrecision, profVerified,
            profBanned, profPrivate, profSource, profBadge, profExtras;
    private final int[] profFollowers, profFollowing, profPosts;
    private final int postPostId, postAuthorId, postCreatedAt, postCreatedPrecision, postText, postHtml, postLang,
            postParentId, postRootId, postIsRepost, postIsReply, postHashtags, postMentions, postLinks, postMediaIds,
            postDeleted, postContentDigest, postViolent, postViolentScore, postViolentRules, postViolentSpans,
            postClassifierVersion, postAuthorUsername, postCreatedLow, postCreatedHigh, postIdDerived, postExtras;
    private final int[] postComments, postReposts, postUpvotes, postImpressions;
    private final int folFollowerId, folFolloweeId, folSource;
    private final int tombItemType, tombItemId, tombReason, tombHttpStatus;
    private final int statMetric, statValue, statDetail;
    private final int linkId, linkShort, linkLong, linkSource, linkPostId, linkCardKind, linkTitle, linkExcerpt;

    public ObservationRows(DatasetSchema schema) {
        captures = schema.table("captures");
        profiles = schema.table("profile_observations");
        posts = schema.table("post_observations");
        follows = schema.table("follows");
        tombstones = schema.table("tombstones");
        stats = schema.table("platform_stats");
        links = schema.table("links");
        cap = new Cols(captures);
        prof = new Cols(profiles);
        post = new Cols(posts);
        fol = new Cols(follows);
        tomb = new Cols(tombstones);
        stat = new Cols(stats);
        link = new Cols(links);
        capWarcLength = cap.of("warc_length");
        capHttpStatus = cap.of("http_status");
        capPayloadDigest = cap.of("payload_digest");
        capItemKind = cap.of("item_kind");
        capParseStatus = cap.of("parse_status");
        capParseError = cap.of("parse_error");
        capRowsExtracted = cap.of("rows_extracted");
        capContentType = cap.of("content_type");
        capPayloadLength = cap.of("payload_length");
        capTruncated = cap.of("truncated");
        capRecordType = cap.of("record_type");
        capSource = cap.of("capture_source");
        capRecordNote = cap.of("record_note");
        capDigestCheck = cap.of("digest_check");
        profUserId = prof.of("user_id");
        profUsername = prof.of("username");
        profDisplayName = prof.of("display_name");
        profBio = prof.of("bio");
        profJoinedAt = prof.of("joined_at");
        profJoinedPrecision = prof.of("joined_precision");
        profVerified = prof.of("verified");
        profBanned = prof.of("banned");
        profPrivate = prof.of("private");
        profSource = prof.of("source");
        profBadge = prof.of("badge");
        profExtras = prof.of("extras");
        profFollowers = prof.counts("followers");
        profFollowing = prof.counts("following");
        profPosts = prof.counts("posts");
        postPostId = post.of("post_id");
        postAuthorId = post.of("author_id");
        postCreatedAt = post.of("created_at");
        postCreatedPrecision = post.of("created_precision");
        postText = post.of("text");
        postHtml = post.of("html");
        postLang = post.of("lang");
        postParentId = post.of("parent_id");
        postRootId = post.of("root_id");
        postIsRepost = post.of("is_repost");
        postIsReply = post.of("is_reply");
        postHashtags = post.of("hashtags");
        postMentions = post.of("mentions");
        postLinks = post.of("links");
        postMediaIds = post.of("media_ids");
        postDeleted = post.of("deleted");
        postContentDigest = post.of("content_digest");
        postViolent = post.of("violent");
        postViolentScore = post.of("violent_score");
        postViolentRules = post.of("violent_rules");
        postViolentSpans = post.of("violent_spans");
        postClassifierVersion = post.of("classifier_version");
        postAuthorUsername = post.of("author_username");
        postCreatedLow = post.of("created_low");
        postCreatedHigh = post.of("created_high");
        postIdDerived = post.of("post_id_derived");
        postExtras = post.of("extras");
        postComments = post.counts("comments");
        postReposts = post.counts("reposts");
        postUpvotes = post.counts("upvotes");
        postImpressions = post.counts("impressions");
        folFollowerId = fol.of("follower_id");
        folFolloweeId = fol.of("followee_id");
        folSource = fol.of("source");
        tombItemType = tomb.of("item_type");
        tombItemId = tomb.of("item_id");
        tombReason = tomb.of("reason");
        tombHttpStatus = tomb.of("http_status");
        statMetric = stat.of("metric");
        statValue = stat.of("value");
        linkId = link.of("link_id");
        linkShort = link.of("short_url");
        linkLong = link.of("long_url");
        linkSource = link.of("source");
        linkPostId = link.of("post_id");
        linkCardKind = link.of("card_kind");
        linkTitle = link.of("title");
        linkExcerpt = link.of("excerpt");
        statDetail = stat.of("detail");
    }

    /**
     * The captures row of a parsed capture: the adapter's status, detail and row count, and its record note (a body
     * it read repaired) after the record's own notes.
     */
    public Row capture(WarcCapture c, String platform, String kind, io.lastlight.platform.Extraction x) {
        Row row = capture(c, platform, kind, x.status(), x.detail(), x.rowCount());
        String more = x.recordNote();
        if (more == null || more.isEmpty()) return row;
        return row.set(capRecordNote, c.note() == null ? more : c.note() + "; " + more);
    }

    public Row capture(WarcCapture c, String platform, String kind, String status, String error, int rows) {
        return new Row(captures)
                .set(cap.warcFile, c.warcFile()).set(cap.warcOffset, c.offset()).set(capWarcLength, c.length())
                .set(cap.warcRecordId, c.recordId()).set(cap.targetUri, c.targetUri()).set(cap.captureTime, c.date())
                .set(capHttpStatus, c.httpStatus()).set(capPayloadDigest, c.payloadDigest()).set(cap.platform, platform)
                .set(capItemKind, kind).set(capParseStatus, status).set(capParseError, error).set(capRowsExtracted, rows)
                .set(capContentType, c.capture() == null ? null : c.capture().header("Content-Type").orElse(null))
                .set(capPayloadLength, c.payloadLength() < 0 ? null : c.payloadLength())
                .set(capTruncated, c.capture() != null && c.capture().truncated()).set(capRecordType, c.recordType())
                .set(capSource, c.captureSource()).set(capRecordNote, c.note())
                .set(capDigestCheck, c.digestCheck());
    }

    public Row profile(ProfileObservation p, WarcCapture c, String instance) {
        Row r = pointer(new Row(profiles), prof, c, instance)
                .set(prof.platform, p.platform()).set(profUserId, p.userId()).set(profUsername, p.username())
                .set(profDisplayName, p.displayName()).set(profBio, p.bio()).set(profJoinedAt, p.joinedAt())
                .set(profJoinedPrecision, p.joinedPrecision()).set(profVerified, p.verified()).set(profBanned, p.banned())
                .set(profPrivate, p.isPrivate()).set(profSource, p.source()).set(profBadge, p.badge()).set(profExtras, p.extras()).set(prof.targetUri, c.targetUri());
        counts(r, profFollowers, p.followers());
        counts(r, profFollowing, p.following());
        counts(r, profPosts, p.posts());
        return r;
    }

    public Row post(PostObservation p, WarcCapture c, String instance, Label label) {
        Row r = pointer(new Row(posts), post, c, instance)
                .set(post.platform, p.platform()).set(postPostId, p.postId()).set(postAuthorId, p.authorId())
                .set(postCreatedAt, p.createdAt()).set(postCreatedPrecision, p.createdPrecision()).set(postText, p.text())
                .set(postHtml, p.html()).set(postLang, p.lang()).set(postParentId, p.parentId()).set(postRootId, p.rootId())
                .set(postIsRepost, p.isRepost()).set(postIsReply, p.isReply())
                .set(postHashtags, p.hashtags()).set(postMentions, p.mentions()).set(postLinks, p.links())
                .set(postMediaIds, p.mediaIds()).set(postDeleted, p.deleted()).set(postExtras, p.extras()).set(postContentDigest, contentDigest(p))
                .set(post.targetUri, c.targetUri()).set(postAuthorUsername, p.authorUsername())
                .set(postCreatedLow, p.createdLow()).set(postCreatedHigh, p.createdHigh()).set(postIdDerived, p.idDerived());
        counts(r, postComments, p.comments());
        counts(r, postReposts, p.reposts());
        counts(r, postUpvotes, p.upvotes());
        counts(r, postImpressions, p.impressions());
        if (label != null && !label.labelled()) {
            // outside the classifier's scope (not English): unlabelled like a post with no text, the reason kept
            r.set(postViolentRules, label.rules()).set(postClassifierVersion, label.classifierVersion());
        } else if (label != null) {
            r.set(postViolent, label.label()).set(postViolentScore, label.score()).set(postViolentRules, label.rules())
                    .set(postViolentSpans, label.spansJson()).set(postClassifierVersion, label.classifierVersion());
        }
        return r;
    }

    public Row follow(FollowEdge e, WarcCapture c, String instance) {
        return pointer(new Row(follows), fol, c, instance)
                .set(fol.platform, e.platform()).set(folFollowerId, e.followerId()).set(folFolloweeId, e.followeeId())
                .set(folSource, e.source()).set(fol.targetUri, c.targetUri());
    }

    public Row tombstone(Tombstone t, WarcCapture c, String instance) {
        return pointer(new Row(tombstones), tomb, c, instance)
                .set(tomb.platform, t.platform()).set(tombItemType, t.itemType()).set(tombItemId, t.itemId())
                .set(tombReason, t.reason()).set(tombHttpStatus, c.httpStatus()).set(tomb.targetUri, c.targetUri());
    }

    public Row stat(PlatformStat s, WarcCapture c, String instance) {
        return pointer(new Row(stats), stat, c, instance).set(stat.platform, s.platform()).set(statMetric, s.metric())
                .set(statValue, s.value()).set(statDetail, s.detail()).set(stat.targetUri, c.targetUri());
    }

    public Row link(LinkObservation l, WarcCapture c, String instance) {
        return pointer(new Row(links), link, c, instance).set(link.platform, l.platform()).set(linkId, l.linkId())
                .set(linkShort, l.shortUrl()).set(linkLong, l.longUrl()).set(linkSource, l.source()).set(linkPostId, l.postId())
                .set(linkCardKind, l.cardKind()).set(linkTitle, l.title()).set(linkExcerpt, l.excerpt())
                .set(link.targetUri, c.targetUri());
    }

    private static Row pointer(Row r, Cols t, WarcCapture c, String instance) {
        return r.set(t.warcFile, c.warcFile()).set(t.warcOffset, c.offset()).set(t.warcRecordId, c.recordId())
                .set(t.captureTime, c.date()).set(t.instance, instance);
    }

    private static void counts(Row r, int[] cols, Counts c) {
        if (c == null) return;
        r.set(cols[0], c.value()).set(cols[1], c.low()).set(cols[2], c.high()).set(cols[3], c.display());
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
