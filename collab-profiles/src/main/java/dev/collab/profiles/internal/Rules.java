package dev.collab.profiles.internal;

import java.net.IDN;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import dev.collab.api.FieldError;

/** Input rules shared by the services of this bundle. Each check adds to a list of field errors. */
public final class Rules {
    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** RFC 5322 dot-atom of ASCII characters: no quoted strings, comments, angle brackets or blanks. */
    private static final Pattern LOCAL_PART = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    /** A host name in its ASCII (IDNA A-label) form, at least two labels, the last not numeric. */
    private static final Pattern ASCII_DOMAIN = Pattern.compile(
        "([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+([A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?|xn--[A-Za-z0-9-]{1,59})");
    // Control and invisible format characters (bidi overrides, zero-width) and line separators.
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Cf}\\u2028\\u2029]");
    public static final int MIN_PASSWORD = 12;
    public static final int MAX_PASSWORD = 200;

    private Rules() {
    }

    public static boolean isTenantId(String id) {
        return id != null && TENANT_ID.matcher(id).matches();
    }

    /**
     * The e-mail rule. An address is {@code local@domain} where
     * <ul>
     * <li>the local part is 1 to 64 ASCII characters of an RFC 5322 dot-atom (letters, digits and
     * {@code !#$%&'*+/=?^_`{|}~-}, dots only between them): no quoted strings, blanks, angle
     * brackets, colons, controls or other characters. A local part with non-ASCII characters is
     * refused with its own message: the mail transports here do not speak SMTPUTF8, and would
     * deliver it to another mailbox;</li>
     * <li>the domain is a host name of at least two labels; an internationalized domain is
     * converted to its ASCII form with {@link IDN#toASCII(String, int)} (STD3 rules), and that
     * form is what is stored and mailed to;</li>
     * <li>the whole address has at most 254 characters.</li>
     * </ul>
     * A valid address is thus pure ASCII: what is stored is exactly what the transport sends, and
     * logins compare case-insensitively in ASCII only ({@link #loginKey(String)}).
     *
     * @return the trimmed address (domain in ASCII form), or {@code null} after adding an error
     */
    public static String email(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(FieldError.of(field, "email.required", "An e-mail address is required."));
            return null;
        }
        String trimmed = value.trim();
        String shown = abbreviate(printable(trimmed));
        String invalid = "'" + shown + "' is not a valid e-mail address.";
        int at = trimmed.lastIndexOf('@');
        if (trimmed.length() > 254 || at <= 0 || at == trimmed.length() - 1 || CONTROL.matcher(trimmed).find()
            || hasLoneSurrogate(trimmed)) {
            errors.add(FieldError.of(field, "email.invalid", invalid, shown));
            return null;
        }
        String local = trimmed.substring(0, at);
        String domain = trimmed.substring(at + 1);
        if (!isAscii(local) && local.indexOf('@') < 0 && local.indexOf('<') < 0 && local.indexOf('>') < 0
            && !local.chars().anyMatch(Character::isWhitespace)) {
            errors.add(FieldError.of(field, "email.localPart", "'" + shown + "': the part before the @ may only hold "
                + "ASCII letters, digits, dots and !#$%&'*+/=?^_`{|}~- (addresses with other characters there cannot be delivered).", shown));
            return null;
        }
        if (local.length() > 64 || !LOCAL_PART.matcher(local).matches()) {
            errors.add(FieldError.of(field, "email.invalid", invalid, shown));
            return null;
        }
        String asciiDomain;
        try {
            asciiDomain = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            errors.add(FieldError.of(field, "email.invalid", invalid, shown));
            return null;
        }
        String address = local + "@" + asciiDomain;
        if (asciiDomain.length() > 253 || address.length() > 254 || !ASCII_DOMAIN.matcher(asciiDomain).matches()) {
            errors.add(FieldError.of(field, "email.invalid", invalid, shown));
            return null;
        }
        return address;
    }

    /**
     * The case-insensitive form of a login (an e-mail, or {@code support}): ASCII letters
     * lower-cased, every other character kept. Never Unicode case folding, which would merge
     * distinct addresses (the Kelvin sign U+212A folds to {@code k}). The one place logins are
     * compared.
     */
    public static String loginKey(String login) {
        char[] chars = login.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c >= 'A' && c <= 'Z') {
                chars[i] = (char) (c + ('a' - 'A'));
            }
        }
        return new String(chars);
    }

    /** The case-insensitive form of a name (profiles, grants): these may be any text, folded with {@link Locale#ROOT}. */
    public static String key(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }

    static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** For messages: controls and lone surrogates shown as U+XXXX, so that an answer stays valid text. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c) || Character.isISOControl(c) || CONTROL.matcher(String.valueOf(c)).matches()) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    sb.append(c).append(s.charAt(++i));
                } else {
                    sb.append(String.format("U+%04X", (int) c));
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** @return the trimmed name, or {@code null} after adding an error */
    public static String name(String field, String value, int max, boolean allowSlash, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(FieldError.of(field, "name.required", "A name is required."));
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            errors.add(FieldError.of(field, "name.required", "A name is required."));
            return null;
        }
        // The lower-cased key is stored too, and can be longer than the name (e.g. "İ").
        if (trimmed.length() > max || key(trimmed).length() > max) {
            errors.add(FieldError.of(field, "name.tooLong", "The name may have at most " + max + " characters.", max));
            return null;
        }
        if (CONTROL.matcher(trimmed).find()) {
            errors.add(FieldError.of(field, "name.control", "The name may not contain control characters."));
            return null;
        }
        if (!allowSlash && trimmed.indexOf('/') >= 0) {
            errors.add(FieldError.of(field, "name.slash", "The name may not contain '/': it separates the parts of grant names."));
            return null;
        }
        return trimmed;
    }

    public static void password(String field, char[] password, List<FieldError> errors) {
        if (password == null || password.length < MIN_PASSWORD) {
            errors.add(FieldError.of(field, "password.tooShort", "The password needs at least " + MIN_PASSWORD + " characters.", MIN_PASSWORD));
        } else if (password.length > MAX_PASSWORD) {
            errors.add(FieldError.of(field, "password.tooLong", "The password may have at most " + MAX_PASSWORD + " characters.", MAX_PASSWORD));
        } else if (hasControl(password)) {
            errors.add(FieldError.of(field, "password.control", "The password may not contain control characters."));
        }
    }

    /**
     * @return whether a password holds a control character (NUL, line breaks, …): such a
     *         password is never valid, neither when set nor when signing in
     */
    public static boolean hasControl(char[] password) {
        if (password == null) {
            return false;
        }
        for (char c : password) {
            if (Character.isISOControl(c)) {
                return true;
            }
        }
        return false;
    }

    public static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
    /**
     * The naming rule of delegate grants (DOMAIN.md): a person invited from a grant that asks
     * for separate delegate grants gets {@code <grant>/<e-mail>}, else everyone invited from it
     * with the same profile shares {@code <grant>/<profile>}. A hand-over names the moved
     * delegates' grants by the same rule for their new inviter's grant.
     */
    public static String delegateGrantName(String parentName, boolean separate, String email, String profileName) {
        return parentName + "/" + (separate ? email : profileName);
    }

    /**
     * Attenuation applied to a stored scope: a person moved to a new inviter keeps only the
     * customers of their own scope that the new inviter sees now.
     *
     * @return the customers kept, in the scope's order
     */
    public static Set<String> attenuate(Collection<String> scope, Collection<String> inviterSees) {
        Set<String> kept = new LinkedHashSet<>(scope);
        kept.retainAll(new HashSet<>(inviterSees));
        return kept;
    }
}
