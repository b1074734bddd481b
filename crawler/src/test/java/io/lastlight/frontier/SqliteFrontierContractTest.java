package io.lastlight.frontier;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The shared {@link FrontierContract} on the one-machine SQLite frontier. */
class SqliteFrontierContractTest extends FrontierContract {
    @TempDir
    Path dir;

    @Override
    protected Frontier open(Frontier.Order order) {
        return new SqliteFrontier(dir.resolve("frontier.db"), order);
    }
}
