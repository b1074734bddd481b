package io.lastlight.classify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** JSON forms of labels for table columns and the CLI. */
public final class LabelJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private LabelJson() {}

    /** What an empty array writes as; most posts have no rule, span or suppressed span, and Jackson's writer costs ~1 µs. */
    private static final String EMPTY = "[]";

    public static String rules(List<String> rules) {
        if (rules.isEmpty()) return EMPTY;
        ArrayNode a = MAPPER.createArrayNode();
        rules.forEach(a::add);
        return a.toString();
    }

    public static String spans(List<Span> spans) {
        if (spans.isEmpty()) return EMPTY;
        return spanArray(spans).toString();
    }

    static ArrayNode spanArray(List<Span> spans) {
        ArrayNode a = MAPPER.createArrayNode();
        for (Span s : spans) {
            ObjectNode o = a.addObject();
            o.put("start", s.start());
            o.put("end", s.end());
            o.put("text", s.text());
            o.put("rule", s.rule());
        }
        return a;
    }

    /** The whole label as a JSON object node (fields label, score, rules, spans, suppressed, version). */
    public static ObjectNode toNode(Label l) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("label", l.label());
        o.put("score", round(l.score()));
        ArrayNode r = o.putArray("rules");
        l.rules().forEach(r::add);
        o.set("spans", spanArray(l.spans()));
        o.set("suppressed", spanArray(l.suppressed()));
        o.put("version", l.classifierVersion());
        return o;
    }

    static double round(double d) {
        return Math.round(d * 10000.0) / 10000.0;
    }

    static String write(Object node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
