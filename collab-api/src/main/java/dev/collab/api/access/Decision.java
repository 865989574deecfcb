package dev.collab.api.access;

import java.util.List;

/**
 * @param allowed whether the user may use the right on the customer
 * @param via names of the grants that allow it (empty when not allowed)
 */
public record Decision(boolean allowed, List<String> via) {
}
