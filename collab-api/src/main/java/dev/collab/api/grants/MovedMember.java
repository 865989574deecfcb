package dev.collab.api.grants;

import java.util.List;

/**
 * One person moved by a hand-over.
 *
 * @param id the membership's id (unchanged: the delegate id of the overview)
 * @param userId the person's account id
 * @param email the person's e-mail
 * @param grantBefore the name of their grant before
 * @param grant the name of their grant now (the naming rule applied for their new inviter)
 * @param direct whether the leaver had invited them (they now are the successor's delegates); the
 *        others were invited by someone below and keep their inviter
 * @param customersDropped customers the person held that the successor does not see, and which
 *        they therefore lost (only for {@code direct} ones: the others are attenuated as always)
 * @since 2.1
 */
public record MovedMember(String id, String userId, String email, String grantBefore, String grant, boolean direct,
    List<String> customersDropped) {
}
