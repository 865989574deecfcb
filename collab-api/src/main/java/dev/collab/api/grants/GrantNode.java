package dev.collab.api.grants;

import java.util.List;

/**
 * One level of the delegation tree below a grant.
 *
 * @param grant the grant's name
 * @param grantId the grant's id
 * @param profile the grant's profile name, or {@code null}
 * @param members the grant's members
 * @param children the grants its members created by inviting
 */
public record GrantNode(String grant, String grantId, String profile, List<Member> members, List<GrantNode> children) {
}
