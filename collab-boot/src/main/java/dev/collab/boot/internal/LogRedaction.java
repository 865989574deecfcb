package dev.collab.boot.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps invitation and reset tokens out of the container's log. A token is a credential and
 * can stand in a request path ({@code /invitations/{token}}) or a link ({@code ?token=…}), which
 * Jetty, Felix HTTP, CXF and the whiteboard may print when a request fails. Rather than trust
 * every library's log statements, the launcher redacts what reaches the console: the standard
 * streams (SLF4J's simple provider, {@code printStackTrace}) and java.util.logging's handlers
 * (CXF, EclipseLink, SPI Fly). Installed once, first thing at start.
 */
final class LogRedaction {
    static final String MASK = "{token}";
    private static final Pattern PATH_TOKEN = Pattern.compile("(/invitations/|/password-resets/|/reset/)(?!\\{token\\})[^/?#\\s\"'<>;,)]+");
    private static final Pattern QUERY_TOKEN = Pattern.compile("([?&;]token=)(?!\\{token\\})[^&#\\s\"'<>;,)]+");
    private static volatile boolean installed;

    private LogRedaction() {
    }

    /** @return the text with every token in a path or query replaced by {@value #MASK} */
    static String redact(String text) {
        if (text == null || (text.indexOf("/invitations/") < 0 && text.indexOf("token=") < 0
            && text.indexOf("/password-resets/") < 0 && text.indexOf("/reset/") < 0)) {
            return text;
        }
        String redacted = PATH_TOKEN.matcher(text).replaceAll("$1" + Matcher.quoteReplacement(MASK));
        return QUERY_TOKEN.matcher(redacted).replaceAll("$1" + Matcher.quoteReplacement(MASK));
    }

    /** @return the throwable itself when its messages hold no token, else a copy with redacted messages and the same stack */
    static Throwable redact(Throwable thrown) {
        if (thrown == null || !needsRedaction(thrown, 0)) {
            return thrown;
        }
        return copy(thrown, 0);
    }

    private static boolean needsRedaction(Throwable t, int depth) {
        if (t == null || depth > 20) {
            return false;
        }
        String text = t.toString();
        return !text.equals(redact(text)) || needsRedaction(t.getCause(), depth + 1);
    }

    private static Throwable copy(Throwable t, int depth) {
        if (t == null || depth > 20) {
            return null;
        }
        Redacted copy = new Redacted(redact(t.toString()), copy(t.getCause(), depth + 1));
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    /** A stand-in for a logged exception whose message held a token. */
    static final class Redacted extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String text;

        Redacted(String text, Throwable cause) {
            super(text, cause, false, true);
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Redacts the standard streams and the handlers of java.util.logging's root logger, once. */
    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        System.setErr(new RedactingPrintStream(System.err));
        System.setOut(new RedactingPrintStream(System.out));
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            redact(handler);
        }
    }

    /** Makes a handler print records with tokens redacted (a filter that rewrites before it passes). */
    static void redact(Handler handler) {
        Filter previous = handler.getFilter();
        SimpleFormatter formatter = new SimpleFormatter();
        handler.setFilter(record -> {
            redact(record, formatter);
            return previous == null || previous.isLoggable(record);
        });
    }

    static void redact(LogRecord record, SimpleFormatter formatter) {
        String message = formatter.formatMessage(record);
        String redacted = redact(message);
        if (message != null && !message.equals(redacted)) {
            record.setMessage(redacted);
            record.setParameters(null);
        }
        record.setThrown(redact(record.getThrown()));
    }

    /** A print stream whose bytes pass through a {@link LineRedactor}. */
    static final class RedactingPrintStream extends PrintStream {
        RedactingPrintStream(PrintStream target) {
            super(new LineRedactor(target), true);
        }
    }

    /** Collects each line and writes it redacted; a partial line goes out on flush. */
    static final class LineRedactor extends OutputStream {
        private final OutputStream target;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineRedactor(OutputStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            line.write(b);
            if (b == '\n' || line.size() > 64 * 1024) {
                emit();
            }
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(buf[i]);
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            emit();
            target.flush();
        }

        private void emit() throws IOException {
            if (line.size() == 0) {
                return;
            }
            String text = line.toString(Charset.defaultCharset());
            line.reset();
            target.write(redact(text).getBytes(Charset.defaultCharset()));
            target.flush();
        }
    }
}
