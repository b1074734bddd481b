package io.lastlight.query;

import io.lastlight.core.UsageException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A canned query shipped as {@code query/<name>.sql}. Header comments declare its description and
 * parameters ({@code -- param: NAME TYPE DEFAULT [RULE] text}, RULE the values it accepts, see {@link ParamRule});
 * values are checked against type and rule before the query runs. The SQL refers to them as {@code $NAME}, the
 * form DuckDB's Python API binds from a dict, so notebooks run the very same files. Here each
 * {@code $NAME} becomes a JDBC {@code ?} bound to the typed value — user values never enter the SQL text.
 */
public final class NamedQuery {
    public static final List<String> NAMES = List.of("user-counts", "top-followers", "follower-distribution", "user-growth",
            "violent-prevalence", "deletions", "coverage", "capture-coverage", "posts-captured", "id-sampling",
            "violent-prevalence-adjusted");
    /** {@link #NAMES} for picocli's {@code completionCandidates}: {@code query --help} lists them from here. */
    public static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return NAMES.iterator();
        }
    }

    private static final Pattern PARAM_REF = Pattern.compile("\\$([a-z_][a-z0-9_]*)");
    private static final Pattern PARAM_DECL =
            Pattern.compile("^--\\s*param:\\s*(\\S+)\\s+(\\S+)\\s+(\\S+)\\s*(?:\\[([^\\]]*)\\]\\s*)?(.*)$");

    /** A declared parameter; {@code rule} says which values of its type it accepts. */
    public record Param(String name, String type, String defaultValue, ParamRule rule, String description) {
        /** The type and rule for --list, e.g. {@code VARCHAR: one of day, author}. */
        public String accepts() {
            return rule.isAny() ? type : type + ": " + rule.describe();
        }
    }

    private final String name;
    private final String description;
    private final String sql;
    private final Map<String, Param> params;

    private NamedQuery(String name, String description, String sql, Map<String, Param> params) {
        this.name = name;
        this.description = description;
        this.sql = sql;
        this.params = params;
    }

    public static NamedQuery load(String name) {
        if (!NAMES.contains(name)) {
            throw new UsageException("unknown query '" + name + "'; known queries: " + String.join(", ", NAMES)
                    + " (or use --sql for your own)");
        }
        String res = "/io/lastlight/query/" + name + ".sql";
        try (InputStream in = NamedQuery.class.getResourceAsStream(res)) {
            if (in == null) throw new IllegalStateException("missing query resource " + res);
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static NamedQuery parse(String name, String text) {
        String description = "";
        Map<String, Param> params = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String l = line.trim();
            if (!l.startsWith("--")) continue;
            Matcher m = PARAM_DECL.matcher(l);
            if (m.matches()) {
                ParamRule rule = m.group(4) == null ? ParamRule.ANY : ParamRule.parse(m.group(4));
                params.put(m.group(1), new Param(m.group(1), m.group(2), m.group(3), rule, m.group(5)));
            }
            else if (l.startsWith("-- description:")) description = l.substring("-- description:".length()).trim();
        }
        return new NamedQuery(name, description, text, params);
    }

    public String name() { return name; }
    public String description() { return description; }
    public String sql() { return sql; }
    public Map<String, Param> params() { return Collections.unmodifiableMap(params); }

    /**
     * Every declared parameter's typed value: the given one, else the default. Refuses (bad usage) a name the query
     * does not declare and a value of the wrong type or outside the declared rule, naming what is allowed.
     */
    public Map<String, Object> values(Map<String, String> given) {
        for (String k : given.keySet()) {
            if (!params.containsKey(k)) {
                throw new UsageException("query " + name + " has no parameter '" + k + "'"
                        + (params.isEmpty() ? " (it takes none)" : "; its parameters: " + String.join(", ", params.keySet())));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Param p : params.values()) {
            String v = given.getOrDefault(p.name(), p.defaultValue());
            Object typed = convert(p, v);
            if (!p.rule().admits(typed)) {
                throw new UsageException("parameter " + p.name() + " of " + name + " must be " + p.rule().describe()
                        + ", not '" + v + "'");
            }
            out.put(p.name(), typed);
        }
        return out;
    }

    /** Prepares the query with the given parameter values (defaults for the rest), checked by {@link #values}. */
    public PreparedStatement prepare(Connection c, Map<String, String> given) throws SQLException {
        Map<String, Object> typed = values(given);
        List<String> order = new ArrayList<>();
        Matcher m = PARAM_REF.matcher(sql);
        StringBuilder jdbc = new StringBuilder();
        while (m.find()) {
            if (!params.containsKey(m.group(1))) continue;
            order.add(m.group(1));
            m.appendReplacement(jdbc, "?");
        }
        m.appendTail(jdbc);
        PreparedStatement ps = c.prepareStatement(jdbc.toString());
        for (int i = 0; i < order.size(); i++) ps.setObject(i + 1, typed.get(order.get(i)));
        return ps;
    }

    private Object convert(Param p, String v) {
        switch (p.type().toUpperCase(java.util.Locale.ROOT)) {
            case "INTEGER":
                try {
                    return Integer.parseInt(v.trim());
                } catch (NumberFormatException e) {
                    throw new UsageException("parameter " + p.name() + " of " + name + " must be a whole number"
                            + (p.rule().isAny() ? "" : " " + p.rule().describe()) + ", not '" + v + "'");
                }
            case "DOUBLE":
                try {
                    return Double.parseDouble(v.trim());
                } catch (NumberFormatException e) {
                    throw new UsageException("parameter " + p.name() + " of " + name + " must be a number"
                            + (p.rule().isAny() ? "" : " " + p.rule().describe()) + ", not '" + v + "'");
                }
            default:
                return v;
        }
    }
}
