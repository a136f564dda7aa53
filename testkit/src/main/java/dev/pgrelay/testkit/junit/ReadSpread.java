package dev.pgrelay.testkit.junit;

import dev.pgrelay.testkit.ClusterException;
import dev.pgrelay.testkit.PgNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which nodes answered a series of reads sent through pgrelay: each read is {@code SELECT inet_server_port()}
 * in its own autocommit transaction on one connection, and the port names the node (the real server port, also
 * behind a fault proxy). "Reads went to replicas" is {@link #assertOnlyReplicasServed()}.
 */
public final class ReadSpread {

    private final Map<PgNode, Integer> counts;
    private final PgNode primary;

    private ReadSpread(Map<PgNode, Integer> counts, PgNode primary) {
        this.counts = counts;
        this.primary = primary;
    }

    static ReadSpread measure(PgRelayEnvironment environment, int reads) {
        Map<PgNode, Integer> counts = new LinkedHashMap<>();
        environment.cluster().nodes().forEach(node -> counts.put(node, 0));
        try (Connection connection = environment.connect(); Statement statement = connection.createStatement()) {
            for (int i = 0; i < reads; i++) {
                try (ResultSet result = statement.executeQuery("SELECT inet_server_port()")) {
                    result.next();
                    counts.merge(nodeWithPort(environment, result.getInt(1)), 1, Integer::sum);
                }
            }
        } catch (SQLException e) {
            throw new ClusterException("reads through pgrelay failed: " + e.getMessage(), e);
        }
        return new ReadSpread(counts, environment.currentPrimary());
    }

    /** How many reads {@code node} answered. */
    public int on(PgNode node) {
        return counts.getOrDefault(node, 0);
    }

    /** How many reads nodes other than the current primary answered. */
    public int onReplicas() {
        return counts.entrySet().stream().filter(entry -> !entry.getKey().equals(primary)).mapToInt(Map.Entry::getValue).sum();
    }

    public Map<PgNode, Integer> counts() {
        return Collections.unmodifiableMap(counts);
    }

    /** Fails if the primary answered any read. */
    public void assertOnlyReplicasServed() {
        if (on(primary) > 0) {
            throw new AssertionError("the primary " + primary + " answered " + on(primary) + " reads: " + this);
        }
    }

    @Override
    public String toString() {
        return "reads per node " + counts;
    }

    private static PgNode nodeWithPort(PgRelayEnvironment environment, int port) {
        return environment.cluster().nodes().stream().filter(node -> node.port() == port).findFirst()
                .orElseThrow(() -> new ClusterException("a read was answered on port " + port + ", no node of " + environment));
    }
}
