package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.collab.api.ValidationException;
import dev.collab.api.grants.GrantDraft;
import dev.collab.api.profiles.ProfileDraft;

/** Invitation mails are written in the invitee's language when it is known, else in the tenant's. */
class MailLanguageTest extends CoreFixture {
    private static String outboxLanguage(String email) {
        return core.db.supports(() -> (String) core.db.em().createNativeQuery(
            "SELECT MAILLANGUAGE FROM MAIL_OUTBOX WHERE RECIPIENT = ? ORDER BY CREATEDAT DESC")
            .setParameter(1, email).setMaxResults(1).getSingleResult());
    }

    @Test
    void theInviteesLanguageWinsOverTheTenantsAndIsRemembered() {
        String t = core.tenant("lang", true, "A");
        core.profiles.create(t, new ProfileDraft("GF", "", List.of("contracts.view"), List.of()), "admin:a");
        core.grants.create(t, new GrantDraft("Eins", "GF", null, List.of("A"), true, "de@firma.de"), "admin:a");
        core.grants.create(t, new GrantDraft("Zwei", "GF", null, List.of("A"), true, "en@firma.de", "en"), "admin:a");
        assertEquals("de", outboxLanguage("de@firma.de"), "the tenant's default");
        assertEquals("en", outboxLanguage("en@firma.de"), "the invitee's");
        core.grants.create(t, new GrantDraft("Drei", "GF", null, List.of("A"), true, "en@firma.de"), "admin:a");
        assertEquals("en", outboxLanguage("en@firma.de"), "remembered on the account");
    }

    @Test
    void aLanguageWithoutTemplatesIsRefused() {
        String t = core.tenant("lang-bad", true, "A");
        core.profiles.create(t, new ProfileDraft("GF", "", List.of("contracts.view"), List.of()), "admin:a");
        ValidationException e = assertThrows(ValidationException.class, () -> core.grants.create(t,
            new GrantDraft("Eins", "GF", null, List.of("A"), true, "x@firma.de", "fr"), "admin:a"));
        assertEquals("language", e.errors().get(0).field());
    }
}
