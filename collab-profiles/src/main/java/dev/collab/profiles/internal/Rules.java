package dev.collab.profiles.internal;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.collab.api.FieldError;

/** Input rules shared by the services of this bundle. Each check adds to a list of field errors. */
public final class Rules {
    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    // Deliberately simple: one @, no blanks, a dot in the domain. The mail server is the final judge.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    // Control and invisible format characters (bidi overrides, zero-width) and line separators.
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Cf}\\u2028\\u2029]");
    public static final int MIN_PASSWORD = 12;
    public static final int MAX_PASSWORD = 200;

    private Rules() {
    }

    public static boolean isTenantId(String id) {
        return id != null && TENANT_ID.matcher(id).matches();
    }

    /** @return the trimmed e-mail, or {@code null} after adding an error */
    public static String email(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "An e-mail address is required."));
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.length() > 254 || key(trimmed).length() > 254 || CONTROL.matcher(trimmed).find()
            || !EMAIL.matcher(trimmed).matches()) {
            errors.add(new FieldError(field, "'" + abbreviate(trimmed) + "' is not a valid e-mail address."));
            return null;
        }
        return trimmed;
    }

    public static String key(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    /** @return the trimmed name, or {@code null} after adding an error */
    public static String name(String field, String value, int max, boolean allowSlash, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "A name is required."));
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            errors.add(new FieldError(field, "A name is required."));
            return null;
        }
        // The lower-cased key is stored too, and can be longer than the name (e.g. "İ").
        if (trimmed.length() > max || key(trimmed).length() > max) {
            errors.add(new FieldError(field, "The name may have at most " + max + " characters."));
            return null;
        }
        if (CONTROL.matcher(trimmed).find()) {
            errors.add(new FieldError(field, "The name may not contain control characters."));
            return null;
        }
        if (!allowSlash && trimmed.indexOf('/') >= 0) {
            errors.add(new FieldError(field, "The name may not contain '/': it separates the parts of grant names."));
            return null;
        }
        return trimmed;
    }

    public static void password(String field, char[] password, List<FieldError> errors) {
        if (password == null || password.length < MIN_PASSWORD) {
            errors.add(new FieldError(field, "The password needs at least " + MIN_PASSWORD + " characters."));
        } else if (password.length > MAX_PASSWORD) {
            errors.add(new FieldError(field, "The password may have at most " + MAX_PASSWORD + " characters."));
        }
    }

    public static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
