package io.lastlight.e2e;

import io.lastlight.build.DatasetBuilder;
import io.lastlight.query.QueryCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;
import org.netpreserve.jwarc.Warcinfo;

import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The real parler.com page (and a hand-written one in its markup, and a /l/ redirect) in WARC response records
 * the way ArchiveTeam's grab stored them (no platform in the warcinfo): the build gives the expected posts,
 * profiles and link rows, each pointing at its record.
 */
public class ParlerWebPagesBuildTest {
    static final Instant CAPTURED = Instant.parse("2021-01-10T12:00:00Z");
    static final String REAL = "b9a68d4725a347b3950e13c591942c79", OWN = "1a2b3c4d5e6f40718293a4b5c6d7e8f9";
    static final String ECHOED = "d-c7d4a04fff2cb68cf41913a6e1290544", REPLY = "d-c6958cc28a53639a6470ea68c068082c";
    static final String ECHOED_TEXT = "Seeing the Congressmen and Senators cratering instantly in the face of the breach of the Capitol building tells me this was planned. These elected shills have done nothing but watch America burn from lawless Antifa and BLM.\n"
            + "Their claims of protecting democracy by certifying a fraudulent illegal election that is a coup and communist takeover of this country is a lie";

    @TempDir
    Path tmp;

    /** A page of the parser's own fixtures (platforms module), so the build and import tests read the same bytes. */
    public static byte[] page(String name) throws Exception {
        return java.nio.file.Files.readAllBytes(Path.of("../platforms/src/test/resources/fixtures/parler-web", name));
    }

    /** post id | author | text | parent | echo | reply | comments | echoes | upvotes | impressions | precision | created_low | derived */
    static final List<String> EXPECTED_POSTS = List.of(
            OWN + " | PatriotPam | Everyone read this #StopTheSteal @RealNews\nShare it everywhere! | null | false | false | 88 | 12k | 3.2m | 1.5m | hour | 2021-01-10 09:00:00 | false",
            REAL + " | Johngragg45 | null | " + ECHOED + " | true | false | null | null | null | null | day | 2021-01-06 12:00:00 | false",
            "c0ffee00c0ffee00c0ffee00c0ffee00 | BobB | Agreed, 100% | " + OWN + " | false | true | 1 | null | 45 | null | day | 2021-01-05 10:00:00 | false",
            REPLY + " | CarolC | @BobB same here | c0ffee00c0ffee00c0ffee00c0ffee00 | false | true | 0 | null | 3 | null | hour | 2021-01-10 10:00:00 | true",
            ECHOED + " | SidneyPowell | " + ECHOED_TEXT + " | null | false | false | 9742 | 27580 | 62831 | 5585338 | day | 2021-01-06 12:00:00 | true");

    static List<String> posts(Path dataset) throws Exception {
        List<String> out = new ArrayList<>();
        for (List<Object> r : QueryCommand.run(dataset, null, "SELECT post_id, author_username, text, parent_id, is_repost, is_reply, "
                + "comments_display, reposts_display, upvotes_display, impressions_display, created_precision, "
                + "strftime(created_low, '%Y-%m-%d %H:%M:%S'), post_id_derived FROM posts ORDER BY post_id", null, Map.of()).rows()) {
            List<String> s = new ArrayList<>();
            for (Object o : r) s.add(String.valueOf(o));
            out.add(String.join(" | ", s));
        }
        return out;
    }

    static List<List<Object>> query(Path dataset, String sql) throws Exception {
        return QueryCommand.run(dataset, null, sql, null, Map.of()).rows();
    }

    @Test
    void theRealPageInAWarcResponseRecordBuildsIntoPosts() throws Exception {
        Path warc = tmp.resolve("in").resolve("parler-grab-00000.warc.gz");
        Files.createDirectories(warc.getParent());
        try (WarcWriter w = new WarcWriter(FileChannel.open(warc, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), WarcCompression.GZIP)) {
            w.write(new Warcinfo.Builder().date(CAPTURED).fields(Map.of("operator", List.of("Archive Team"))).build());
            w.write(response("https://parler.com/post/" + REAL, 200, "text/html; charset=utf-8", page("real-echo--parent-no-comment.html")));
            w.write(response("https://share.par.pw/post/" + OWN, 200, "text/html", page("post-with-comments.html")));
            HttpResponse redirect = new HttpResponse.Builder(302, "Found").addHeader("Location", "https://www.example.com/story?id=1")
                    .body(MediaType.parse("text/html"), new byte[0]).build();
            w.write(new WarcResponse.Builder(URI.create("https://api.parler.com/l/BeZpH")).date(CAPTURED).body(redirect).build());
        }
        Path dataset = tmp.resolve("ds");
        new DatasetBuilder(Clock.systemUTC(), "parler", s -> { }).build(tmp.resolve("in"), dataset, false);

        assertEquals(List.of(List.of("html-post", "ok", "crawl", "response", 4L), List.of("html-post", "ok", "crawl", "response", 7L),
                        List.of("link", "ok", "crawl", "response", 1L)),
                query(dataset, "SELECT item_kind, parse_status, capture_source, record_type, CAST(rows_extracted AS BIGINT) FROM captures"
                        + " WHERE record_type <> 'warcinfo' ORDER BY warc_offset"));
        assertEquals(EXPECTED_POSTS, posts(dataset));
        assertEquals(List.of(List.of("@BobB", "Bob B"), List.of("@CarolC", "Carol"), List.of("@Johngragg45", "Johngragg45"),
                        List.of("@PatriotPam", "Pam Patriot"), List.of("@SidneyPowell", "Sidney")),
                query(dataset, "SELECT user_id, display_name FROM profiles ORDER BY user_id"));
        assertEquals(List.of(List.of("Xy12Z", "https://example.com/news/court-case", "card", OWN),
                        List.of("BeZpH", "https://www.example.com/story?id=1", "redirect", "null")),
                query(dataset, "SELECT link_id, long_url, source, coalesce(post_id, 'null') FROM links ORDER BY warc_offset"));
        assertEquals(List.of(List.of(5L)), query(dataset, "SELECT count(*) FROM posts p JOIN captures c ON p.warc_file = c.warc_file "
                + "AND p.warc_offset = c.warc_offset AND p.warc_record_id = c.warc_record_id"),
                "every post points at the record it came from");
    }

    static WarcResponse response(String url, int status, String type, byte[] body) throws Exception {
        HttpResponse http = new HttpResponse.Builder(status, "OK").body(MediaType.parse(type), body).build();
        return new WarcResponse.Builder(URI.create(url)).date(CAPTURED).body(http).build();
    }
}
