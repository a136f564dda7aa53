package dev.pgrelay.it;

import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Small JDBC helpers shared by the integration tests: connect through pgrelay and read single values. */
final class Clients {
    private Clients() {
    }

    static Connection throughRelay(PgRelayEnvironment env) throws SQLException {
        return DriverManager.getConnection(env.relayJdbcUrl(), env.user(), env.password());
    }

    static Connection throughRelay(PgRelayEnvironment env, Properties extra) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", env.user());
        properties.setProperty("password", env.password());
        properties.putAll(extra);
        return DriverManager.getConnection(env.relayJdbcUrl(), properties);
    }

    static String queryString(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new AssertionError("no row for " + sql);
            }
            return rows.getString(1);
        }
    }

    static long queryLong(Connection connection, String sql) throws SQLException {
        return Long.parseLong(queryString(connection, sql));
    }
}
