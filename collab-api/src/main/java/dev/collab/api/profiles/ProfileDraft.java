package dev.collab.api.profiles;

import java.util.List;

/**
 * What an admin submits to create or replace a profile.
 *
 * @param name 1 to 100 characters, no {@code /} (it separates grant names), unique in the tenant
 * @param description optional free text up to 1000 characters
 * @param rights right ids from the catalog
 * @param delegableProfiles names of existing profiles (or this profile's own name)
 * @param maxValidityMonths the longest validity ("gültig bis"), in months from the day of the invitation, a holder of a
 *        delegating profile may give to people they invite with this profile, 1 to 120; {@code null}: no limit (since 1.2)
 */
public record ProfileDraft(String name, String description, List<String> rights,
    List<String> delegableProfiles, Integer maxValidityMonths) {

    /** Without a validity limit (the 1.1 shape). */
    public ProfileDraft(String name, String description, List<String> rights, List<String> delegableProfiles) {
        this(name, description, rights, delegableProfiles, null);
    }
}
