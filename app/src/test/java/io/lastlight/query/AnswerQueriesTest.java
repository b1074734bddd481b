package io.lastlight.query;

import io.lastlight.e2e.AnswersWorld;
import io.lastlight.simulate.GroundTruth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every canned query against a simulated, completely crawled world, checked against its ground truth. */
class AnswerQueriesTest {
    static AnswersWorld w;

    @BeforeAll
    static void world() throws Exception {
        w = AnswersWorld.get();
    }

    static ResultTable q(String name, Map<String, String> params) throws Exception {
        return QueryCommand.run(w.dataset, name, null, null, params);
    }

    static Map<String, Object> byMeasure(ResultTable t) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (List<Object> r : t.rows()) m.put((String) r.get(0), r.get(1));
        return m;
    }

    static Set<String> ids(String sql) throws Exception {
        Set<String> out = new HashSet<>();
        try (Connection c = Dataset.open(w.dataset); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    @Test
    void everyListedQueryDeclaresItsParametersAndRunsWithDefaults() throws Exception {
        Pattern ref = Pattern.compile("\\$([a-z_][a-z0-9_]*)");
        for (String name : NamedQuery.NAMES) {
            NamedQuery nq = NamedQuery.load(name);
            assertFalse(nq.description().isBlank(), name);
            Matcher m = ref.matcher(nq.sql().replaceAll("(?m)--.*$", ""));
            while (m.find()) assertTrue(nq.params().containsKey(m.group(1)), name + " uses undeclared $" + m.group(1) + " (Python would fail to bind it)");
            assertNotNull(q(name, Map.of()), name);
        }
    }

    @Test
    void userCountsEqualTheTruthForACompleteCrawl() throws Exception {
        Map<String, Object> m = byMeasure(q("user-counts", Map.of()));
        assertEquals(w.truth.reachableUsers(), ((Number) m.get("profiles_captured")).longValue());
        Set<String> reachable = new HashSet<>(w.truth.reachableUserIds());
        long banned = w.truth.bannedUsers().stream().filter(e -> !e.at().isAfter(w.t1) && reachable.contains(e.id())).count();
        assertEquals(banned, ((Number) m.get("banned")).longValue());
        assertTrue(m.containsKey("platform_reported_users"));
        assertNull(m.get("platform_reported_users"));
        assertEquals(ids("SELECT DISTINCT author_id FROM posts").size(), ((Number) m.get("accounts_that_posted")).intValue());
    }

    @Test
    void topFollowersAreTheTruthsTopTen() throws Exception {
        ResultTable t = QueryCommand.run(w.dataset, "top-followers", null, 10, Map.of());
        List<String> got = new ArrayList<>();
        for (int i = 0; i < t.rows().size(); i++) got.add((String) t.value(i, "username"));
        List<String> want = w.truth.topFollowers().stream().map(GroundTruth.Follower::username).toList();
        assertEquals(want, got);
        for (int i = 0; i < 10; i++) {
            long f = w.truth.topFollowers().get(i).followers();
            assertTrue(((Number) t.value(i, "followers_low")).longValue() <= f && f <= ((Number) t.value(i, "followers_high")).longValue());
        }
    }

    @Test
    void followerDistributionIsConsistentAndBoundsHoldTheNominalFigures() throws Exception {
        ResultTable t = q("follower-distribution", Map.of());
        long profiles = ids("SELECT user_id FROM profiles WHERE followers_count IS NOT NULL").size();
        long inBins = 0;
        double top1 = -1;
        for (int i = 0; i < t.rows().size(); i++) {
            String section = (String) t.value(i, "section");
            if (section.equals("histogram")) {
                inBins += ((Number) t.value(i, "accounts")).longValue();
                long lo = ((Number) t.value(i, "accounts_low")).longValue(), hi = ((Number) t.value(i, "accounts_high")).longValue();
                long n = ((Number) t.value(i, "accounts")).longValue();
                assertTrue(lo <= n && n <= hi);
            } else {
                double v = ((Number) t.value(i, "value")).doubleValue();
                assertTrue(((Number) t.value(i, "value_low")).doubleValue() <= v && v <= ((Number) t.value(i, "value_high")).doubleValue(), t.rows().get(i).toString());
                if (t.value(i, "statistic").equals("max")) assertEquals(w.truth.topFollowers().get(0).followers(), (long) v);
                if (section.equals("concentration")) top1 = v;
            }
        }
        assertEquals(profiles, inBins);
        assertTrue(top1 > 0.01 && top1 < 1, "top 1% share " + top1); // heavy-tailed: the top 1% hold far more than 1%
    }

    @Test
    void userGrowthFindsTheSimulatedSpikesAndNothingElse() throws Exception {
        // the simulator's sign-up curve: bumps in Dec 2018, Jun 2019, Jun 2020 and the surge from Nov 2020 into Jan 2021
        LocalDate[][] windows = {
                {LocalDate.parse("2018-11-20"), LocalDate.parse("2019-01-05")},
                {LocalDate.parse("2019-05-25"), LocalDate.parse("2019-07-05")},
                {LocalDate.parse("2020-06-01"), LocalDate.parse("2020-07-10")},
                {LocalDate.parse("2020-10-20"), LocalDate.parse("2021-01-31")}};
        ResultTable weeks = q("user-growth", Map.of("period", "week"));
        boolean[] found = new boolean[windows.length];
        long total = 0;
        for (int i = 0; i < weeks.rows().size(); i++) {
            total += ((Number) weeks.value(i, "signups")).longValue();
            if (!Boolean.TRUE.equals(weeks.value(i, "spike"))) continue;
            LocalDate start = LocalDate.parse(weeks.value(i, "period_start").toString());
            boolean inside = false;
            for (int k = 0; k < windows.length; k++) {
                if (!start.plusDays(6).isBefore(windows[k][0]) && !start.isAfter(windows[k][1])) {
                    found[k] = true;
                    inside = true;
                }
            }
            assertTrue(inside, "spike week " + start + " is outside every simulated spike");
        }
        for (int k = 0; k < windows.length; k++) assertTrue(found[k], "no spike found in " + windows[k][0] + ".." + windows[k][1]);
        assertEquals(ids("SELECT user_id FROM profiles WHERE joined_at IS NOT NULL").size(), total);
        // by day with a 28-day baseline, the early-January 2021 surge on top of the plateau shows too
        ResultTable days = q("user-growth", Map.of("period", "day", "window", "28"));
        boolean january = false;
        for (int i = 0; i < days.rows().size(); i++) {
            if (Boolean.TRUE.equals(days.value(i, "spike")) && days.value(i, "period_start").toString().startsWith("2021-01")) january = true;
        }
        assertTrue(january, "the January 2021 surge was not flagged by day");
        assertEquals(total, ((Number) days.value(days.rows().size() - 1, "cumulative")).longValue());
    }

    @Test
    void violentPrevalenceIntervalHoldsTheTruthsShareOfCapturedPosts() throws Exception {
        Set<String> live = ids("SELECT post_id FROM posts WHERE NOT deleted AND violent IS NOT NULL");
        Set<String> violent = new HashSet<>(w.truth.violentPostIds());
        long truthViolent = live.stream().filter(violent::contains).count();
        double truthShare = (double) truthViolent / live.size();
        Set<String> flaggedIds = ids("SELECT post_id FROM posts WHERE NOT deleted AND violent");
        ResultTable t = q("violent-prevalence", Map.of());
        assertEquals("overall_post_weighted", t.value(0, "level"));
        assertEquals((long) live.size(), ((Number) t.value(0, "posts")).longValue());
        assertEquals((long) flaggedIds.size(), ((Number) t.value(0, "flagged")).longValue());
        double lo = ((Number) t.value(0, "ci_low")).doubleValue(), hi = ((Number) t.value(0, "ci_high")).doubleValue();
        io.lastlight.estimate.Intervals.Interval wilson = io.lastlight.estimate.Intervals.wilson(flaggedIds.size(), live.size(), io.lastlight.estimate.Intervals.Z95);
        assertEquals(wilson.low(), lo, 1e-9);
        assertEquals(wilson.high(), hi, 1e-9);
        assertNotNull(t.value(0, "classifier_version"));
        // The raw rate estimates the true share only as far as the classifier agrees with the simulator's labels.
        long agreed = flaggedIds.stream().filter(violent::contains).count();
        double recall = truthViolent == 0 ? 1 : (double) agreed / truthViolent;
        double precision = flaggedIds.isEmpty() ? 1 : (double) agreed / flaggedIds.size();
        org.junit.jupiter.api.Assumptions.assumeTrue(recall >= 0.9 && precision >= 0.9, String.format(java.util.Locale.ROOT,
                "classifier %s agrees too little with the simulator's labels (recall %.2f, precision %.2f) for the raw rate"
                        + " [%.4f, %.4f] to hold the true share %.4f; the rest of this test ran", t.value(0, "classifier_version"), recall, precision, lo, hi, truthShare));
        assertTrue(lo <= truthShare && truthShare <= hi, "truth " + truthShare + " outside [" + lo + ", " + hi + "]");
    }


    @Test
    void violentPrevalenceBreaksDownByDayAndAccountWithoutRankingSmallAccounts() throws Exception {
        ResultTable t = q("violent-prevalence", Map.of());
        assertEquals("overall_account_averaged", t.value(1, "level"));
        // per day: the rows add up to the posts with day-precision dates
        ResultTable days = q("violent-prevalence", Map.of("by", "day"));
        long sum = 0;
        for (int i = 0; i < days.rows().size(); i++) sum += ((Number) days.value(i, "posts")).longValue();
        assertEquals(ids("SELECT post_id FROM posts WHERE NOT deleted AND violent IS NOT NULL AND created_precision <> 'month'").size(), sum);
        // per account: accounts below the minimum are flagged and never ranked; ranks follow the lower bound
        ResultTable acc = q("violent-prevalence", Map.of("by", "account", "min_posts", "5"));
        double prev = 2;
        boolean sawBelow = false;
        for (int i = 0; i < acc.rows().size(); i++) {
            boolean below = (Boolean) acc.value(i, "below_min_posts");
            long posts = ((Number) acc.value(i, "posts")).longValue();
            assertEquals(posts < 5, below);
            if (below) {
                sawBelow = true;
                assertNull(acc.value(i, "rank_by_lower_bound"));
            } else {
                assertFalse(sawBelow, "ranked accounts come first");
                double l = ((Number) acc.value(i, "ci_low")).doubleValue();
                assertTrue(l <= prev + 1e-12);
                prev = l;
            }
        }
        assertTrue(sawBelow);
    }

    @Test
    void deletionsCountWhatTheWorldDeletedBetweenTheCapturesWithEvidence() throws Exception {
        ResultTable days = q("deletions", Map.of());
        long posts = 0, banned = 0, complete = 0;
        for (int i = 0; i < days.rows().size(); i++) {
            posts += ((Number) days.value(i, "deleted_posts")).longValue();
            banned += ((Number) days.value(i, "banned_accounts")).longValue();
            complete += ((Number) days.value(i, "evidence_complete")).longValue();
        }
        assertTrue(posts > 0 && banned > 0, "deleted " + posts + ", banned " + banned);
        assertEquals(posts + banned, complete, "every deletion has both captures as evidence");
        Set<String> deletedIds = ids("SELECT item_id FROM deletions WHERE item_type = 'post'");
        Set<String> captured = new HashSet<>(w.truth.reachablePostIds());
        long truthDeleted = w.truth.deletedPosts().stream()
                .filter(e -> e.at().isAfter(w.t0) && !e.at().isAfter(w.t1) && captured.contains(e.id()))
                .filter(e -> !deletedIds.contains(e.id())).count();
        assertEquals(0, truthDeleted, "deleted posts the query misses");
        ResultTable authors = q("deletions", Map.of("by", "author"));
        long byAuthor = 0;
        for (int i = 0; i < authors.rows().size(); i++) byAuthor += ((Number) authors.value(i, "deleted_posts")).longValue();
        assertEquals(posts, byAuthor);
    }

    @Test
    void coverageListsTruncatedAccountsAndCaptureCoverageCountsTheProbes() throws Exception {
        ResultTable c = QueryCommand.run(w.dataset, "coverage", null, 10000, Map.of());
        for (int i = 0; i < c.rows().size(); i++) {
            long low = ((Number) c.value(i, "posts_low")).longValue(), got = ((Number) c.value(i, "posts_captured")).longValue();
            assertEquals(got < low, c.value(i, "truncated"));
        }
        ResultTable k = q("capture-coverage", Map.of());
        boolean probes = false;
        for (int i = 0; i < k.rows().size(); i++) {
            if (!"id-probe".equals(k.value(i, "kind"))) continue;
            probes = true;
            assertEquals((long) AnswersWorld.PROBES, ((Number) k.value(i, "captures")).longValue());
            assertEquals((long) AnswersWorld.PROBES, ((Number) k.value(i, "http_200")).longValue() + ((Number) k.value(i, "http_gone")).longValue());
            assertEquals(0L, ((Number) k.value(i, "parse_errors")).longValue(), "id probes are evidence, not parse errors");
        }
        assertTrue(probes, "no id-probe captures");
    }
}
