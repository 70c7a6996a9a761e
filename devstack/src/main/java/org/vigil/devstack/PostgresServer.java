package org.vigil.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.lang.ProcessBuilder.Redirect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a real PostgreSQL server (the binaries zonky ships on Maven Central) for `./vigil up`, keeping its data between
 * runs, and makes sure the role and database the services are configured with exist. Runs until it is told to stop
 * (SIGTERM), then shuts the server down cleanly.
 *
 * <p>Usage: {@code PostgresServer <data-dir> <port> <database> <user> <password> <log-file>}
 */
public final class PostgresServer {

    private PostgresServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: PostgresServer <data-dir> <port> <database> <user> <password> <log-file>");
            System.exit(2);
        }
        File dataDir = new File(args[0]);
        int port = Integer.parseInt(args[1]);
        String database = args[2];
        String user = args[3];
        String password = args[4];
        File logFile = new File(args[5]);

        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .setOutputRedirector(Redirect.appendTo(logFile))
                .setErrorRedirector(Redirect.appendTo(logFile))
                .setRegisterShutdownHook(true)
                .start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            ensureRoleAndDatabase(connection, database, user, password);
        }
        System.out.println("PostgreSQL ready on 127.0.0.1:" + port + ", database " + database);
        new CountDownLatch(1).await();
    }

    private static void ensureRoleAndDatabase(Connection connection, String database, String user, String password)
            throws SQLException {
        if (!exists(connection, "select 1 from pg_roles where rolname = ?", user)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("create role " + quoteIdentifier(user) + " login password "
                        + quoteLiteral(password));
            }
        }
        if (!exists(connection, "select 1 from pg_database where datname = ?", database)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("create database " + quoteIdentifier(database) + " owner "
                        + quoteIdentifier(user));
            }
        }
    }

    private static boolean exists(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String quoteLiteral(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }
}
