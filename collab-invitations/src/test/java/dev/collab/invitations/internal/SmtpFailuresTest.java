package dev.collab.invitations.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.SocketTimeoutException;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;
import org.junit.jupiter.api.Test;

class SmtpFailuresTest {
    private static final InternetAddress MIA = address("mia@firma.de");

    private static InternetAddress address(String text) {
        try {
            return new InternetAddress(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** As Angus reports refused recipients: a SendFailedException whose next exception carries the reply. */
    private static SendFailedException refusedRecipient(int code) {
        SMTPAddressFailedException reply = new SMTPAddressFailedException(MIA, "RCPT TO:<mia@firma.de>", code, code + " refused");
        return new SendFailedException("Invalid Addresses", reply, new Address[0], new Address[0], new Address[] {MIA});
    }

    @Test
    void fiveHundredRepliesAboutTheMailArePermanent() {
        assertTrue(SmtpFailures.permanent(refusedRecipient(550)));
        assertTrue(SmtpFailures.permanent(refusedRecipient(553)));
        assertTrue(SmtpFailures.permanent(new SMTPSendFailedException("DATA", 554, "554 refused", null, null, null, null)));
    }

    @Test
    void fourHundredRepliesAreTransient() {
        assertFalse(SmtpFailures.permanent(refusedRecipient(450)));
        assertFalse(SmtpFailures.permanent(new SMTPSendFailedException("DATA", 451, "451 later", null, null, null, null)));
    }

    @Test
    void problemsOnOurSideAreTransient() {
        assertFalse(SmtpFailures.permanent(new AuthenticationFailedException("535 5.7.8 bad credentials")));
        assertFalse(SmtpFailures.permanent(new SMTPSendFailedException("MAIL", 530, "530 5.7.0 STARTTLS first", null, null, null, null)));
        assertFalse(SmtpFailures.permanent(new SMTPSenderFailedException(MIA, "MAIL FROM", 553, "553 sender refused")));
        SMTPSendFailedException wrapped = new SMTPSendFailedException("MAIL", 553, "553 sender refused",
            new SMTPSenderFailedException(MIA, "MAIL FROM", 553, "553 sender refused"), null, null, null);
        assertFalse(SmtpFailures.permanent(wrapped));
    }

    @Test
    void connectionFailuresAreTransient() {
        assertFalse(SmtpFailures.permanent(new MailConnectException(new SocketConnectException("refused",
            new ConnectException("Connection refused"), "127.0.0.1", 25, 1000))));
        assertFalse(SmtpFailures.permanent(new MessagingException("Exception reading response", new SocketTimeoutException())));
    }

    @Test
    void aRecipientRefusedWithoutReplyIsPermanent() {
        assertTrue(SmtpFailures.permanent(new SendFailedException("No recipient addresses", null, null, null, new Address[] {MIA})));
        assertFalse(SmtpFailures.permanent(new SendFailedException("Sending failed")));
    }

    @Test
    void onlyRepliesAboutTheMailCountAsPermanentCodes() {
        assertTrue(SmtpFailures.permanentReply(550));
        assertTrue(SmtpFailures.permanentReply(501));
        assertFalse(SmtpFailures.permanentReply(535));
        assertFalse(SmtpFailures.permanentReply(421));
        assertFalse(SmtpFailures.permanentReply(250));
    }
}
