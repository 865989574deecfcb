package dev.collab.api.grants;

import java.util.List;

/**
 * A grant and its members.
 *
 * @param id opaque id
 * @param name unique in the tenant; delegate grants are named {@code <parent>/<e-mail>} or {@code <parent>/<profile>}
 * @param profile the profile's name, or {@code null}
 * @param rights the effective rights: the customization if {@code customized}, else the profile's
 * @param customized whether the admin set rights that deviate from the profile
 * @param separateDelegateGrants whether each person invited by a member gets a grant of their own
 * @param parentGrant name of the grant whose member created this one, or {@code null}
 * @param parentGrantId id of that grant, or {@code null}
 * @param members the people attached
 */
public record Grant(String id, String name, String profile, List<String> rights, boolean customized,
    boolean separateDelegateGrants, String parentGrant, String parentGrantId, List<Member> members) {
}
