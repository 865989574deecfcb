package dev.collab.texts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void aPlainCellStaysAsItIsAndNothingIsEmpty() {
        assertEquals("member.rescoped", Csv.cell("member.rescoped"));
        assertEquals("", Csv.cell(null));
    }

    @Test
    void separatorsQuotesAndLineBreaksAreQuoted() {
        assertEquals("\"a,b\"", Csv.cell("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", Csv.cell("say \"hi\""));
        assertEquals("\"two\nlines\"", Csv.cell("two\nlines"));
    }

    @Test
    void aCellASpreadsheetWouldRunAsAFormulaGetsAnApostrophe() {
        assertEquals("'=HYPERLINK(1)", Csv.cell("=HYPERLINK(1)"));
        assertEquals("'+1", Csv.cell("+1"));
        assertEquals("'-1", Csv.cell("-1"));
        assertEquals("'@evil.example", Csv.cell("@evil.example"));
        assertEquals("\"'=1,2\"", Csv.cell("=1,2"));
    }
}
