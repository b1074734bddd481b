package io.lastlight.platform.parler;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Displayed times resolved against the capture time into an interval with its precision. */
class RelativeTimeTest {
    static final Instant CAPTURED = Instant.parse("2021-01-10T12:00:00Z");

    @ParameterizedTest(name = "\"{0}\" -> {1} {2} [{3}, {4}]")
    @CsvSource(delimiter = '|', value = {
            "4 days ago     | 2021-01-06T12:00:00Z | day    | 2021-01-05T12:00:00Z | 2021-01-07T00:00:00Z",
            "2 hours ago    | 2021-01-10T10:00:00Z | hour   | 2021-01-10T09:00:00Z | 2021-01-10T10:30:00Z",
            "an hour ago    | 2021-01-10T11:00:00Z | hour   | 2021-01-10T10:00:00Z | 2021-01-10T11:30:00Z",
            "a day ago      | 2021-01-09T12:00:00Z | day    | 2021-01-08T12:00:00Z | 2021-01-10T00:00:00Z",
            "yesterday      | 2021-01-09T12:00:00Z | day    | 2021-01-08T12:00:00Z | 2021-01-10T00:00:00Z",
            "5 minutes ago  | 2021-01-10T11:55:00Z | minute | 2021-01-10T11:54:00Z | 2021-01-10T11:55:30Z",
            "2 weeks ago    | 2020-12-27T12:00:00Z | week   | 2020-12-20T12:00:00Z | 2020-12-31T00:00:00Z",
            "3 months ago   | 2020-10-12T12:00:00Z | month  | 2020-09-08T12:00:00Z | 2020-11-01T12:00:00Z",
            "a year ago     | 2020-01-11T12:00:00Z | year   | 2019-01-09T12:00:00Z | 2020-07-12T00:00:00Z",
            "just now       | 2021-01-10T12:00:00Z | minute | 2021-01-10T11:59:00Z | 2021-01-10T12:00:00Z",
            "Jan 6, 2021    | 2021-01-06T00:00:00Z | day    | 2021-01-05T10:00:00Z | 2021-01-07T12:00:00Z",
            "January 6, 2021| 2021-01-06T00:00:00Z | day    | 2021-01-05T10:00:00Z | 2021-01-07T12:00:00Z",
            "Dec 24         | 2020-12-24T00:00:00Z | day    | 2020-12-23T10:00:00Z | 2020-12-25T12:00:00Z",
            "Jan 10, 2021   | 2021-01-10T00:00:00Z | day    | 2021-01-09T10:00:00Z | 2021-01-10T12:00:00Z",
    })
    void resolves(String shown, String at, String precision, String low, String high) {
        RelativeTime.Interval t = RelativeTime.resolve(shown, CAPTURED);
        assertEquals(Instant.parse(at), t.at());
        assertEquals(precision, t.precision());
        assertEquals(Instant.parse(low), t.low());
        assertEquals(Instant.parse(high), t.high());
    }

    @ParameterizedTest
    @CsvSource({"sometime last spring", "99999999 days ago", "Feb 30 2021", "'Mar 3, 2021'", "''"})
    void unreadableOrImpossibleTimesAreNull(String shown) {
        assertNull(RelativeTime.resolve(shown, CAPTURED));
    }
}
