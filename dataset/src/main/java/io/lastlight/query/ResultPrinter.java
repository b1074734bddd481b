package io.lastlight.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints a {@link ResultTable} as an aligned text table, CSV (RFC 4180, Commons CSV) or JSON. */
public final class ResultPrinter {
    public enum Format { table, csv, json }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultPrinter() {}

    public static void print(ResultTable t, Format f, PrintWriter out) throws IOException {
        switch (f) {
            case csv: {
                CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(t.columns().toArray(new String[0])).get());
                for (List<Object> row : t.rows()) {
                    List<Object> cells = new ArrayList<>();
                    for (Object v : row) cells.add(v instanceof List ? JSON.writeValueAsString(v) : v);
                    p.printRecord(cells);
                }
                p.flush();
                break;
            }
            case json:
                out.println(JSON.writeValueAsString(asMaps(t)));
                break;
            default:
                out.print(text(t));
        }
        out.flush();
    }

    public static List<Map<String, Object>> asMaps(ResultTable t) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (List<Object> row : t.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < t.columns().size(); i++) m.put(t.columns().get(i), row.get(i));
            out.add(m);
        }
        return out;
    }

    public static String text(ResultTable t) {
        int n = t.columns().size();
        int[] w = new int[n];
        List<String[]> cells = new ArrayList<>();
        for (int i = 0; i < n; i++) w[i] = t.columns().get(i).length();
        for (List<Object> row : t.rows()) {
            String[] c = new String[n];
            for (int i = 0; i < n; i++) {
                c[i] = cell(row.get(i));
                w[i] = Math.max(w[i], c[i].length());
            }
            cells.add(c);
        }
        StringBuilder sb = new StringBuilder();
        line(sb, t.columns().toArray(new String[0]), w);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < n; i++) rule.append(i == 0 ? "" : "  ").append("-".repeat(w[i]));
        sb.append(rule).append('\n');
        for (String[] c : cells) line(sb, c, w);
        sb.append('(').append(t.rows().size()).append(t.rows().size() == 1 ? " row)\n" : " rows)\n");
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] c, int[] w) {
        for (int i = 0; i < c.length; i++) {
            if (i > 0) sb.append("  ");
            sb.append(c[i]);
            if (i < c.length - 1) sb.append(" ".repeat(w[i] - c[i].length()));
        }
        sb.append('\n');
    }

    private static String cell(Object v) {
        if (v == null) return "NULL";
        String s = v.toString().replace('\n', ' ');
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
