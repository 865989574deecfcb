package dev.collab.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Base64;

/** HTTP Basic credentials; support signs in as "support", everybody else with their e-mail. */
public record Login(String user, String password) {

    /** The value of the {@code Authorization} header. */
    public String header() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
    }
}
