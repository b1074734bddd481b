package io.lastlight.crawl;

import io.lastlight.frontier.Frontier;
import io.lastlight.warc.WarcSink;

/**
 * Keeps the frontier's ledger of WARC ends in step with the sink's files, so that after a kill {@code --resume}
 * fetches again exactly the captures that are not in the archive:
 * <ul>
 * <li>a new file is recorded (and committed) as soon as its warcinfo is written, so recovery cuts it back to the
 *     captures committed in it, not to whatever it holds;</li>
 * <li>before a full file is renamed from {@code .open} (after which recovery no longer touches it) the outcomes of
 *     the captures in it, which the frontier commits in groups, are committed.</li>
 * </ul>
 */
final class LedgerEvents implements WarcSink.FileEvents {
    private final Frontier frontier;

    LedgerEvents(Frontier frontier) {
        this.frontier = frontier;
    }

    @Override
    public void opened(String file, long end) {
        frontier.warcOpened(file, end);
    }

    @Override
    public void closing(String file, long end) {
        frontier.warcCommitted(file, end);
    }
}
