package dev.collab.api.access;

import java.util.List;

/**
 * @param id the customer's id
 * @param rights the rights the user has on it, sorted
 */
public record CustomerAccess(String id, List<String> rights) {
}
