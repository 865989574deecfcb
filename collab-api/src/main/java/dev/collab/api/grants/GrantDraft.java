package dev.collab.api.grants;

import java.util.List;

/**
 * What an admin submits to create a grant for one person.
 *
 * @param name the grant's name, unique in the tenant, no {@code /}
 * @param profile a profile name, or {@code null} when {@code rights} are given
 * @param rights explicit rights (makes the grant customized), or {@code null} for the profile's
 * @param customers customer ids the person gets
 * @param separateDelegateGrants whether people the member invites get grants of their own
 * @param email the person's e-mail; a new e-mail gets an invitation
 * @param language the person's language for mails ({@code de} or {@code en}), or {@code null} if not known
 */
public record GrantDraft(String name, String profile, List<String> rights, List<String> customers,
    boolean separateDelegateGrants, String email, String language) {

    /** A grant for a person whose language is not known: mails use the tenant's. */
    public GrantDraft(String name, String profile, List<String> rights, List<String> customers,
        boolean separateDelegateGrants, String email) {
        this(name, profile, rights, customers, separateDelegateGrants, email, null);
    }
}
