package io.lastlight.classify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The classifier's English scope. The sentences are the review's hand-written probes (/tmp/rv-classify probes.src
 * "lang", probes2.src "de"/"es"/"pt", probes3.src "gate"), not evaluation data, plus English posts that must stay in scope.
 */
class LanguageScopeTest {
    private final HybridClassifier hybrid = HybridClassifier.standard();

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
            "Die Wahl wurde gestohlen.|de",
            "Die Medien lügen uns jeden Tag an.|de",
            "Ich liebe die Berge im Winter.|de",
            "Die Regierung muss zurücktreten.|de",
            "Danke für die Info, sehr hilfreich!|de",
            "Wir müssen die Grenzen schützen.|de",
            "Diese Regierung ist eine Katastrophe.|de",
            "Die Polizei sagt, ein Mann wurde erschossen.|de",
            "Ich werde dich umbringen, du Verräter.|de",
            "Ik denk dat die man gelijk heeft.|nl",
            "Hay que colgar a todos los traidores.|es",
            "Los medios mienten todos los días.|es",
            "Gracias por la información, muy útil!|es",
            "El partido de ayer fue increíble.|es",
            "Temos que enforcar todos os traidores.|pt",
            "Vou te matar, traidor.|pt",
            "Obrigado pela informação, muito útil!|pt",
            "Je vais te tuer, traître.|fr",
            "Questo governo non è legittimo, grazie a tutti.|it",
    })
    void clearlyNonEnglishTextIsUnlabelledWithoutALanguageCode(String text, String lang) {
        assertEquals(lang, LanguageScope.guess(text));
        Label l = hybrid.classify(text, null);
        assertFalse(l.labelled(), l::toString);
        assertEquals(java.util.List.of("not-english/words=" + lang), l.rules());
        assertEquals(hybrid.version(), l.classifierVersion());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Some days I just want to die.",
            "Die traitors die!",
            "Die, traitors.",
            "Hang Mike Pence!",
            "Bring rope.",
            "I'm going to kill you, traitor.",
            "Los Angeles police say a man was shot outside the Capitol this afternoon.",
            "Heute ist ein guter Tag. Let's go to the Capitol and hang them all, they deserve it.",
            "De Niro is in the new movie, la la land was better",
            "Saying 'we should hang Pence' is disgusting and un-American.",
            "Diesel prices are up again this week.",
            "Muerte",
    })
    void englishShortAndMixedTextStaysInScope(String text) {
        assertNull(LanguageScope.guess(text), text);
        assertTrue(hybrid.classify(text, null).labelled());
        assertEquals(hybrid.classify(text), hybrid.classify(text, null));
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "We will hang them all.|de|not-english/lang=de",
            "We will hang them all.|pt-BR|not-english/lang=pt-br",
            "We will hang them all.|en|NULL",
            "We will hang them all.|en-US|NULL",
            "We will hang them all.|EN|NULL",
            "We will hang them all.|und|NULL",
            "We will hang them all.|NULL|NULL",
            "Die Wahl wurde gestohlen.|en|NULL",
            "Die Wahl wurde gestohlen.|und|not-english/words=de",
            "Die Wahl wurde gestohlen.|NULL|not-english/words=de",
    })
    void thePlatformLanguageCodeDecidesWhenThereIsOne(String text, String lang, String reason) {
        assertEquals(reason, LanguageScope.reason(text, lang));
    }

    @Test
    void aPostTheCodeMarksEnglishIsLabelledAsBefore() {
        String text = "We will hang them all.";
        Label l = hybrid.classify(text, "en");
        assertTrue(l.labelled());
        assertTrue(l.label());
        assertEquals(hybrid.classify(text), l);
        Label de = hybrid.classify(text, "de");
        assertFalse(de.labelled());
        assertEquals("not-english/lang=de", de.unlabelled());
    }
}
