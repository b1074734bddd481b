package io.lastlight.simulate;

import java.util.Locale;

/**
 * robots.txt policies: {@code allow} (everything), {@code disallow:/path,/other} and {@code crawl-delay:N},
 * combinable with ';' (e.g. {@code disallow:/media;crawl-delay:2}).
 */
public final class Robots {
    private Robots() {}

    /** Renders the policy as robots.txt; throws IllegalArgumentException saying what is expected. */
    public static String render(String policy) {
        StringBuilder sb = new StringBuilder("User-agent: *\n");
        boolean rule = false;
        String p = policy == null ? "allow" : policy.trim();
        for (String part : p.split(";")) {
            String x = part.trim();
            String lower = x.toLowerCase(Locale.ROOT);
            if (lower.isEmpty() || lower.equals("allow")) {
                continue;
            } else if (lower.startsWith("disallow:")) {
                for (String path : x.substring("disallow:".length()).split(",")) {
                    String t = path.trim();
                    if (t.isEmpty()) continue;
                    if (!t.startsWith("/")) throw new IllegalArgumentException("robots disallow path '" + t + "' must start with /");
                    sb.append("Disallow: ").append(t).append('\n');
                    rule = true;
                }
            } else if (lower.startsWith("crawl-delay:")) {
                String v = x.substring("crawl-delay:".length()).trim();
                double d;
                try {
                    d = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("robots crawl-delay '" + v + "' is not a number of seconds");
                }
                if (d < 0) throw new IllegalArgumentException("robots crawl-delay must be ≥ 0");
                sb.append("Crawl-delay: ").append(v).append('\n');
            } else {
                throw new IllegalArgumentException("robots policy '" + x + "' not understood; expected allow, disallow:/path,... or crawl-delay:N (combine with ';')");
            }
        }
        if (!rule) sb.append("Disallow:\n");
        return sb.toString();
    }
}
