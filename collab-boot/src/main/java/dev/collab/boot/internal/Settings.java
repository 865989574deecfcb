package dev.collab.boot.internal;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The launcher contract of API.md. Each setting comes from the framework property
 * {@code collab.<name>} (for tests and embedding) or else the environment variable
 * {@code COLLAB_<NAME>}, or else its default.
 */
record Settings(int httpPort, Path dataDir, Path deployDir, String supportPassword, String baseUrl, String mailFrom,
    Smtp smtp, Path configDir, Db db, String outboxKey) {

    /** SMTP settings, present only when COLLAB_SMTP_HOST is set. */
    record Smtp(String host, int port, String user, String password, boolean starttls) {
    }

    /** A shared PostgreSQL database, present only when COLLAB_DB_URL is set; else the embedded Derby in the data folder. */
    record Db(String url, String user, String password) {
    }


    static Settings read(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        Source source = new Source(properties, environment);
        String portText = source.get("http.port", "COLLAB_HTTP_PORT", "8080");
        int port;
        try {
            port = Integer.parseInt(portText.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("COLLAB_HTTP_PORT must be a port number, not '" + portText + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("COLLAB_HTTP_PORT must be between 0 and 65535, not " + port);
        }
        Path data = Path.of(source.get("data.dir", "COLLAB_DATA_DIR", "data")).toAbsolutePath().normalize();
        String deployText = source.get("deploy.dir", "COLLAB_DEPLOY_DIR", null);
        Path deploy = deployText == null ? data.resolve("deploy") : Path.of(deployText).toAbsolutePath().normalize();
        String password = source.get("support.password", "COLLAB_SUPPORT_PASSWORD", null);
        String base = stripSlash(source.get("base.url", "COLLAB_BASE_URL", "http://localhost:" + port));
        String from = source.get("mail.from", "COLLAB_MAIL_FROM", "collab@localhost");
        Smtp smtp = null;
        String smtpHost = source.get("smtp.host", "COLLAB_SMTP_HOST", null);
        if (smtpHost != null) {
            String smtpPort = source.get("smtp.port", "COLLAB_SMTP_PORT", "25");
            int parsed;
            try {
                parsed = Integer.parseInt(smtpPort.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("COLLAB_SMTP_PORT must be a port number, not '" + smtpPort + "'");
            }
            smtp = new Smtp(smtpHost.trim(), parsed, source.get("smtp.user", "COLLAB_SMTP_USER", ""),
                source.get("smtp.password", "COLLAB_SMTP_PASSWORD", ""),
                Boolean.parseBoolean(source.get("smtp.starttls", "COLLAB_SMTP_STARTTLS", "false").trim()));
        }
        String configText = source.get("config.dir", "COLLAB_CONFIG_DIR", null);
        Path config = configText == null ? data.resolve("config") : Path.of(configText).toAbsolutePath().normalize();
        Db db = null;
        String dbUrl = source.get("db.url", "COLLAB_DB_URL", null);
        if (dbUrl != null) {
            if (!dbUrl.trim().startsWith("jdbc:postgresql:")) {
                // Derby needs no URL (it lives in the data folder); any other engine is not supported.
                throw new IllegalArgumentException("COLLAB_DB_URL must be a PostgreSQL URL (jdbc:postgresql://host:port/database), not '"
                    + dbUrl + "'; leave it unset for the embedded database");
            }
            db = new Db(dbUrl.trim(), source.get("db.user", "COLLAB_DB_USER", ""), source.get("db.password", "COLLAB_DB_PASSWORD", ""));
        }
        String outboxKey = source.get("outbox.key", "COLLAB_OUTBOX_KEY", "");
        return new Settings(port, data, deploy, password, base, from, smtp, config, db, outboxKey);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private record Source(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        String get(String property, String variable, String fallback) {
            String value = properties.apply("collab." + property);
            if (value == null || value.isBlank()) {
                value = environment.apply(variable);
            }
            return value == null || value.isBlank() ? fallback : value;
        }
    }
}
