package dev.collab.api.grants;

import java.util.List;

/**
 * What a hand-over ("Ansprechpartner wechselt") did: the leaver's membership ended and the people
 * they had invited now belong to the successor.
 *
 * @param leaver the leaving person's e-mail
 * @param leaverGrant the grant the leaver was a member of
 * @param successor the successor's e-mail
 * @param successorGrant the grant of the successor's membership the delegates now hang from
 * @param moved the people moved, the directly invited ones first (their own delegates follow them)
 * @since 2.1
 */
public record HandOverResult(String leaver, String leaverGrant, String successor, String successorGrant,
    List<MovedMember> moved) {

    /** @return how many people were moved, at every level */
    public int count() {
        return moved.size();
    }
}
