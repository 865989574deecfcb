package dev.collab.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaultsFollowTheLauncherContract() {
        Settings s = Settings.read(k -> null, k -> null);
        assertEquals(8080, s.httpPort());
        assertEquals(Path.of("data").toAbsolutePath().normalize(), s.dataDir());
        assertEquals(s.dataDir().resolve("deploy"), s.deployDir());
        assertNull(s.supportPassword());
        assertEquals("http://localhost:8080", s.baseUrl());
    }

    @Test
    void environmentVariablesAreRead() {
        Map<String, String> env = Map.of("COLLAB_HTTP_PORT", "9090", "COLLAB_DATA_DIR", "/tmp/c",
            "COLLAB_SUPPORT_PASSWORD", "secret-secret", "COLLAB_BASE_URL", "https://portal.example/");
        Settings s = Settings.read(k -> null, env::get);
        assertEquals(9090, s.httpPort());
        assertEquals(Path.of("/tmp/c"), s.dataDir());
        assertEquals(Path.of("/tmp/c/deploy"), s.deployDir());
        assertEquals("secret-secret", s.supportPassword());
        assertEquals("https://portal.example", s.baseUrl());
    }

    @Test
    void frameworkPropertiesWinOverTheEnvironment() {
        Settings s = Settings.read(Map.of("collab.http.port", "7000", "collab.deploy.dir", "/srv/d")::get,
            Map.of("COLLAB_HTTP_PORT", "9090")::get);
        assertEquals(7000, s.httpPort());
        assertEquals(Path.of("/srv/d"), s.deployDir());
    }

    @Test
    void smtpIsOffWithoutAHostAndReadWithOne() {
        assertNull(Settings.read(k -> null, k -> null).smtp());
        Settings s = Settings.read(k -> null, Map.of("COLLAB_SMTP_HOST", "mail.example", "COLLAB_SMTP_PORT", "587",
            "COLLAB_SMTP_USER", "u", "COLLAB_SMTP_PASSWORD", "p", "COLLAB_SMTP_STARTTLS", "true",
            "COLLAB_MAIL_FROM", "portal@broker.example")::get);
        assertEquals(new Settings.Smtp("mail.example", 587, "u", "p", true), s.smtp());
        assertEquals("portal@broker.example", s.mailFrom());
    }

    @Test
    void aBadPortIsRefusedWithItsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Settings.read(k -> null, Map.of("COLLAB_HTTP_PORT", "eighty")::get));
        assertEquals("COLLAB_HTTP_PORT must be a port number, not 'eighty'", e.getMessage());
    }
}
