package dev.pgrelay.it.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.testkit.PgNode;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Read-your-writes: after a client's write commits, its reads go only to nodes that have replayed it. With one
 * replica's replay paused, insert-then-select through one client sees its row every time.
 */
@PgRelayTest(replicas = 2, poolMode = "transaction", poolSize = 5, config = """
        routing: { read_write_split: true, balance: round_robin, primary_reads: true, max_replica_lag: 1GB, read_your_writes: true }
        health: { interval: 100ms, timeout: 1s, failures_before_down: 3 }
        """)
class ReadYourWritesTest {

    @Test
    void insertThenSelectSeesItsRowAThousandTimesOutOfAThousand(PgRelayEnvironment env) throws SQLException {
        try (Connection setup = DriverManager.getConnection(env.relayJdbcUrl(), env.user(), env.password());
             Statement s = setup.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS orders (id int PRIMARY KEY)");
        }
        env.cluster().replicas().forEach(replica -> Topologies.awaitReplica(env.relay(), replica));
        PgNode paused = env.cluster().replicas().get(0);
        paused.pauseReplay();
        int seen = 0;
        Map<Integer, Integer> readsByPort = new HashMap<>();
        try (Connection c = DriverManager.getConnection(env.relayJdbcUrl(), env.user(), env.password());
             PreparedStatement insert = c.prepareStatement("INSERT INTO orders VALUES (?)");
             PreparedStatement select = c.prepareStatement(
                     "SELECT count(*), inet_server_port() FROM orders WHERE id = ?")) {
            for (int id = 1; id <= 1000; id++) {
                insert.setInt(1, id);
                insert.executeUpdate();
                select.setInt(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    seen += rows.getInt(1);
                    readsByPort.merge(rows.getInt(2), 1, Integer::sum);
                }
            }
        } finally {
            paused.resumeReplay();
        }
        System.out.printf("read-your-writes: %d/1000 rows seen; reads by node port: %s (paused replica %d)%n",
                seen, readsByPort, paused.port());
        assertThat(seen).isEqualTo(1000);
        assertThat(readsByPort).doesNotContainKey(paused.port());
    }
}
