package dev.collab.profiles.internal.persistence;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * A pool of connections to a PostgreSQL database that several nodes share. A class of its own,
 * so that the PostgreSQL driver and the pool, optional imports of this bundle, are loaded only
 * when a URL is configured: a container on embedded Derby needs neither bundle. The driver is
 * used through its data source, not {@code DriverManager}, which cannot see other bundles.
 */
final class PostgresPool {
    private final HikariDataSource pool;

    PostgresPool(String url, String user, String password, int size) {
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(url);
        if (user != null && !user.isEmpty()) {
            postgres.setUser(user);
        }
        if (password != null && !password.isEmpty()) {
            postgres.setPassword(password);
        }
        HikariConfig config = new HikariConfig();
        config.setDataSource(postgres);
        config.setPoolName("collab");
        // At least two: the cluster listener keeps one connection for LISTEN, requests need another.
        config.setMaximumPoolSize(Math.max(2, size));
        // Two kept open when idle, so that the first request after a quiet spell does not pay a connect.
        config.setMinimumIdle(2);
        // A database that is not there fails the start within seconds, with the driver's reason.
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(10_000);
        pool = new HikariDataSource(config);
    }

    DataSource dataSource() {
        return pool;
    }

    void close() {
        pool.close();
    }
}
