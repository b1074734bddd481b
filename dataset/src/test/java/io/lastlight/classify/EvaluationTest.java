package io.lastlight.classify;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Evaluation against the licensed data in ../shared/data/violence (not shipped with lastlight: skipped when absent).
 * Prints the EvaluationReport to the test output.
 */
class EvaluationTest {
    private static EvaluationReport report;

    @BeforeAll
    static void run() throws Exception {
        Optional<Path> dir = Evaluation.findDataDir();
        if (dir.isPresent()) {
            report = Evaluation.run(dir.get(), RulesClassifier.standard());
            System.out.println(report.toMarkdown());
            System.out.println(report.errorsText(60));
        }
    }

    private static void needData() {
        assumeTrue(report != null, "no shared/data/violence folder found beside the project (HateCheck/Davidson are not shipped); evaluation skipped");
    }

    @Test
    void hateCheckThreatsVsEverythingElse() {
        needData();
        EvaluationReport.HateCheck h = report.hateCheck();
        // every threat_dir_h / threat_norm_h case is found
        assertTrue(h.recall() >= 0.95, "recall " + h.recall());
        // the issue's target: F1 >= 0.85 on threats vs negation, counter-speech, profanity and non-threat hate
        EvaluationReport.HateCheck is = report.hateCheckIssueSet();
        assertTrue(is.f1() >= 0.85, "issue-set F1 " + is.f1() + "\n" + report.toMarkdown());
        // the construct-aligned labelling (threat-derived cases that stay threats count as positives) reaches the target
        EvaluationReport.HateCheck hc = report.hateCheckConstruct();
        assertTrue(hc.f1() >= 0.85, "construct-aligned F1 " + hc.f1());
        assertTrue(hc.precision() >= 0.95, "construct-aligned precision " + hc.precision());
    }

    @Test
    void hardNegativeFamiliesAreNotFlagged() {
        needData();
        Map<String, int[]> by = report.hateCheck().byFunctionality();
        for (Map.Entry<String, int[]> e : by.entrySet()) {
            String f = e.getKey();
            if (f.startsWith("negate_neg") || f.startsWith("counter_") || f.startsWith("profanity_") || f.startsWith("slur_")
                    || f.startsWith("derog_") || f.startsWith("ident_") || f.equals("target_obj_nh")) {
                assertEquals(0, e.getValue()[0], f + " cases flagged");
            }
        }
    }

    @Test
    void davidsonOffensiveButNotViolentIsRarelyFlagged() {
        needData();
        assertTrue(report.davidson().offensive() > 10_000);
        assertTrue(report.davidson().offensiveFlaggedShare() < 0.02, "share " + report.davidson().offensiveFlaggedShare());
    }
}
