package dev.collab.hosted.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.collab.api.accounts.AccountService;

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

    @Test
    void aGeneratedPasswordIsAnnouncedOnceAndTheIndicatorComesUp() throws InterruptedException {
        List<char[]> asked = new CopyOnWriteArrayList<>();
        List<String> announced = new CopyOnWriteArrayList<>();
        SupportLogin login = new SupportLogin(accounts(asked, Optional.of("generated secret")), Map.<String, String>of()::get,
            Map.<String, String>of()::get, announced::add);
        login.deactivate();
        assertTrue(login.isUp());
        assertEquals("support", login.component());
        assertEquals(List.of("generated secret"), announced);
        assertEquals(1, asked.size());
        assertNull(asked.get(0));
    }

    @Test
    void aGivenPasswordIsSetAndNothingIsAnnounced() throws InterruptedException {
        List<char[]> asked = new CopyOnWriteArrayList<>();
        List<String> announced = new CopyOnWriteArrayList<>();
        SupportLogin login = new SupportLogin(accounts(asked, Optional.empty()), Map.of(SupportLogin.PROPERTY, "a support password")::get,
            Map.<String, String>of()::get, announced::add);
        login.deactivate();
        assertTrue(login.isUp());
        assertTrue(announced.isEmpty());
        assertArrayEquals("a support password".toCharArray(), asked.get(0));
    }

    @Test
    void aRefusedPasswordKeepsTheIndicatorDown() throws InterruptedException {
        AccountService refusing = (AccountService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {AccountService.class},
            (proxy, method, args) -> {
                throw new IllegalArgumentException("too short");
            });
        SupportLogin login = new SupportLogin(refusing, Map.of(SupportLogin.PROPERTY, "x")::get, Map.<String, String>of()::get, p -> {
        });
        login.deactivate();
        assertFalse(login.isUp());
    }

    private static AccountService accounts(List<char[]> asked, Optional<String> generated) {
        return (AccountService) Proxy.newProxyInstance(SupportLoginTest.class.getClassLoader(), new Class<?>[] {AccountService.class},
            (proxy, method, args) -> {
                if (method.getName().equals("ensureSupportAccount")) {
                    asked.add((char[]) args[0]);
                    return generated;
                }
                throw new UnsupportedOperationException(method.getName());
            });
    }
}
