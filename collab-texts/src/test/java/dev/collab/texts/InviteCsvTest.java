package dev.collab.texts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.collab.texts.InviteCsv.MalformedException;
import dev.collab.texts.InviteCsv.Row;

class InviteCsvTest {

    @Test
    void eMailAloneOrWithProfileAndCustomers() {
        assertEquals(List.of(new Row(1, "a@firma.de", null, List.of()), new Row(2, "b@firma.de", "MA", List.of()),
            new Row(3, "c@firma.de", "MA", List.of("K1", "K2", "K3"))),
            InviteCsv.parse("a@firma.de\nb@firma.de,MA\nc@firma.de,MA,K1;K2 K3\n"));
    }

    @Test
    void aHeaderLineBlankLinesAndEmptyFieldsAreSkipped() {
        assertEquals(List.of(new Row(3, "a@firma.de", null, List.of("K1")), new Row(5, "b@firma.de", null, List.of())),
            InviteCsv.parse("\uFEFFE-Mail,Profil,Kunden\r\n\r\na@firma.de,,K1\r\n ,, \r\nb@firma.de,,\r\n"));
    }

    @Test
    void aGermanSpreadsheetsSemicolonsAndTabsSeparateToo() {
        assertEquals(List.of(new Row(1, "a@firma.de", "MA", List.of("K1", "K2"))), InviteCsv.parse("a@firma.de;MA;K1 K2"));
        assertEquals(List.of(new Row(1, "a@firma.de", "MA", List.of("K1", "K2"))), InviteCsv.parse("a@firma.de\tMA\tK1 K2"));
    }

    @Test
    void theSeparatorIsTheFirstLineThatHasOne() {
        // a list may begin with bare e-mails: the first line without a separator must not make it comma-separated
        assertEquals(List.of(new Row(1, "anna@firma.de", null, List.of()), new Row(2, "bernd@firma.de", "MA", List.of("K1", "K2"))),
            InviteCsv.parse("anna@firma.de\nbernd@firma.de;MA;K1 K2"));
    }

    @Test
    void quotedFieldsMayHoldSeparatorsQuotesAndLineBreaks() {
        assertEquals(List.of(new Row(1, "a@firma.de", "Team \"Nord\", Süd", List.of("K1", "K2")), new Row(3, "b@firma.de", null,
            List.of())), InviteCsv.parse("a@firma.de,\"Team \"\"Nord\"\", Süd\",\"K1,\nK2\"\nb@firma.de"));
    }

    @Test
    void anInvalidAddressIsKeptForTheServiceToReportPerRow() {
        assertEquals(List.of(new Row(1, "not an address", null, List.of())), InviteCsv.parse("not an address"));
    }

    @Test
    void moreThanThreeFieldsOrAnOpenQuoteNameTheLine() {
        MalformedException columns = assertThrows(MalformedException.class, () -> InviteCsv.parse("a@firma.de\nb@firma.de,MA,K1,x"));
        assertEquals(2, columns.line());
        assertEquals("bulk.csvColumns", columns.key());
        assertEquals(List.of(new Row(1, "a@firma.de", "MA", List.of("K1"))), InviteCsv.parse("a@firma.de,MA,K1,,"));
        MalformedException quote = assertThrows(MalformedException.class, () -> InviteCsv.parse("a@firma.de\n\"b@firma.de,MA"));
        assertEquals(2, quote.line());
        assertEquals("bulk.csvQuote", quote.key());
    }

    @Test
    void nothingIsNoRows() {
        assertEquals(List.of(), InviteCsv.parse(null));
        assertEquals(List.of(), InviteCsv.parse("\n\n"));
        assertEquals(List.of(), InviteCsv.parse("email"));
    }
}
