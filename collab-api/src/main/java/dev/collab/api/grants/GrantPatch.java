package dev.collab.api.grants;

import java.util.List;

/**
 * A partial change of a grant by an admin.
 *
 * @param setRights whether {@code rights} is part of the change
 * @param rights new rights (customizes the grant), or {@code null} to return to the profile's
 * @param profile new profile name, or {@code null} to keep it
 * @param separateDelegateGrants new flag, or {@code null} to keep it
 */
public record GrantPatch(boolean setRights, List<String> rights, String profile, Boolean separateDelegateGrants) {
}
