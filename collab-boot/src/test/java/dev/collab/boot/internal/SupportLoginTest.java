package dev.collab.boot.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Test;


/**
 * Where the support password comes from. What the component does with it (the account set,
 * a generated password announced once, the health indicator) is tested against the real
 * account service in the container: ContainerProcessIT and KarafIT.
 */
class SupportLoginTest {

    @Test
    void theFrameworkPropertyWinsOverTheEnvironment() {
        char[] password = SupportLogin.password(Map.of(SupportLogin.PROPERTY, "from the property")::get,
            Map.of(SupportLogin.VARIABLE, "from the environment")::get);
        assertArrayEquals("from the property".toCharArray(), password);
        assertArrayEquals("from the environment".toCharArray(),
            SupportLogin.password(Map.<String, String>of()::get, Map.of(SupportLogin.VARIABLE, "from the environment")::get));
        assertNull(SupportLogin.password(Map.of(SupportLogin.PROPERTY, " ")::get, Map.<String, String>of()::get));
    }
}
