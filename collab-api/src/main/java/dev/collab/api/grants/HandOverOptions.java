package dev.collab.api.grants;

import java.util.List;

/**
 * What the confirmation of a removal offers: how many more people a plain removal would take
 * with it (everyone the person invited, at every level), and who could take them over instead.
 *
 * @param cascade how many people below the person a removal removes too
 * @param delegates how many people the person invited directly
 * @param successors who may take them over, by e-mail
 * @since 2.1
 */
public record HandOverOptions(int cascade, int delegates, List<Successor> successors) {
}
