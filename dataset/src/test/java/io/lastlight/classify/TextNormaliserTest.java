package io.lastlight.classify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unicode normalisation shared by the rules and the model's tokeniser. The obfuscated sentences are the review's
 * hand-written probes (/tmp/rv-classify probes.src "obfusc", probes2.src "nbsp" and "zw"), not evaluation data; each is
 * the plain sentence with one character disguised, written here with \\u escapes.
 */
class TextNormaliserTest {
    private final RulesClassifier rules = RulesClassifier.standard();
    private final TextFeatures features = new TextFeatures(18);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "zero-width space in a word|I'm going to ki\u200Bll you, traitor.|I'm going to kill you, traitor.",
            "soft hyphen in a word|I'm going to ki\u00ADll you, traitor.|I'm going to kill you, traitor.",
            "zero-width space, hang|We should h\u200Bang the traitors.|We should hang the traitors.",
            "word joiner after a word|Execute\u2060 the traitors.|Execute the traitors.",
            "zero-width joiner in a name|Hang Mike Pen\u200Dce!|Hang Mike Pence!",
            "full-width letters|I'm going to \uFF4B\uFF49\uFF4C\uFF4C you, traitor.|I'm going to kill you, traitor.",
            "full-width capitals|\uFF28\uFF21\uFF2E\uFF27 \uFF34\uFF28\uFF25 \uFF34\uFF32\uFF21\uFF29\uFF34\uFF2F\uFF32\uFF33|HANG THE TRAITORS",
            "Cyrillic i|I'm going to k\u0456ll you, traitor.|I'm going to kill you, traitor.",
            "Cyrillic a|We should h\u0430ng the traitors.|We should hang the traitors.",
            "Cyrillic capital E|\u0415xecute the traitors.|Execute the traitors.",
            "Cyrillic o|Execute the trait\u043Ers.|Execute the traitors.",
            "Greek omicron|We will sh\u03BF\u03BFt them all.|We will shoot them all.",
            "repeated letters|I'm going to killlll you, traitor.|I'm going to kill you, traitor.",
            "no-break space|We will\u00A0hang them all.|We will hang them all.",
            "no-break space, rope|Day of the\u00A0rope is coming.|Day of the rope is coming.",
            "narrow no-break space|Traitors get the\u202Frope.|Traitors get the rope.",
            "ideographic space|Hang\u3000Mike Pence!|Hang Mike Pence!",
            "em space|Every traitor in Congress deserves\u2003the rope.|Every traitor in Congress deserves the rope.",
    })
    void rulesReadDisguisedTextAsThePlainText(String what, String disguised, String plain) {
        Label d = rules.classify(disguised), p = rules.classify(plain);
        assertTrue(p.label(), () -> "the plain probe should fire: " + plain);
        assertEquals(p.label(), d.label(), () -> what + ": " + d);
        assertEquals(p.rules(), d.rules(), what);
        assertEquals(p.score(), d.score(), 1e-12, what);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "zero-width space|I'm going to ki\u200Bll you, traitor.|I'm going to kill you, traitor.",
            "soft hyphen|I'm going to ki\u00ADll you, traitor.|I'm going to kill you, traitor.",
            "full-width|I'm going to \uFF4B\uFF49\uFF4C\uFF4C you, traitor.|I'm going to kill you, traitor.",
            "Cyrillic i|I'm going to k\u0456ll you, traitor.|I'm going to kill you, traitor.",
            "Cyrillic a|We should h\u0430ng the traitors.|We should hang the traitors.",
            "no-break space|Nobody should be\u00A0hanged for their opinions.|Nobody should be hanged for their opinions.",
            "repeated letters|I'm going to killlll you, traitor.|I'm going to kill you, traitor.",
    })
    void modelFeaturesOfDisguisedTextAreThoseOfThePlainText(String what, String disguised, String plain) {
        assertArrayEquals(indices(plain), indices(disguised), what);
    }

    private int[] indices(String text) {
        TextFeatures.Buf b = new TextFeatures.Buf();
        features.extract(text, rules.classify(text), b);
        return Arrays.copyOf(b.idx, b.n);
    }

    @Test
    void spansAreOffsetsIntoThePostTextWhenCharactersWereDropped() {
        String text = "Ok.\u200B I'm going to ki\u200Bll you, traaaaitor.";
        Label l = rules.classify(text);
        assertTrue(l.label(), l::toString);
        for (Span s : l.spans()) assertEquals(text.substring(s.start(), s.end()), s.text());
        Span s = l.spans().get(0);
        assertTrue(s.text().startsWith("I'm going to ki\u200Bll"), s::toString);
        assertTrue(text.substring(s.start()).startsWith("I'm"), s::toString);
    }

    @Test
    void modelEvidenceSpansAreOffsetsIntoThePostText() {
        String text = "\u200B\u200B Those traitors ｍｕｓｔ haaaang!!!";
        HybridClassifier h = HybridClassifier.standard();
        Label l = h.classify(text);
        for (Span s : l.spans()) assertEquals(text.substring(s.start(), s.end()), s.text(), s::toString);
        TextFeatures.Buf b = new TextFeatures.Buf();
        features.extract(text, rules.classify(text), b);
        TextFeatures.forEachWordGram(b, (pos, start, end) -> {
            String orig = text.substring(start, end);
            assertTrue(orig.equals(orig.strip()) && !orig.isEmpty(), () -> "token [" + orig + "]");
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Russian word stays Cyrillic|\u0441\u043E\u0441\u043D\u0430 and pine|\u0441\u043E\u0441\u043D\u0430 and pine",
            "Greek word stays Greek|\u03BF\u03B9\u03BA\u03BF\u03C2|\u03BF\u03B9\u03BA\u03BF\u03C2",
            "mixed word is folded|k\u0456ll|kill",
            "zero-width space next to a space is dropped|we \u200Bkill|we kill",
            "soft hyphen before punctuation is dropped|kill\u00AD!|kill!",
            "digits are not collapsed|1776 and 2000|1776 and 2000",
            "lower-cased, quotes folded|I\u2019M|i'm",
    })
    void normalisedText(String what, String in, String out) {
        assertEquals(out, TextNormaliser.normalise(in), what);
    }
}
