package dev.collab.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import org.junit.jupiter.api.Test;

/** Tokens never reach the console, whichever library logs the request. */
class LogRedactionTest {
    private static final String TOKEN = "Q2hlY2tfdGhpc190b2tlbl9pc19sb25nX2Vub3VnaF8xMjM0NQ";

    @Test
    void pathsAndLinksLoseTheirTokens() {
        assertEquals("Exception while processing request to /collab/api/v1/invitations/{token}/accept",
            LogRedaction.redact("Exception while processing request to /collab/api/v1/invitations/" + TOKEN + "/accept"));
        assertEquals("Can't find the request for http://127.0.0.1:8080/collab/api/v1/invitations/{token}'s Observer",
            LogRedaction.redact("Can't find the request for http://127.0.0.1:8080/collab/api/v1/invitations/" + TOKEN + "'s Observer"));
        assertEquals("GET /collab/register?token={token}&lang=de",
            LogRedaction.redact("GET /collab/register?token=" + TOKEN + "&lang=de"));
        assertEquals("nothing to see", LogRedaction.redact("nothing to see"));
    }

    @Test
    void streamsPrintLinesRedacted() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream stream = new LogRedaction.RedactingPrintStream(new PrintStream(sink, true));
        stream.println("[qtp-1] ERROR org.apache.felix.http - Exception while processing request to /collab/api/v1/invitations/"
            + TOKEN + "/accept");
        stream.print("partial /invitations/" + TOKEN);
        stream.flush();
        String out = sink.toString(Charset.defaultCharset());
        assertFalse(out.contains(TOKEN), out);
        assertTrue(out.contains("/invitations/{token}/accept"), out);
    }

    @Test
    void javaLoggingRecordsAndTheirExceptionsAreRedacted() {
        LogRecord record = new LogRecord(Level.WARNING, "Can't find the request for {0}''s Observer");
        record.setParameters(new Object[] {"http://h/collab/api/v1/invitations/" + TOKEN});
        record.setThrown(new IllegalStateException("at /invitations/" + TOKEN));
        LogRedaction.redact(record, new SimpleFormatter());
        assertFalse(record.getMessage().contains(TOKEN));
        assertFalse(record.getThrown().toString().contains(TOKEN));
        Exception harmless = new IllegalStateException("harmless");
        assertSame(harmless, LogRedaction.redact(harmless));
    }
}
