package io.lastlight.query;

import io.lastlight.core.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opening a dataset compares the schema version its manifest records with the one this software knows: the review
 * edited {@code schemaVersion} to "0.9" and "9.0" and {@code query} and {@code evidence} ran without a word.
 */
class DatasetSchemaVersionTest {
    @TempDir
    Path dir;

    final List<String> warnings = new ArrayList<>();

    void manifest(String version) throws Exception {
        Files.writeString(dir.resolve("manifest.json"), "{\"profile\":\"lastlight-dataset\",\"schemaVersion\":\"" + version + "\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9.0", "1.4", "2.0"})
    void aNewerSchemaIsRefusedSayingWhatToDo(String version) throws Exception {
        manifest(version);
        UserException e = assertThrows(UserException.class, () -> Dataset.checkSchema(dir, "1.3", warnings::add));
        assertTrue(e.getMessage().contains(version) && e.getMessage().contains("1.3"), e.getMessage());
        assertTrue(e.getMessage().contains("upgrade lastlight") && e.getMessage().contains("lastlight build"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.9", "1.2", "1.0"})
    void anOlderSchemaWarnsOnceWithTheContractAndTheRebuild(String version) throws Exception {
        manifest(version);
        Dataset.checkSchema(dir, "1.3", warnings::add);
        assertEquals(1, warnings.size(), warnings.toString());
        String w = warnings.get(0);
        assertTrue(w.contains(version) && w.contains("dataset.yaml") && w.contains("lastlight build"), w);
        assertEquals(1, w.lines().count(), w);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.3", "1.3.2"})
    void theSameMajorMinorSaysNothing(String version) throws Exception {
        manifest(version);
        Dataset.checkSchema(dir, "1.3", warnings::add);
        assertEquals(List.of(), warnings);
    }

    @Test
    void aDatasetWithoutAManifestIsLeftAlone() {
        Dataset.checkSchema(dir, "1.3", warnings::add);
        assertEquals(List.of(), warnings);
    }

    @Test
    void anUnreadableVersionWarns() throws Exception {
        manifest("one point three");
        Dataset.checkSchema(dir, "1.3", warnings::add);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("lastlight build"), warnings.get(0));
    }

    @Test
    void openRefusesANewerDatasetBeforeTouchingItsDatabase() throws Exception {
        manifest("9.0");
        Files.writeString(dir.resolve("lastlight.duckdb"), "");
        UserException e = assertThrows(UserException.class, () -> Dataset.open(dir));
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
    }
}
