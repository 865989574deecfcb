package dev.collab.boot.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The request-target checks the servlet container would otherwise answer with its own HTML
 * page (or not at all): percent-encoding that decodes to nothing valid, control characters,
 * encoded separators and dots, path parameters and backslashes (400), and dot segments, which
 * would leave the path they stand in (404). The guard applies these checks to every path that
 * reaches it. Jetty itself (default URI compliance) already refuses most of these targets while
 * parsing, before the guard runs; {@link ProblemErrorHandler} answers those. Setting
 * {@code org.eclipse.jetty.UriComplianceMode=UNSAFE} would let them through to the guard, but
 * delayed the JAX-RS whiteboard's start in the Pax Exam tests (ContainerIT), so it is not set.
 */
final class UriCheck {
    private UriCheck() {
    }

    /** @return why the raw request path is malformed, or {@code null} when it is fine */
    static String malformed(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return "The request path is malformed.";
        }
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c < 0x21 || c == 0x7f || c > 0x7e) {
                return "The request path holds a character that must be percent-encoded.";
            }
            if (c == '\\' || c == ';') {
                return "The request path holds a character that is not allowed in it.";
            }
            if (c == '%') {
                if (i + 2 >= rawPath.length() || hex(rawPath.charAt(i + 1)) < 0 || hex(rawPath.charAt(i + 2)) < 0) {
                    return "The request path holds a '%' that is not followed by two hexadecimal digits.";
                }
                int b = hex(rawPath.charAt(i + 1)) * 16 + hex(rawPath.charAt(i + 2));
                if (b < 0x20 || b == 0x7f || b == '/' || b == '\\' || b == '.' || b == '%' || b == ';') {
                    return "The request path holds an encoded character that is not allowed in it.";
                }
                decoded.write(b);
                i += 2;
            } else {
                decoded.write(c);
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(decoded.toByteArray()));
        } catch (CharacterCodingException e) {
            return "The request path is not valid UTF-8.";
        }
        return null;
    }

    /** @return whether the raw query string has a '%' without two hexadecimal digits, or a control character */
    static boolean badQuery(String rawQuery) {
        if (rawQuery == null) {
            return false;
        }
        for (int i = 0; i < rawQuery.length(); i++) {
            char c = rawQuery.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
            if (c == '%' && (i + 2 >= rawQuery.length() || hex(rawQuery.charAt(i + 1)) < 0 || hex(rawQuery.charAt(i + 2)) < 0)) {
                return true;
            }
        }
        return false;
    }

    /** @return whether a segment of the raw path is {@code .} or {@code ..}, or the path has an empty segment inside */
    static boolean hasDotSegment(String rawPath) {
        if (rawPath == null) {
            return false;
        }
        String[] segments = rawPath.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals(".") || segment.equals("..") || (segment.isEmpty() && i < segments.length - 1)) {
                return true;
            }
        }
        return false;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
