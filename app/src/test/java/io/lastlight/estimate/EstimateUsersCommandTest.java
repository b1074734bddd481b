package io.lastlight.estimate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.cli.MainTest;
import io.lastlight.e2e.AnswersWorld;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** crawl --sample-ids → build → estimate users, on the shared simulated world. */
class EstimateUsersCommandTest {
    @TempDir
    Path tmp;

    static JsonNode method(JsonNode doc, String prefix) {
        for (JsonNode e : doc.get("estimates")) if (e.get("method").asText().startsWith(prefix)) return e;
        return null;
    }

    @Test
    void idSamplingFromTheCrawlHoldsTheTrueAccountCount() throws Exception {
        AnswersWorld w = AnswersWorld.get();
        MainTest.Run r = MainTest.run("estimate", "users", "--dataset", w.dataset.toString(), "--id-range", w.range.toString(), "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        JsonNode s = method(doc, "id-space sampling");
        assertNotNull(s, r.out());
        assertEquals(AnswersWorld.PROBES, s.get("evidence").get("ids_tried").asInt());
        assertEquals(w.range.toString(), s.get("evidence").get("id_range").asText());
        // every account holds a number in the range (1 .. max id × 1.25): the truth is the world's account count
        long truth = w.truth.users();
        assertTrue(s.get("ci95_low").asDouble() <= truth && truth <= s.get("ci95_high").asDouble(), s.toString());
        JsonNode tank = method(doc, "maximum id");
        long maxId = w.truth.world().maxUserNumber();
        assertTrue(tank.get("ci95_low").asDouble() <= maxId && maxId <= tank.get("ci95_high").asDouble(), tank.toString());
        JsonNode rc = method(doc, "capture-recapture (follow lists");
        assertNotNull(rc);
        assertTrue(rc.get("assumptions").size() >= 3);
        // the table form states the same
        MainTest.Run t = MainTest.run("estimate", "users", "--dataset", w.dataset.toString(), "--id-range", w.range.toString());
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("id-space sampling") && t.out().contains("ids_tried=" + AnswersWorld.PROBES) && t.out().contains("assumptions:"), t.out());
        // without --id-range the range is inferred, and the output says so
        MainTest.Run inferred = MainTest.run("estimate", "users", "--dataset", w.dataset.toString());
        assertTrue(inferred.out().contains("range was inferred"), inferred.out());
    }

    @Test
    void twoDatasetsGiveCaptureRecaptureBetweenThem() throws Exception {
        AnswersWorld w = AnswersWorld.get();
        MainTest.Run r = MainTest.run("estimate", "users", "--dataset", w.dataset.toString(), "--recapture-dataset", w.dataset.toString(),
                "--id-range", w.range.toString(), "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode rc = method(new ObjectMapper().readTree(r.out()), "capture-recapture (two datasets)");
        // the same capture twice: complete overlap, the estimate is exactly what was seen
        assertEquals(w.truth.reachableUsers(), rc.get("estimate").asLong());
    }

    @Test
    void badInputSaysWhatToDo() {
        MainTest.Run bad = MainTest.run("estimate", "users", "--dataset", tmp.toString(), "--id-range", "9-1");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--id-range must be A-B"), bad.err());
        MainTest.Run missing = MainTest.run("estimate", "users", "--dataset", tmp.resolve("nope").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("not a lastlight dataset"), missing.err());
        MainTest.Run none = MainTest.run("estimate");
        assertEquals(2, none.code());
        MainTest.Run help = MainTest.run("estimate", "users", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("Exit codes"));
    }
}
