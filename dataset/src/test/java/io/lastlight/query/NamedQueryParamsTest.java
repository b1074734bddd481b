package io.lastlight.query;

import io.lastlight.core.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Canned queries' parameter values are checked against the values their headers declare. The review ran
 * {@code deletions --param by=nonsense} and got "(0 rows)", exit 0 (read as "no deletions"), and
 * {@code user-growth --param period=year} gave yearly sign-ups under monthly rows with a wrong cumulative total.
 */
class NamedQueryParamsTest {
    @ParameterizedTest(name = "{0} {1}={2}")
    @CsvSource({
            "deletions, by, nonsense, 'one of day, author'",
            "violent-prevalence, by, nonsense, 'one of overall, day, week, month, account'",
            "user-growth, period, year, 'one of day, week, month'",
            "id-sampling, kind, users, 'one of user, post'",
            "top-followers, limit, -3, '>= 0'",
            "coverage, limit, -1, '>= 0'",
            "deletions, limit, -1, '>= 0'",
            "violent-prevalence, min_posts, 0, '>= 1'",
            "user-growth, window, 0, '>= 1'",
            "user-growth, window, eight, 'whole number >= 1'",
            "user-growth, k, -1, '>= 0'",
            "follower-distribution, top_share, 0, '> 0 and <= 1'",
            "follower-distribution, top_share, 1.5, '> 0 and <= 1'",
            "follower-distribution, base, 1, '> 1'"})
    void aValueOutsideTheDeclaredOnesIsBadUsageNamingTheAllowedOnes(String query, String param, String value, String allowed) {
        NamedQuery q = NamedQuery.load(query);
        UsageException e = assertThrows(UsageException.class, () -> q.values(Map.of(param, value)));
        assertTrue(e.getMessage().contains(allowed), e.getMessage());
        assertTrue(e.getMessage().contains("'" + value + "'") && e.getMessage().contains(param), e.getMessage());
    }

    @ParameterizedTest(name = "{0} {1}={2}")
    @CsvSource({"deletions, by, author", "violent-prevalence, by, week", "user-growth, period, day", "top-followers, limit, 0",
            "follower-distribution, top_share, 0.5", "id-sampling, kind, post"})
    void aDeclaredValueIsAccepted(String query, String param, String value) {
        assertEquals(value, String.valueOf(NamedQuery.load(query).values(Map.of(param, value)).get(param)));
    }

    @Test
    void unknownQueriesAndParametersAreBadUsage() {
        UsageException q = assertThrows(UsageException.class, () -> NamedQuery.load("no-such-query"));
        assertTrue(q.getMessage().contains("violent-prevalence-adjusted"), q.getMessage());
        UsageException p = assertThrows(UsageException.class, () -> NamedQuery.load("top-followers").values(Map.of("nosuch", "1")));
        assertTrue(p.getMessage().contains("its parameters: limit"), p.getMessage());
    }

    /** Every shipped query: its defaults pass its own rules, and a text parameter (all are choices) lists its values. */
    @Test
    void everyShippedParameterDeclaresWhatItAcceptsAndItsDefaultIsAccepted() {
        for (String name : NamedQuery.NAMES) {
            NamedQuery q = NamedQuery.load(name);
            q.values(Map.of());
            for (NamedQuery.Param p : q.params().values()) {
                assertFalse(p.rule().isAny(), name + " " + p.name() + " declares no [values] or [bounds]");
                if (p.type().equalsIgnoreCase("VARCHAR")) assertFalse(p.rule().allowed().isEmpty(), name + " " + p.name());
                if (p.name().equals("limit")) assertEquals(">= 0", p.rule().describe(), name);
            }
        }
    }

    /** NAMES (which --help, --list and the error for an unknown name print) is every query file and only those. */
    @Test
    void namesAreExactlyTheShippedQueryFiles() throws IOException {
        Set<String> files;
        try (Stream<Path> s = Files.list(Path.of("src/main/resources/io/lastlight/query"))) {
            files = s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".sql"))
                    .map(f -> f.substring(0, f.length() - 4)).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(files, new TreeSet<>(NamedQuery.NAMES));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"day|author; 'one of day, author'", ">=0; '>= 0'", ">0,<=1; '> 0 and <= 1'", ">1.5; '> 1.5'"})
    void rulesParseFromTheHeaderSyntax(String text, String described) {
        assertEquals(described, ParamRule.parse(text).describe());
    }

    @Test
    void aMalformedBoundIsRejectedWhenTheQueryIsParsed() {
        assertThrows(IllegalArgumentException.class, () -> ParamRule.parse(">=x"));
        assertThrows(IllegalArgumentException.class, () -> ParamRule.parse("day||author"));
    }
}
