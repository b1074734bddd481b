package io.lastlight.report;

import io.lastlight.core.Version;
import io.lastlight.estimate.UserEstimate;
import io.lastlight.estimate.UserEstimator;
import io.lastlight.query.QueryCommand;
import io.lastlight.query.ResultTable;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the self-contained HTML report from the canned queries (the same SQL files the CLI and notebooks run):
 * headline counts and estimates, then one figure per question, each with its methods note. No scripts, no
 * external resources: inline CSS and inline SVG only, so the file opens offline and archives well.
 */
public final class ReportBuilder {
    private final Path dataset;
    private final Clock clock;

    public ReportBuilder(Path dataset, Clock clock) {
        this.dataset = dataset;
        this.clock = clock;
    }

    public String build() throws Exception {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>lastlight report: ")
                .append(Html.esc(dataset.getFileName())).append("</title>\n<style>\n").append(CSS).append("</style></head><body>\n");
        h.append("<h1>What the capture shows</h1>\n<p class=\"meta\">Dataset <code>").append(Html.esc(dataset.toAbsolutePath()))
                .append("</code>; report written ").append(Html.esc(clock.instant().toString())).append(" by ").append(Html.esc(Version.software()))
                .append(". Every figure comes from a canned query (<code>lastlight query NAME</code>; the SQL ships with lastlight) and can be traced to WARC records with <code>lastlight evidence</code>.</p>\n");
        counts(h);
        signups(h);
        followers(h);
        violence(h);
        deletions(h);
        coverage(h);
        h.append("</body></html>\n");
        return h.toString();
    }

    private ResultTable q(String name, Map<String, String> params) throws Exception {
        return QueryCommand.run(dataset, name, null, null, params);
    }

    private static double d(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }

    private static double day(Object o) {
        return o == null ? Double.NaN : LocalDate.parse(o.toString().substring(0, 10)).toEpochDay();
    }

    private void counts(StringBuilder h) throws Exception {
        h.append("<section id=\"counts\"><h2>Accounts</h2>\n<table><tr><th>measure</th><th>value</th><th>what it counts</th></tr>\n");
        ResultTable t = q("user-counts", Map.of());
        for (List<Object> r : t.rows()) {
            h.append("<tr><td>").append(Html.esc(r.get(0))).append("</td><td class=\"n\">").append(r.get(1) == null ? "—" : Html.esc(String.format(Locale.ROOT, "%,d", ((Number) r.get(1)).longValue())))
                    .append("</td><td>").append(Html.esc(r.size() > 2 ? r.get(2) : "")).append("</td></tr>\n");
        }
        h.append("</table>\n");
        List<UserEstimate> est = UserEstimator.estimate(dataset, null, null, "user");
        if (!est.isEmpty()) {
            h.append("<h3>Estimates of the number of accounts</h3>\n<table><tr><th>method</th><th>estimates</th><th>estimate</th><th>95% interval</th><th>evidence</th></tr>\n");
            for (UserEstimate e : est) {
                List<String> ev = new ArrayList<>();
                e.evidence().forEach((k, v) -> ev.add(k + "=" + v));
                h.append("<tr><td>").append(Html.esc(e.method())).append("</td><td>").append(Html.esc(e.estimand())).append("</td><td class=\"n\">")
                        .append(num(e.estimate())).append("</td><td class=\"n\">").append(num(e.low())).append(" – ").append(e.high() == null ? "unbounded" : num(e.high()))
                        .append("</td><td class=\"ev\">").append(Html.esc(String.join(", ", ev))).append("</td></tr>\n");
            }
            h.append("</table>\n<p class=\"methods\">Methods: id-space sampling scales the valid share of randomly probed sequential ids by the range size (Wilson 95% interval); "
                    + "the maximum-id estimate is the German-tank m + m/k − 1 with interval [m, m·20^(1/k)]; capture–recapture is Chapman's estimator with Chao's log-normal interval and "
                    + "assumes independent routes, so routes from the same crawl give a floor. The range here is inferred from the probes; "
                    + "<code>lastlight estimate users --id-range A-B</code> uses the exact range and prints every assumption.</p>\n");
        }
        h.append("</section>\n");
    }

    private static String num(Double v) {
        return v == null ? "—" : String.format(Locale.ROOT, "%,.0f", v);
    }

    private void signups(StringBuilder h) throws Exception {
        ResultTable t = q("user-growth", Map.of("period", "day", "window", "28"));
        int n = t.rows().size();
        double[] x = new double[n], y = new double[n];
        List<Double> sx = new ArrayList<>(), sy = new ArrayList<>();
        List<String> tips = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            x[i] = day(t.value(i, "period_start"));
            y[i] = d(t.value(i, "signups"));
            if (Boolean.TRUE.equals(t.value(i, "spike"))) {
                sx.add(x[i]);
                sy.add(y[i]);
                tips.add(t.value(i, "period_start") + ": " + (long) y[i] + " sign-ups (baseline " + t.value(i, "baseline") + ")");
            }
        }
        Chart c = new Chart("chart-signups", "Sign-ups per day (captured profiles), spikes marked", true, false, false, "join date (UTC day)", "sign-ups")
                .zeroBased().line(x, y, "#2b6cb0")
                .points(sx.stream().mapToDouble(Double::doubleValue).toArray(), sy.stream().mapToDouble(Double::doubleValue).toArray(), "#c53030", 3.5, tips.toArray(new String[0]));
        if (sx.isEmpty()) c.points(x, y, "#2b6cb0", 0.8, null);
        h.append("<section id=\"signups\"><h2>When did people join?</h2>\n").append(c.svg());
        h.append("<p class=\"methods\">Methods: join dates of captured profiles (<code>user-growth --param period=day --param window=28</code>); ")
                .append(sx.size()).append(" spike days (red) are days whose sign-ups exceed the median of the previous 28 days by more than 4 robust standard deviations "
                        + "(max of 1.4826·MAD, √median, 1) and at least double it. Only captured accounts count: a partial crawl flattens the curve. "
                        + "Dates with day or month precision (as some platforms show them) fall on the day's or month's start.</p></section>\n");
    }

    private void followers(StringBuilder h) throws Exception {
        ResultTable t = q("follower-distribution", Map.of());
        List<double[]> pts = new ArrayList<>();
        StringBuilder summary = new StringBuilder();
        for (int i = 0; i < t.rows().size(); i++) {
            String section = (String) t.value(i, "section");
            if (section.equals("histogram")) {
                double lo = d(t.value(i, "bin_low")), hi = d(t.value(i, "bin_high"));
                if (lo < 1) continue; // zero followers cannot sit on a log axis; reported in the note
                double w = hi - lo;
                pts.add(new double[] {Math.sqrt(lo * hi), d(t.value(i, "density")), d(t.value(i, "accounts_low")) / w, d(t.value(i, "accounts_high")) / w});
            } else {
                summary.append(Html.esc(t.value(i, "statistic"))).append(" ").append(range(t, i)).append("; ");
            }
        }
        double[] x = pts.stream().mapToDouble(p -> p[0]).toArray(), y = pts.stream().mapToDouble(p -> p[1]).toArray();
        double[] lo = pts.stream().mapToDouble(p -> p[2]).toArray(), hi = pts.stream().mapToDouble(p -> p[3]).toArray();
        Chart c = new Chart("chart-followers", "Follower distribution (log–log): accounts per follower count", false, true, true, "followers", "accounts per unit of followers")
                .errorBars(x, lo, hi, "#718096").points(x, y, "#2b6cb0", 3.5, null);
        h.append("<section id=\"followers\"><h2>Who had the followers?</h2>\n").append(c.svg());
        h.append("<p class=\"methods\">Methods: <code>follower-distribution</code>, logarithmic bins of width ×2; density = accounts in the bin / bin width. ")
                .append(summary).append("Rounded display counts (\"3.2m\") are intervals: error bars span the accounts that certainly / possibly fall in each bin, and each figure above is given as value [low–high]. "
                        + "Accounts with 0 followers are not on the log axis (see the histogram's first row in the query).</p></section>\n");
    }

    private static String range(ResultTable t, int i) {
        double v = d(t.value(i, "value")), lo = d(t.value(i, "value_low")), hi = d(t.value(i, "value_high"));
        boolean share = "concentration".equals(t.value(i, "section"));
        String fmt = share ? "%.3f" : "%,.0f";
        String s = String.format(Locale.ROOT, fmt, v);
        return lo == hi ? s : s + " [" + String.format(Locale.ROOT, fmt, lo) + "–" + String.format(Locale.ROOT, fmt, hi) + "]";
    }

    private void violence(StringBuilder h) throws Exception {
        ResultTable overall = q("violent-prevalence", Map.of());
        ResultTable t = q("violent-prevalence", Map.of("by", "week"));
        int n = t.rows().size();
        double[] x = new double[n], y = new double[n], lo = new double[n], hi = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = day(t.value(i, "day"));
            y[i] = d(t.value(i, "share"));
            lo[i] = d(t.value(i, "ci_low"));
            hi[i] = d(t.value(i, "ci_high"));
        }
        Chart c = new Chart("chart-violence", "Share of posts flagged violent per week, with Wilson 95% band", true, false, false, "post date (UTC week)", "share flagged")
                .zeroBased().band(x, lo, hi, "#e53e3e").line(x, y, "#9b2c2c").points(x, y, "#9b2c2c", 1.6, null);
        h.append("<section id=\"violence\"><h2>How much violent content?</h2>\n").append(c.svg());
        String version = overall.rows().isEmpty() ? null : (String) overall.value(0, "classifier_version");
        h.append("<table><tr><th>level</th><th>posts</th><th>flagged</th><th>share</th><th>95% interval</th></tr>\n");
        for (int i = 0; i < overall.rows().size(); i++) {
            h.append("<tr><td>").append(Html.esc(overall.value(i, "level"))).append(overall.value(i, "accounts") == null ? "" : " (" + overall.value(i, "accounts") + " accounts)")
                    .append("</td><td class=\"n\">").append(Html.esc(overall.value(i, "posts"))).append("</td><td class=\"n\">").append(Html.esc(overall.value(i, "flagged")))
                    .append("</td><td class=\"n\">").append(pct(overall.value(i, "share"))).append("</td><td class=\"n\">").append(pct(overall.value(i, "ci_low")))
                    .append(" – ").append(pct(overall.value(i, "ci_high"))).append("</td></tr>\n");
        }
        h.append("</table>\n<p class=\"methods\">Methods: <code>violent-prevalence</code>; classifier <code>").append(Html.esc(version == null ? "none: posts carry no labels" : version))
                .append("</code> (rules and lexicon, see docs/classifier.md). Raw rates of the classifier's labels over captured, non-deleted posts, each with a Wilson 95% interval; "
                        + "the account average counts only accounts with at least 5 posts and its interval is conservative. The intervals cover sampling noise only, "
                        + "not the classifier's own errors: a raw rate is not a corrected prevalence. Weeks with few posts have wide bands.</p></section>\n");
    }

    private static String pct(Object o) {
        return o == null ? "—" : String.format(Locale.ROOT, "%.2f%%", 100 * ((Number) o).doubleValue());
    }

    private void deletions(StringBuilder h) throws Exception {
        ResultTable t = q("deletions", Map.of());
        int n = t.rows().size();
        double[] x = new double[n], posts = new double[n], banned = new double[n];
        String[] tp = new String[n], tb = new String[n];
        long complete = 0, total = 0;
        for (int i = 0; i < n; i++) {
            x[i] = day(t.value(i, "day"));
            posts[i] = d(t.value(i, "deleted_posts"));
            banned[i] = d(t.value(i, "banned_accounts"));
            tp[i] = t.value(i, "day") + ": " + (long) posts[i] + " posts deleted";
            tb[i] = t.value(i, "day") + ": " + (long) banned[i] + " accounts banned or deleted";
            complete += ((Number) t.value(i, "evidence_complete")).longValue();
            total += (long) (posts[i] + banned[i]);
        }
        Chart c = new Chart("chart-deletions", "Deletions first seen per day: posts (dark) and accounts (light), stacked", true, false, false, "day first seen gone (UTC)", "items")
                .bars(x, posts, null, 0.8, "#4a5568", tp).bars(x, banned, posts, 0.8, "#a0aec0", tb);
        h.append("<section id=\"deletions\"><h2>What was deleted?</h2>\n").append(c.svg());
        h.append("<p class=\"methods\">Methods: <code>deletions</code>; an item counts when a capture showed it present and a later one showed it gone (404/410, a deleted flag, a banned profile). ")
                .append(total).append(" deletions, ").append(complete).append(" with both WARC records as evidence. The day is when it was first seen gone; it disappeared at some time since it was last seen, "
                        + "so resolution is the revisit interval. Only items captured at least twice can show up here.</p></section>\n");
    }

    private void coverage(StringBuilder h) throws Exception {
        ResultTable t = q("capture-coverage", Map.of());
        int n = t.rows().size();
        double[] x = new double[n], ok = new double[n], other = new double[n];
        String[] to = new String[n], tt = new String[n];
        StringBuilder kinds = new StringBuilder();
        for (int i = 0; i < n; i++) {
            x[i] = i;
            ok[i] = d(t.value(i, "parsed_ok"));
            other[i] = d(t.value(i, "captures")) - ok[i];
            to[i] = t.value(i, "kind") + ": " + (long) ok[i] + " parsed";
            tt[i] = t.value(i, "kind") + ": " + (long) other[i] + " not parsed (404, errors, block pages, probes)";
            kinds.append(i).append(" = ").append(Html.esc(t.value(i, "kind"))).append(i < n - 1 ? ", " : "");
        }
        Chart c = new Chart("chart-coverage", "Captures per kind of item: parsed (dark) and not parsed (light)", false, false, false, "kind (" + kinds + ")", "captures")
                .bars(x, ok, null, 0.7, "#2f855a", to).bars(x, other, ok, 0.7, "#9ae6b4", tt);
        h.append("<section id=\"coverage\"><h2>How complete is the capture?</h2>\n").append(c.svg());
        h.append("<table><tr><th>kind</th><th>captures</th><th>HTTP 200</th><th>404/410</th><th>other</th><th>parse errors</th><th>blocked</th></tr>\n");
        for (int i = 0; i < n; i++) {
            h.append("<tr><td>").append(Html.esc(t.value(i, "kind"))).append("</td>");
            for (String col : List.of("captures", "http_200", "http_gone", "http_other", "parse_errors", "blocked")) h.append("<td class=\"n\">").append(Html.esc(t.value(i, col))).append("</td>");
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        ResultTable cov = QueryCommand.run(dataset, "coverage", null, 100000, Map.of());
        long truncated = 0;
        for (int i = 0; i < cov.rows().size(); i++) if (Boolean.TRUE.equals(cov.value(i, "truncated"))) truncated++;
        h.append("<p class=\"methods\">Methods: <code>capture-coverage</code> per kind of request (the crawl's scheduling tiers live in its frontier, not in the dataset; kinds are the nearest proxy) and <code>coverage</code> per account: ")
                .append(truncated).append(" of ").append(cov.rows().size()).append(" accounts have fewer posts captured than their profile showed (deleted posts, comments counted by the platform, or an unfinished crawl). "
                        + "Profile counts shown rounded are compared at their lower bound.</p></section>\n");
    }

    static final String CSS = String.join("\n",
            "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;max-width:820px;margin:2em auto;padding:0 1em;color:#1a202c}",
            "h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #e2e8f0}",
            "table{border-collapse:collapse;margin:.8em 0;font-size:.9em}td,th{border:1px solid #e2e8f0;padding:.25em .5em;text-align:left;vertical-align:top}",
            "td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.ev{font-size:.85em;color:#4a5568}",
            ".methods{font-size:.88em;color:#4a5568;background:#f7fafc;border-left:3px solid #a0aec0;padding:.4em .7em}",
            ".meta{color:#4a5568;font-size:.9em}svg.chart{display:block;margin:.5em 0;font-size:11px;font-family:inherit}svg .ct{font-size:13px;font-weight:600}",
            "svg .al{font-size:12px;fill:#4a5568}code{font-size:.92em}", "");
}
