package dev.collab.api.delegation;

/**
 * A profile the user may give to an invitee.
 *
 * @param name the profile's name
 * @param description its description
 * @param maxValidityMonths the longest validity an invitation with it may have, in months; {@code null}: no limit (since 2.3)
 */
public record ProfileOption(String name, String description, Integer maxValidityMonths) {

    /** Without the validity limit (the 2.2 shape). */
    public ProfileOption(String name, String description) {
        this(name, description, null);
    }
}
