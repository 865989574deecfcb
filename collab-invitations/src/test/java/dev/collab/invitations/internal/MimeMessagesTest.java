package dev.collab.invitations.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MimeMessagesTest {
    @Test
    void thePlainestTransferEncodingIsChosen() {
        assertEquals("7bit", MimeMessages.transferEncoding("Hello\r\nhttps://x/collab/register?token=abc"));
        assertEquals("8bit", MimeMessages.transferEncoding("Grüße\r\nhttps://x/collab/register?token=abc"));
        assertEquals("quoted-printable", MimeMessages.transferEncoding("x".repeat(999)));
        assertEquals("8bit", MimeMessages.transferEncoding("ü".repeat(499)));
        assertEquals("quoted-printable", MimeMessages.transferEncoding("nul\u0000"));
    }
}
