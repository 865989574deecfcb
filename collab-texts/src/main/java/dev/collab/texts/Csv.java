package dev.collab.texts;

/**
 * The audit's CSV download is offered by the REST API and by the admin's screen; both write
 * their cells here, so that the guard against spreadsheet formulas exists once.
 */
public final class Csv {
    private Csv() {
    }

    /**
     * One CSV field (RFC 4180): quoted when it holds a separator, quote or line break. A field
     * a spreadsheet would run as a formula (starting with {@code = + - @} or a tab) is prefixed
     * with an apostrophe: targets and details carry text that portal users typed (e-mails).
     */
    public static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            v = '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
