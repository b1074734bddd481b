package io.lastlight.classify;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Results of evaluating a classifier against HateCheck (threats vs everything else) and the Davidson tweets
 * (share of offensive tweets flagged). {@link #toMarkdown()} is what the evaluation test prints and the bench writes.
 */
public record EvaluationReport(String classifierVersion, HateCheck hateCheck, HateCheck hateCheckConstruct, HateCheck hateCheckIssueSet,
                               Davidson davidson) {

    /** HateCheck: positives = threat_dir_h + threat_norm_h; all other functionalities negative. */
    public record HateCheck(int cases, int tp, int fp, int fn, int tn, Map<String, int[]> byFunctionality,
                            List<String> falsePositives, List<String> falseNegatives) {
        public double precision() {
            return tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        }

        public double recall() {
            return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        }

        public double f1() {
            double p = precision(), r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    /** Davidson: tweets with class 1 (offensive language), how many were flagged violent. */
    public record Davidson(int offensive, int offensiveFlagged, int allTweets, int allFlagged, List<String> flaggedExamples) {
        public double offensiveFlaggedShare() {
            return offensive == 0 ? 0 : (double) offensiveFlagged / offensive;
        }

        public double allFlaggedShare() {
            return allTweets == 0 ? 0 : (double) allFlagged / allTweets;
        }
    }

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("Classifier version: `").append(classifierVersion).append("`\n\n");
        if (hateCheckIssueSet != null) {
            HateCheck h = hateCheckIssueSet;
            sb.append(String.format(Locale.ROOT, "HateCheck, the issue's evaluation set (%d cases): positives = threat_dir_h + threat_norm_h (%d); "
                    + "negatives = negation, counter-speech, profanity, slurs and hate that is not a threat (%d). Cases HateCheck built from threat "
                    + "templates under other functionalities are threats by construction and are left out of this set:%n%n",
                    h.cases(), h.tp() + h.fn(), h.fp() + h.tn()));
            sb.append("| precision | recall | F1 | TP | FP | FN | TN |\n|---|---|---|---|---|---|---|\n");
            sb.append(String.format(Locale.ROOT, "| %.3f | %.3f | %.3f | %d | %d | %d | %d |%n%n", h.precision(), h.recall(), h.f1(), h.tp(), h.fp(), h.fn(), h.tn()));
        }
        if (hateCheck != null) {
            HateCheck h = hateCheck;
            sb.append(String.format(Locale.ROOT, "HateCheck (%d cases; positives = threat_dir_h + threat_norm_h, %d; all other cases negative):%n%n", h.cases(), h.tp() + h.fn()));
            sb.append("| precision | recall | F1 | TP | FP | FN | TN |\n|---|---|---|---|---|---|---|\n");
            sb.append(String.format(Locale.ROOT, "| %.3f | %.3f | %.3f | %d | %d | %d | %d |%n%n", h.precision(), h.recall(), h.f1(), h.tp(), h.fp(), h.fn(), h.tn()));
            sb.append("Flagged per functionality (flagged / cases):\n\n| functionality | flagged | cases |\n|---|---|---|\n");
            h.byFunctionality().forEach((f, c) -> {
                if (c[0] > 0 || f.startsWith("threat")) sb.append("| ").append(f).append(" | ").append(c[0]).append(" | ").append(c[1]).append(" |\n");
            });
            sb.append("\n(functionalities not listed: 0 flagged)\n\n");
        }
        if (hateCheckConstruct != null) {
            HateCheck h = hateCheckConstruct;
            sb.append(String.format(Locale.ROOT, "HateCheck, construct-aligned (positives = threat_* plus the %d cases HateCheck itself derived from a threat template "
                    + "(column ref_templ_id) that stay threats: hateful functionalities and target_indiv_nh / target_group_nh; negatives = all else, "
                    + "including threat-derived negate_neg_nh, counter_*, ident_pos_nh, target_obj_nh):%n%n", h.tp() + h.fn() - 273));
            sb.append("| precision | recall | F1 | TP | FP | FN | TN |\n|---|---|---|---|---|---|---|\n");
            sb.append(String.format(Locale.ROOT, "| %.3f | %.3f | %.3f | %d | %d | %d | %d |%n%n", h.precision(), h.recall(), h.f1(), h.tp(), h.fp(), h.fn(), h.tn()));
            sb.append("Recall per functionality among construct positives, and false positives (flagged / cases):\n\n| functionality | flagged | cases |\n|---|---|---|\n");
            h.byFunctionality().forEach((f, c) -> sb.append("| ").append(f).append(" | ").append(c[0]).append(" | ").append(c[1]).append(" |\n"));
            sb.append('\n');
        }
        if (davidson != null) {
            Davidson d = davidson;
            sb.append(String.format(Locale.ROOT, "Davidson et al. tweets: offensive (class 1) flagged violent: %d of %d = %.2f%%; all tweets flagged: %d of %d = %.2f%%%n",
                    d.offensiveFlagged(), d.offensive(), 100 * d.offensiveFlaggedShare(), d.allFlagged(), d.allTweets(), 100 * d.allFlaggedShare()));
        }
        return sb.toString();
    }

    /** Lists misclassified cases (for tuning and for the codebook's failure modes). */
    public String errorsText(int max) {
        StringBuilder sb = new StringBuilder();
        if (hateCheckConstruct != null) {
            sb.append("HateCheck (construct-aligned) false positives:\n");
            hateCheckConstruct.falsePositives().stream().limit(max).forEach(s -> sb.append("  + ").append(s).append('\n'));
            sb.append("HateCheck (construct-aligned) false negatives:\n");
            hateCheckConstruct.falseNegatives().stream().limit(max).forEach(s -> sb.append("  - ").append(s).append('\n'));
        }
        if (hateCheck != null) {
            sb.append("HateCheck false positives:\n");
            hateCheck.falsePositives().stream().limit(max).forEach(s -> sb.append("  + ").append(s).append('\n'));
            sb.append("HateCheck false negatives:\n");
            hateCheck.falseNegatives().stream().limit(max).forEach(s -> sb.append("  - ").append(s).append('\n'));
        }
        if (davidson != null) {
            sb.append("Davidson flagged offensive tweets:\n");
            davidson.flaggedExamples().stream().limit(max).forEach(s -> sb.append("  * ").append(s).append('\n'));
        }
        return sb.toString();
    }
}
