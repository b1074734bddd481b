package io.lastlight.crawl;

import io.lastlight.fetch.AddressPolicy;
import io.lastlight.warc.WarcSink;
import org.apache.hc.client5.http.DnsResolver;

import java.time.Clock;
import java.util.function.Function;

/**
 * What a crawl takes from the machine it runs on: the clock, environment variables (for
 * {@code --token-env}), DNS, which addresses may be connected to, and how WARC files are opened. The
 * defaults are the real ones; tests substitute a resolver, an address policy or a full disk.
 *
 * @param addresses null: derived from the base URL (private addresses allowed only if the base is one)
 * @param dns null: the system resolver
 * @param warcOpener null: plain files
 */
public record CrawlEnvironment(Clock clock, Function<String, String> env, DnsResolver dns, AddressPolicy addresses,
                               WarcSink.ChannelOpener warcOpener) {
    public static CrawlEnvironment system(Clock clock) {
        return new CrawlEnvironment(clock, System::getenv, null, null, null);
    }

    public CrawlEnvironment withAddresses(DnsResolver resolver, AddressPolicy policy) {
        return new CrawlEnvironment(clock, env, resolver, policy, warcOpener);
    }

    public CrawlEnvironment withEnv(Function<String, String> variables) {
        return new CrawlEnvironment(clock, variables, dns, addresses, warcOpener);
    }

    public CrawlEnvironment withWarcOpener(WarcSink.ChannelOpener opener) {
        return new CrawlEnvironment(clock, env, dns, addresses, opener);
    }
}
