package dev.collab.invitations.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

class TemplateChooserTest {
    private static long ids;

    private static Map.Entry<Map<String, Object>, String> template(String name, Object ranking, Object language) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(Constants.SERVICE_ID, ++ids);
        if (ranking != null) {
            properties.put(Constants.SERVICE_RANKING, ranking);
        }
        if (language != null) {
            properties.put("language", language);
        }
        return Map.entry(properties, name);
    }

    private static final Map.Entry<Map<String, Object>, String> DEFAULT = template("default", Integer.MIN_VALUE, null);

    @Test
    void theDefaultServesEveryLanguageAlone() {
        assertEquals("default", TemplateChooser.choose(List.of(DEFAULT), "de"));
        assertEquals("default", TemplateChooser.choose(List.of(DEFAULT), "en"));
    }

    @Test
    void aPartnerTemplateWithHigherRankingWins() {
        var partner = template("partner", 10, null);
        assertEquals("partner", TemplateChooser.choose(List.of(DEFAULT, partner), "de"));
        assertEquals("partner", TemplateChooser.choose(List.of(partner, DEFAULT), "en"));
    }

    @Test
    void aMissingRankingCountsAsZero() {
        assertEquals("unranked", TemplateChooser.choose(List.of(DEFAULT, template("unranked", null, null)), "de"));
        assertEquals("ranked", TemplateChooser.choose(List.of(template("odd", "100", null), template("ranked", 1, null)), "de"));
    }

    @Test
    void aLanguageTemplateWinsForItsLanguageOnly() {
        var general = template("general", 50, null);
        var german = template("german", 5, "de");
        List<Map.Entry<Map<String, Object>, String>> all = List.of(DEFAULT, general, german);
        assertEquals("german", TemplateChooser.choose(all, "de"));
        assertEquals("general", TemplateChooser.choose(all, "en"));
    }

    @Test
    void amongLanguageTemplatesTheRankingDecides() {
        var low = template("low", 1, "en");
        var high = template("high", 2, new String[] {"de", "en"});
        var listed = template("listed", 3, List.of("fr"));
        assertEquals("high", TemplateChooser.choose(List.of(low, high, listed, DEFAULT), "en"));
        assertEquals("listed", TemplateChooser.choose(List.of(low, high, listed, DEFAULT), "fr"));
    }

    @Test
    void onEqualRankingTheOlderServiceWins() {
        var older = template("older", 7, null);
        var newer = template("newer", 7, null);
        assertEquals("older", TemplateChooser.choose(List.of(newer, older), "de"));
    }

    @Test
    void aTemplateForAnotherLanguageIsNeverChosen() {
        assertNull(TemplateChooser.choose(List.of(template("english", 100, "en")), "de"));
        assertNull(TemplateChooser.choose(List.of(), "de"));
    }
}
