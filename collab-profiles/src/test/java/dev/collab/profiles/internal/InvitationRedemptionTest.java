package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.collab.api.NotPermittedException;
import dev.collab.api.TooManyAttemptsException;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.customers.Customer;
import dev.collab.api.delegation.Delegate;
import dev.collab.api.delegation.InviteRequest;
import dev.collab.api.grants.GrantDraft;
import dev.collab.api.invitations.InvitationGoneException;
import dev.collab.api.invitations.InvitationInfo;
import dev.collab.api.profiles.ProfileDraft;

/**
 * What the registration page learns about a token, the delegate's link expiry, and the
 * throttling of failed redemptions per client, through the real services on Derby.
 */
class InvitationRedemptionTest extends CoreFixture {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String ADMIN = "admin:boss@broker.de";
    private static final String PASSWORD = Core.PASSWORD;
    /** Well-formed (43 URL-safe characters) but never issued. */
    private static final String UNKNOWN = "A".repeat(43);

    /** A tenant with GF (delegates MA) accepted on A, B, C; returns the GF's account id. */
    private static String[] seed() {
        String t = core.tenant("redeem-" + SEQUENCE.incrementAndGet(), true, "A", "B", "C", "D");
        core.profiles.create(t, new ProfileDraft("MA", "employee", List.of("contracts.view"), List.of()), ADMIN);
        core.profiles.create(t, new ProfileDraft("GF", "director", List.of("contracts.view"), List.of("MA")), ADMIN);
        String grant = core.grants.create(t, new GrantDraft("Müller GmbH", "GF", null, List.of("A", "B", "C"), true, "gf@mueller.de"), ADMIN).id();
        String gf = core.invitations.accept(core.lastToken(t, "gf@mueller.de"), PASSWORD.toCharArray(), null).id();
        return new String[] {t, gf, grant};
    }

    @Test
    void theRegistrationPageLearnsTheBrokerTheAttenuatedCustomersAndWhetherAnAccountExists() {
        String[] s = seed();
        String t = s[0];
        core.delegation.invite(t, s[1], new InviteRequest("ma@mueller.de", "MA", List.of("A", "B"), false, null));
        String token = core.lastToken(t, "ma@mueller.de");
        InvitationInfo info = core.invitations.inspect(token, "10.0.0.1");
        assertEquals("Broker " + t, info.tenantName());
        assertEquals(List.of(new Customer("A", "Customer A"), new Customer("B", "Customer B")), info.customers());
        assertEquals("gf@mueller.de", info.invitedBy());
        assertFalse(info.accountExists());

        // the GF loses B: the invitation gives only what the inviter still sees
        core.grants.rescope(t, s[2], s[1], List.of("A", "C"), ADMIN);
        assertEquals(List.of(new Customer("A", "Customer A")), core.invitations.inspect(token, "10.0.0.1").customers());

        // a deleted delegate invited again keeps the account: it signs in to accept
        core.invitations.accept(token, PASSWORD.toCharArray(), null, "10.0.0.1");
        String id = core.delegation.delegates(t, s[1]).get(0).id();
        core.delegation.delete(t, s[1], id);
        core.delegation.invite(t, s[1], new InviteRequest("ma@mueller.de", "MA", List.of("A"), false, null));
        assertTrue(core.invitations.inspect(core.lastToken(t, "ma@mueller.de"), "10.0.0.1").accountExists());
    }

    @Test
    void aDelegateShowsTheNewestLinksExpiryWhileInvitedAndNoneOnceRegistered() {
        String[] s = seed();
        String t = s[0];
        Delegate invited = core.delegation.invite(t, s[1], new InviteRequest("ma@mueller.de", "MA", List.of("A"), false, null));
        assertEquals(core.mails.last(t, "ma@mueller.de").expiresAt(), invited.expiresAt());
        assertEquals(invited.expiresAt(), core.delegation.delegates(t, s[1]).get(0).expiresAt());

        core.delegation.resend(t, s[1], invited.id());
        Delegate resent = core.delegation.delegates(t, s[1]).get(0);
        assertEquals(core.mails.last(t, "ma@mueller.de").expiresAt(), resent.expiresAt());
        assertNotEquals(invited.expiresAt(), resent.expiresAt());

        core.invitations.accept(core.lastToken(t, "ma@mueller.de"), PASSWORD.toCharArray(), null);
        assertNull(core.delegation.delegates(t, s[1]).get(0).expiresAt());
    }

    @Test
    void aValidTokenIsServedEvenAfterTenFailuresFromTheSameAddress() {
        String[] s = seed();
        String t = s[0];
        core.delegation.invite(t, s[1], new InviteRequest("ma@mueller.de", "MA", List.of("A"), false, null));
        String token = core.lastToken(t, "ma@mueller.de");
        String office = "10.1.1." + SEQUENCE.incrementAndGet();
        for (int i = 0; i < 10; i++) {
            assertThrows(UnknownResourceException.class, () -> core.invitations.inspect(UNKNOWN, office));
        }
        // the eleventh failing look-up is refused, with the time to wait
        TooManyAttemptsException refused = assertThrows(TooManyAttemptsException.class, () -> core.invitations.inspect(UNKNOWN, office));
        assertTrue(refused.retryAfterSeconds() > 0 && refused.retryAfterSeconds() <= 600, "" + refused.retryAfterSeconds());
        assertThrows(TooManyAttemptsException.class, () -> core.invitations.accept(UNKNOWN, PASSWORD.toCharArray(), null, office));
        // but a colleague behind the same address with a real invitation gets in
        assertEquals("ma@mueller.de", core.invitations.inspect(token, office).email());
        assertEquals("ma@mueller.de", core.invitations.accept(token, PASSWORD.toCharArray(), null, office).email());
        // the now spent token is a failure again, refused while the address is throttled
        assertThrows(TooManyAttemptsException.class, () -> core.invitations.inspect(token, office));
        // another address is not affected
        assertThrows(InvitationGoneException.class, () -> core.invitations.inspect(token, "10.2.2." + SEQUENCE.incrementAndGet()));
    }

    @Test
    void aWrongPasswordOfAnExistingAccountCountsAsAFailedRedemption() {
        String[] s = seed();
        String t = s[0];
        core.delegation.invite(t, s[1], new InviteRequest("ma@mueller.de", "MA", List.of("A"), false, null));
        core.invitations.accept(core.lastToken(t, "ma@mueller.de"), PASSWORD.toCharArray(), null);
        core.delegation.delete(t, s[1], core.delegation.delegates(t, s[1]).get(0).id());
        core.delegation.invite(t, s[1], new InviteRequest("ma@mueller.de", "MA", List.of("A"), false, null));
        String token = core.lastToken(t, "ma@mueller.de");
        String client = "10.3.3." + SEQUENCE.incrementAndGet();
        int forbidden = 0;
        TooManyAttemptsException throttled = null;
        for (int i = 0; i < 20 && throttled == null; i++) {
            try {
                core.invitations.accept(token, ("wrong password " + i).toCharArray(), null, client);
            } catch (NotPermittedException e) {
                forbidden++;
            } catch (TooManyAttemptsException e) {
                throttled = e;
            }
        }
        assertTrue(throttled != null && forbidden <= 10, "forbidden " + forbidden);
        // the owner, from an address without failures, accepts with the right password
        assertEquals("ma@mueller.de", core.invitations.accept(token, PASSWORD.toCharArray(), null, "10.9.9.9").email());
    }

    @Test
    void theOneAndThreeArgumentFormsStillWorkUnthrottled() {
        for (int i = 0; i < 15; i++) {
            assertThrows(UnknownResourceException.class, () -> core.invitations.inspect(UNKNOWN));
            assertThrows(UnknownResourceException.class, () -> core.invitations.accept(UNKNOWN, PASSWORD.toCharArray(), null));
        }
    }
}
