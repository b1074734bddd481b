package io.lastlight.classify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cases from the codebook (docs/classifier.md): each rule family fires, each hard-negative family is vetoed. */
class RulesClassifierTest {
    private final RulesClassifier c = RulesClassifier.standard();

    @ParameterizedTest(name = "{1} <- {0}")
    @CsvSource(delimiter = '|', value = {
            "I'm going to kill you|threat.intent",
            "we will shoot them all tomorrow|threat.intent",
            "I'll cut their throats|threat.intent",
            "Im gonna stab that guy|threat.intent",
            "I'll slaughter those vegetarians|threat.intent",
            "let's hang the traitors|incite.lets",
            "Someone needs to shoot that judge|incite.modal",
            "they should be hanged|incite.passive",
            "Every one of those senators ought to be executed|incite.passive",
            "Those traitors deserve to die|wish.death",
            "I hope you die|wish.hope",
            "I would love to see those politicians suffer|wish.hope",
            "Death to all traitors|incite.eliminate",
            "execution is the only solution for them|incite.eliminate",
            "Killing cops should be legal|incite.legalise",
            "Hang Mike Pence!|incite.imperative",
            "String them up|threat.phrase",
            "put a bullet in his head|threat.phrase",
            "Get the rope|threat.phrase",
            "we know where you live|threat.veiled",
            "#hangmikepence|hashtag.violent",
            "What if we just killed all of them?|incite.proposal",
            "These people do not deserve to live|wish.nolife",
            "If they certify, we go in shooting.|threat.conditional",
            "If the guards get in our way, we shoot them too|threat.conditional",
            "Bring your guns to the capitol on Wednesday|incite.arms",
            "Meet at the square at noon, come armed.|incite.arms",
            "Storm the hall, drag the senators out and make them pay|incite.vigilante",
            "Grab zip ties and find the governor|incite.vigilante",
            "Every traitor deserves a firing squad|incite.deserve",
            "That judge deserves the rope|incite.deserve",
            "Burn the courthouse down with everyone inside|incite.arson",
            "The mayor will not see Christmas alive|threat.veiled",
            "Blood will flow on the 6th|threat.veiled",
            "I will pay him a visit with my shotgun|threat.veiled",
            "Pipe bombs are easy to make. The office closes at five, you know what to do|threat.veiled",
    })
    void positives(String text, String rule) {
        Label l = c.classify(text);
        assertTrue(l.label(), () -> "expected violent: " + text + " -> " + l);
        assertTrue(l.rules().contains(rule), () -> "expected rule " + rule + ": " + l.rules());
        assertTrue(l.score() >= 0.5 && l.score() <= 1.0);
        assertEquals(c.version(), l.classifierVersion());
    }

    @ParameterizedTest(name = "{1} vetoes {0}")
    @CsvSource(delimiter = '|', value = {
            "nobody should hurt anyone|negation",
            "I would never hurt anyone|-",
            "No one deserves to die|negation",
            "We must not let them be attacked|-",
            "Saying \"they should be hanged\" is unacceptable|quote",
            "Police said the man threatened to kill his neighbour|-",
            "He was arrested for saying we should shoot them|report",
            "Threatening to kill all immigrants will get you thrown in jail|-",
            "We are killing it today|-",
            "This is a killer app|-",
            "Shoot me an email when you can|-",
            "Shoot you a text later|idiom",
            "I'm dying to see the new film|-",
            "we should hang out more|-",
            "We will destroy them in the finals|sport",
            "Police said the suspect wrote that we should shoot them all|report",
            "In the movie the villain tells the hero: I will kill you|fiction",
            "I'm going to kill you in Fortnite tonight|sport",
            "In my novel the villain says I will kill you all|-",
            "I'm going to kill myself laughing|-",
            "I should be shot for this pun|self",
            "The process should be killed|nonperson",
            "the bill needs to die in committee|nonperson",
            "I can't wait to see the game|-",
    })
    void hardNegatives(String text, String veto) {
        Label l = c.classify(text);
        assertFalse(l.label(), () -> "expected not violent: " + text + " -> " + l);
        assertTrue(l.score() < 0.5);
        if (!veto.equals("-")) {
            assertTrue(l.suppressed().stream().anyMatch(s -> s.rule().endsWith("/" + veto)),
                    () -> "expected a match vetoed by " + veto + ": " + l.suppressed());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello world", "What a lovely day at the beach", "I hate Mondays", "fuck this traffic",
            "The economy is so fucked", "I told him to go fuck himself"})
    void plainTextIsNegativeWithoutEvidence(String text) {
        Label l = c.classify(text);
        assertFalse(l.label());
        assertEquals(0.0, l.score());
        assertTrue(l.rules().isEmpty() && l.spans().isEmpty());
    }

    @Test
    void spansPointAtTheMatchedText() {
        String text = "Honestly. I'm going to kill you, Dave.";
        Label l = c.classify(text);
        assertTrue(l.label());
        Span s = l.spans().get(0);
        assertEquals("threat.intent", s.rule());
        assertEquals(text.substring(s.start(), s.end()), s.text());
        assertEquals("I'm going to kill you", s.text());
    }

    @Test
    void spansUseOriginalCaseAndTypographicQuotes() {
        String text = "Those TRAITORS should be HANGED \u2014 I\u2019m going to shoot them";
        Label l = c.classify(text);
        assertTrue(l.label());
        for (Span s : l.spans()) assertEquals(text.substring(s.start(), s.end()), s.text());
        assertTrue(l.spans().stream().anyMatch(s -> s.text().equals("should be HANGED")));
        assertTrue(l.spans().stream().anyMatch(s -> s.text().equals("I\u2019m going to shoot them")));
    }

    @Test
    void leetspeakIsFolded() {
        assertTrue(c.classify("I'm going to k1ll you").label());
    }

    @Test
    void versionIsStableAndChangesWithRulesOrLexicon() {
        String rules = RulesClassifier.resource(RulesClassifier.RULES_RESOURCE);
        String lexicon = RulesClassifier.resource(RulesClassifier.LEXICON_RESOURCE);
        String v = RulesClassifier.fromText(rules, lexicon).version();
        assertEquals(v, c.version());
        assertEquals(v, RulesClassifier.computeVersion(rules, lexicon));
        assertTrue(v.matches("rules-" + RulesClassifier.ENGINE.replace(".", "\\.") + "\\+[0-9a-f]{12}"), v);
        assertNotEquals(v, RulesClassifier.computeVersion(rules + "\n# comment", lexicon));
        assertNotEquals(v, RulesClassifier.computeVersion(rules, lexicon.replace("verb.weak\tkill|", "verb.strong\tkill|")));
        assertSame(c, Classifiers.rules());
    }

    @Test
    void negativeFastPathSharesOneLabel() {
        assertSame(c.classify("nice weather today"), c.classify("see you at lunch"));
    }

    @ParameterizedTest(name = "not violent: {0}")
    @ValueSource(strings = {
            "Come armed with facts and questions to the town hall",
            "Bring your guns to the range this weekend for the safety class",
            "Lock and load, the sale starts Friday",
            "I know where he lives, he is my neighbour",
            "We go in shooting photos at the wedding tomorrow",
            "Drag the kids out of bed and make them pancakes",
            "If it rains, we kill time at the mall",
            "He will not see his family alive again, the hospital said",
            "Nobody deserves a firing squad, not even traitors",
            "She deserves a bullet journal for her birthday",
            "The movie ends with the line: blood will flow",
            "I burned the toast with everyone watching",
    })
    void newRuleFamiliesLeaveEverydayUsesAlone(String text) {
        Label l = c.classify(text);
        assertFalse(l.label(), () -> text + " -> " + l);
    }

    @Test
    void lockAndLoadAloneIsNotEnough() {
        Label l = c.classify("Lock and load patriots!");
        assertFalse(l.label(), l::toString);
        assertTrue(l.rules().contains("incite.lockload"));
        assertTrue(c.classify("Lock and load patriots. The senator will not see the 20th alive.").label());
    }

    @Test
    void everyRuleIdHasAPositiveCase() {
        // the positives above cover every rule id in rules.tsv; a new rule needs a codebook example here
        java.util.Set<String> covered = java.util.Set.of("threat.intent", "incite.lets", "incite.modal", "incite.passive", "wish.death",
                "wish.hope", "incite.eliminate", "incite.legalise", "incite.imperative", "threat.phrase", "threat.veiled",
                "hashtag.violent", "incite.proposal", "wish.nolife", "threat.conditional", "incite.arms", "incite.lockload",
                "incite.vigilante", "incite.deserve", "incite.arson");
        for (String id : c.ruleIds()) assertTrue(covered.contains(id), "no test case for rule " + id);
    }
}
