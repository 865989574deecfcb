package dev.collab.texts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The list a policyholder pastes or uploads to invite several people at once, as the REST API
 * ({@code text/csv}) and the screen ("Mehrere Mitarbeiter einladen") both read it, so that the
 * two accept exactly the same files.
 * <p>
 * One person per line: {@code e-mail[,profile[,customers]]}. Fields follow RFC 4180 (quotes,
 * doubled quotes, line breaks inside quotes). The separator is taken from the first line that
 * has one (a list may begin with bare e-mails): a tab if it has one, else a semicolon if it has
 * one and no comma (what a German spreadsheet writes; a line with both is read as
 * comma-separated), else a comma. Customer ids within their field are separated by blanks, commas or semicolons
 * (a quoted field may hold the separator). An optional header line (first field {@code email},
 * {@code e-mail}, {@code mail} or {@code e-mail-adresse}) and blank lines are skipped; empty
 * profile or customers fields leave the defaults chosen for all rows.
 */
public final class InviteCsv {
    private static final Set<String> HEADERS = Set.of("email", "e-mail", "mail", "e-mail-adresse", "emailadresse",
        "email address", "e-mail address");

    private InviteCsv() {
    }

    /**
     * One person of the list.
     *
     * @param line the line of the text the row starts on, from 1
     * @param email the e-mail as written (trimmed), maybe empty
     * @param profile the profile's name, or {@code null} for the default
     * @param customers the customer ids, empty for the default
     */
    public record Row(int line, String email, String profile, List<String> customers) {
    }

    /** The text is not a list of this form; {@link #line()} says where. */
    public static final class MalformedException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int line;
        private final String key;

        MalformedException(int line, String key, String message) {
            super(message);
            this.line = line;
            this.key = key;
        }

        /** @return the line, from 1 */
        public int line() {
            return line;
        }

        /** @return the message key: {@code bulk.csvColumns} or {@code bulk.csvQuote} */
        public String key() {
            return key;
        }
    }

    /**
     * @param text the pasted or uploaded list, or {@code null}
     * @return its rows in order, without header and blank lines
     * @throws MalformedException on a line with more than three fields, or a quote left open
     */
    public static List<Row> parse(String text) {
        String s = text == null ? "" : text;
        if (s.startsWith("\uFEFF")) {
            s = s.substring(1);
        }
        char separator = separator(s);
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int start = 1;
        boolean quoted = false;
        boolean first = true;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '\n';
            if (quoted) {
                if (i == s.length()) {
                    throw new MalformedException(start, "bulk.csvQuote", "Line " + start + ": a quote is not closed.");
                }
                if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"' && field.toString().isBlank()) {
                field.setLength(0);
                quoted = true;
            } else if (c == separator) {
                fields.add(field.toString().trim());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString().trim());
                field.setLength(0);
                Row row = row(start, fields, first);
                if (row != null) {
                    rows.add(row);
                }
                if (!fields.stream().allMatch(String::isEmpty)) {
                    first = false;
                }
                fields.clear();
                line++;
                start = line;
            } else {
                field.append(c);
            }
        }
        return rows;
    }

    /** @return the row of one line's fields, or {@code null} for a blank line or the header */
    private static Row row(int line, List<String> fields, boolean first) {
        if (fields.stream().allMatch(String::isEmpty)) {
            return null;
        }
        if (first && HEADERS.contains(fields.get(0).toLowerCase(Locale.ROOT))) {
            return null;
        }
        for (int i = 3; i < fields.size(); i++) {
            // spreadsheets often write empty trailing fields; only text there is an error
            if (!fields.get(i).isEmpty()) {
                throw new MalformedException(line, "bulk.csvColumns",
                    "Line " + line + " has more than three fields: e-mail, profile, customers.");
            }
        }
        String profile = fields.size() > 1 && !fields.get(1).isEmpty() ? fields.get(1) : null;
        List<String> customers = fields.size() > 2 && !fields.get(2).isEmpty()
            ? Arrays.stream(fields.get(2).split("[\\s,;]+")).filter(id -> !id.isEmpty()).toList() : List.of();
        return new Row(line, fields.get(0), profile, customers);
    }

    /**
     * The separator of the first line that has one: a list may begin with bare e-mails (no
     * separator at all) before the lines that name a profile or customers.
     */
    private static char separator(String text) {
        for (String line : text.split("\r\n|\r|\n")) {
            if (line.indexOf('\t') >= 0) {
                return '\t';
            }
            if (line.indexOf(';') >= 0 && line.indexOf(',') < 0) {
                return ';';
            }
            if (line.indexOf(',') >= 0) {
                return ',';
            }
        }
        return ',';
    }
}
