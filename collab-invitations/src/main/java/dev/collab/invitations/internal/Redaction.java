package dev.collab.invitations.internal;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Keeps the token out of what the operator sees: error texts go to the log and into the outbox,
 * and a server or template error might quote the message, so every such text passes here first.
 */
final class Redaction {
    static final String MASK = "[token]";

    private Redaction() {
    }

    /**
     * @param text an error text, or {@code null}
     * @param token the raw token of the mail concerned, or {@code null}
     * @return the text with every occurrence of the token masked
     */
    static String clean(String text, String token) {
        if (text == null || token == null || token.isEmpty()) {
            return text;
        }
        return text.replace(token, MASK);
    }

    /** @return a one-line description of the failure, its causes included, without the token */
    static String describe(Throwable failure, String token) {
        StringBuilder text = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (text.length() > 0) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage().replaceAll("\\s+", " ").trim());
            }
        }
        return clean(text.toString(), token);
    }
}
