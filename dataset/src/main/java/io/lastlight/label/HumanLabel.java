package io.lastlight.label;

import java.util.Locale;

/** The values an annotator may write in {@code human_label}. */
public final class HumanLabel {
    public static final String ACCEPTED = "violent, not_violent, 1, 0, yes, no, true, false";

    private HumanLabel() {}

    /** TRUE for violent, FALSE for not violent, null when the value is not one of {@link #ACCEPTED} (any case). */
    public static Boolean parse(String value) {
        if (value == null) return null;
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "violent": case "1": case "yes": case "true":
                return Boolean.TRUE;
            case "not_violent": case "0": case "no": case "false":
                return Boolean.FALSE;
            default:
                return null;
        }
    }
}
