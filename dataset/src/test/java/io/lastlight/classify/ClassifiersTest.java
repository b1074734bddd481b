package io.lastlight.classify;

import io.lastlight.core.UserException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassifiersTest {
    /** A stand-in model found through ServiceLoader (src/test/resources/META-INF/services). */
    public static final class KeywordProvider implements ClassifierProvider {
        @Override
        public String name() {
            return "keyword";
        }

        @Override
        public Classifier create(Map<String, String> options) {
            String word = options.getOrDefault("word", "hanged");
            return new Classifier() {
                @Override
                public Label classify(String text) {
                    boolean hit = text.toLowerCase().contains(word);
                    return new Label(hit, hit ? 0.99 : 0.01, hit ? List.of("keyword") : List.of(), List.of(), version());
                }

                @Override
                public String version() {
                    return "keyword-1+" + word;
                }

                @Override
                public String name() {
                    return "keyword";
                }
            };
        }
    }

    @Test
    void specNamesTheRulesOrAProvider() {
        assertEquals(RulesClassifier.standard().version(), Classifiers.fromSpec("rules").version());
        Classifier k = Classifiers.fromSpec("keyword:word=shoot");
        assertEquals("keyword-1+shoot", k.version());
        assertTrue(k.classify("we shoot").label());
    }

    @Test
    void followRecordsBothVersionsAndKeepsRuleEvidence() {
        Classifier f = Classifiers.fromSpec("rules>override>keyword:word=zzz");
        assertTrue(f.version().startsWith(RulesClassifier.standard().version() + ">override>keyword-1+zzz"), f.version());
        Label l = f.classify("I'm going to kill you");
        assertFalse(l.label(), "override: the model decides");
        assertTrue(l.rules().contains("threat.intent"), "the rules' evidence is kept");
        assertEquals(f.version(), l.classifierVersion());
    }

    @Test
    void confirmCanOnlyRemovePositives() {
        Classifier f = Classifiers.follow(Classifiers.rules(), Classifiers.fromSpec("keyword:word=hanged"), FollowClassifier.Mode.CONFIRM);
        assertTrue(f.classify("they should be hanged").label());
        assertFalse(f.classify("I'm going to kill you").label());
        assertFalse(f.classify("the painting was hanged on the wall").label(), "rules said no, so the model is not asked");
    }

    @Test
    void refineAsksTheModelOnlyInTheBand() {
        Classifier f = new FollowClassifier(Classifiers.rules(), Classifiers.fromSpec("keyword:word=kill"), FollowClassifier.Mode.REFINE, 0.01, 0.4);
        // a vetoed match has a low non-zero score -> in the band -> model decides
        assertTrue(f.classify("nobody should kill anyone").label());
        // a clear positive (score 0.9) is outside the band -> rules decide
        assertTrue(f.classify("they should be hanged").label());
    }

    @Test
    void unknownClassifierIsAUserError() {
        UserException e = assertThrows(UserException.class, () -> Classifiers.fromSpec("onnx:model=x.onnx"));
        assertTrue(e.getMessage().contains("unknown classifier 'onnx'"), e.getMessage());
        assertTrue(e.getMessage().contains("rules"), e.getMessage());
    }
}
