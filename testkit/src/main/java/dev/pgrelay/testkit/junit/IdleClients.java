package dev.pgrelay.testkit.junit;

import dev.pgrelay.testkit.ClusterException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Client connections opened through pgrelay, used once and then left idle, so a test can check after a fault
 * that pgrelay kept every one of them working: "no connection errors for clients that were idle".
 */
public final class IdleClients implements AutoCloseable {

    private final List<Connection> connections;

    private IdleClients(List<Connection> connections) {
        this.connections = connections;
    }

    static IdleClients open(PgRelayEnvironment environment, int count) {
        List<Connection> connections = new ArrayList<>();
        IdleClients clients = new IdleClients(connections);
        try {
            for (int i = 0; i < count; i++) {
                Connection connection = environment.connect();
                connections.add(connection);
                run(connection, "SELECT 1");
            }
            return clients;
        } catch (SQLException e) {
            clients.close();
            throw new ClusterException("could not open idle clients through pgrelay: " + e.getMessage(), e);
        }
    }

    /** Runs {@code SELECT 1} on every client; fails listing each client that got an error or lost its connection. */
    public void assertAllStillWork() {
        assertAllStillWork("SELECT 1");
    }

    /** Runs {@code sql} on every client; fails listing each client that got an error or lost its connection. */
    public void assertAllStillWork(String sql) {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < connections.size(); i++) {
            try {
                run(connections.get(i), sql);
            } catch (SQLException e) {
                failures.add("client " + i + ": " + e.getSQLState() + " " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " of " + connections.size() + " idle clients failed running "
                    + sql + ":\n  " + String.join("\n  ", failures));
        }
    }

    public int size() {
        return connections.size();
    }

    @Override
    public void close() {
        connections.forEach(WriteProbe::closeQuietly);
    }

    private static void run(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
