package dev.collab.api.profiles;

import java.util.List;

/**
 * What an admin submits to create or replace a profile.
 *
 * @param name 1 to 100 characters, no {@code /} (it separates grant names), unique in the tenant
 * @param description optional free text up to 1000 characters
 * @param rights right ids from the catalog
 * @param delegableProfiles names of existing profiles (or this profile's own name)
 */
public record ProfileDraft(String name, String description, List<String> rights,
    List<String> delegableProfiles) {
}
