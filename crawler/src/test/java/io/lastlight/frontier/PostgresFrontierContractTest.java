package io.lastlight.frontier;

import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;

/** The shared {@link FrontierContract} on the PostgreSQL frontier, as one worker (reopened under its name). */
class PostgresFrontierContractTest extends FrontierContract {
    private String url;

    @BeforeEach
    void database() {
        url = PgTestSupport.freshUrl();
    }

    @Override
    protected Frontier open(Frontier.Order order) {
        return new PostgresFrontier(PgTestSupport.target(url), "w1", order, Duration.ofSeconds(30), m -> { });
    }
}
