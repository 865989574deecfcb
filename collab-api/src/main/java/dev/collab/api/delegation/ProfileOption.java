package dev.collab.api.delegation;

/**
 * A profile the user may give to an invitee.
 *
 * @param name the profile's name
 * @param description its description
 */
public record ProfileOption(String name, String description) {
}
