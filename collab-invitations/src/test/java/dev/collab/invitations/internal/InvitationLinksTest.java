package dev.collab.invitations.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InvitationLinksTest {
    private static final String TOKEN = "q".repeat(40) + "_-9";

    @Test
    void theLinkFollowsTheContractWhateverTheBaseLooksLike() {
        assertEquals("https://portal.example/collab/register?token=" + TOKEN, InvitationLinks.link("https://portal.example/", TOKEN));
        assertEquals("http://localhost:8080/collab/register?token=" + TOKEN, InvitationLinks.link(" http://localhost:8080// ", TOKEN));
        assertEquals("https://broker.example/crm/collab/register?token=" + TOKEN, InvitationLinks.link("https://broker.example/crm", TOKEN));
    }

    @Test
    void theMessageIdIsStableAndNamesTheHostOfTheBase() {
        assertEquals("<0f3a-77@portal.example>", InvitationLinks.messageId("0f3a-77", "https://Portal.Example:8443/x"));
        assertEquals(InvitationLinks.messageId("0f3a-77", "https://portal.example"), InvitationLinks.messageId("0f3a-77", "https://portal.example/"));
        assertEquals("<a_b_c@localhost>", InvitationLinks.messageId("a b<c", "not a uri"));
        assertEquals("<x.y@localhost>", InvitationLinks.messageId(".x..y.", ""));
    }

    @Test
    void languagesAreNormalisedToTheirPrimaryTag() {
        assertEquals("de", InvitationLinks.language(null));
        assertEquals("de", InvitationLinks.language(" "));
        assertEquals("en", InvitationLinks.language("EN-gb"));
        assertEquals("de", InvitationLinks.language("de_AT"));
    }

    @Test
    void errorTextsNeverCarryTheToken() {
        String link = InvitationLinks.link("https://portal.example", TOKEN);
        String text = Redaction.describe(new IllegalStateException("bad " + link, new RuntimeException("also\n" + TOKEN)), TOKEN);
        assertFalse(text.contains(TOKEN), text);
        assertTrue(text.contains("IllegalStateException: bad https://portal.example/collab/register?token=[token]"), text);
        assertTrue(text.contains("<- RuntimeException: also [token]"), text);
        assertEquals("x", Redaction.clean("x", null));
    }
}
