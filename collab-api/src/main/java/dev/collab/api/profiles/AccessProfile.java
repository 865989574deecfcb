package dev.collab.api.profiles;

import java.util.List;

/**
 * A named template of rights plus the profiles its holders may hand out to people they invite.
 *
 * @param id opaque id
 * @param name unique in the tenant
 * @param description free text, may be empty
 * @param rights right ids, sorted
 * @param delegableProfiles names of the profiles a holder may give to invitees, sorted
 * @param maxValidityMonths the longest validity, in months, of an invitation with this profile; {@code null}: no limit
 *        (since 1.2)
 */
public record AccessProfile(String id, String name, String description, List<String> rights,
    List<String> delegableProfiles, Integer maxValidityMonths) {

    /** Without a validity limit (the 1.1 shape). */
    public AccessProfile(String id, String name, String description, List<String> rights, List<String> delegableProfiles) {
        this(id, name, description, rights, delegableProfiles, null);
    }
}
