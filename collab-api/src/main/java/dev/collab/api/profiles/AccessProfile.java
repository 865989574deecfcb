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
 */
public record AccessProfile(String id, String name, String description, List<String> rights,
    List<String> delegableProfiles) {
}
