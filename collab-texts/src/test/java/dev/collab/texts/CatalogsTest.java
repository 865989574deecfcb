package dev.collab.texts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class CatalogsTest {
    private final ClassLoader loader = CatalogsTest.class.getClassLoader();

    @Test
    void aCatalogIsReadAsUtf8WithEveryKey() {
        Map<String, String> texts = Catalogs.load(loader, "dev/collab/texts/sample_de.properties");
        assertEquals(Map.of("greeting", "Grüß Gott, {0}!", "empty", ""), texts);
    }

    @Test
    void aCatalogCannotBeChanged() {
        Map<String, String> texts = Catalogs.load(loader, "dev/collab/texts/sample_de.properties");
        assertThrows(UnsupportedOperationException.class, () -> texts.put("x", "y"));
    }

    @Test
    void aMissingCatalogIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Catalogs.load(loader, "nowhere_de.properties"));
        assertTrue(e.getMessage().contains("nowhere_de.properties"), e.getMessage());
    }
}
