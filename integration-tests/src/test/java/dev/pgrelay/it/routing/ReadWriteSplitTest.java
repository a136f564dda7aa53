package dev.pgrelay.it.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.testkit.PgNode;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Read/write splitting with a primary and two replicas: reads land on replicas, everything else on the primary. */
@PgRelayTest(replicas = 2, poolMode = "transaction", poolSize = 5, config = """
        routing: { read_write_split: true, balance: round_robin, primary_reads: false, max_replica_lag: 16MB }
        health: { interval: 200ms, timeout: 1s, failures_before_down: 3 }
        """)
class ReadWriteSplitTest {

    @BeforeAll
    static void setUp(PgRelayEnvironment env) throws SQLException {
        try (Connection c = connect(env); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS events (id serial PRIMARY KEY, note text)");
            s.execute("CREATE SEQUENCE IF NOT EXISTS tickets");
        }
        env.cluster().awaitReplicasCaughtUp(java.time.Duration.ofSeconds(30));
        env.cluster().replicas().forEach(replica -> Topologies.awaitReplica(env.relay(), replica));
    }

    static Connection connect(PgRelayEnvironment env) throws SQLException {
        return DriverManager.getConnection(env.relayJdbcUrl(), env.user(), env.password());
    }

    private static int port(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static Set<Integer> replicaPorts(PgRelayEnvironment env) {
        return env.cluster().replicas().stream().map(PgNode::port).collect(Collectors.toSet());
    }

    @Test
    void readsLandOnReplicasRoundRobin(PgRelayEnvironment env) throws SQLException {
        Map<Integer, Integer> share = new HashMap<>();
        try (Connection c = connect(env)) {
            for (int i = 0; i < 60; i++) {
                share.merge(port(c, "SELECT inet_server_port()"), 1, Integer::sum);
            }
            try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT pg_is_in_recovery()")) {
                rows.next();
                assertThat(rows.getBoolean(1)).isTrue();
            }
        }
        assertThat(share.keySet()).isEqualTo(replicaPorts(env));
        assertThat(share.values()).allSatisfy(count -> assertThat(count).isBetween(25, 35));
    }

    @Test
    void writesTransactionsHintsAndVolatileFunctionsGoToThePrimary(PgRelayEnvironment env) throws SQLException {
        int primary = env.cluster().primary().port();
        try (Connection c = connect(env)) {
            assertThat(port(c, "INSERT INTO events (note) VALUES ('w') RETURNING inet_server_port()")).isEqualTo(primary);
            assertThat(port(c, "/* pgrelay:primary */ SELECT inet_server_port()")).isEqualTo(primary);
            assertThat(port(c, "SELECT inet_server_port() FROM (SELECT nextval('tickets')) t")).isEqualTo(primary);
            assertThat(port(c, "WITH d AS (DELETE FROM events WHERE note = 'none' RETURNING 1) "
                    + "SELECT inet_server_port()")).isEqualTo(primary);
            c.setAutoCommit(false);   // a read-write transaction runs on the primary, reads included
            assertThat(port(c, "SELECT inet_server_port()")).isEqualTo(primary);
            c.commit();
        }
    }

    @Test
    void aReadOnlyTransactionRunsOnAReplica(PgRelayEnvironment env) throws SQLException {
        try (Connection c = connect(env)) {
            c.setReadOnly(true);   // pgjdbc sends BEGIN READ ONLY
            c.setAutoCommit(false);
            int first = port(c, "SELECT inet_server_port()");
            assertThat(replicaPorts(env)).contains(first);
            assertThat(port(c, "SELECT inet_server_port()")).as("the whole transaction on one replica").isEqualTo(first);
            c.commit();
        }
    }

    @Test
    void aWriteRightAfterAReadOnTheSameConnectionStillReachesThePrimary(PgRelayEnvironment env) throws SQLException {
        int primary = env.cluster().primary().port();
        try (Connection c = connect(env)) {
            for (int i = 0; i < 20; i++) {
                assertThat(replicaPorts(env)).contains(port(c, "SELECT inet_server_port()"));
                assertThat(port(c, "INSERT INTO events (note) VALUES ('x') RETURNING inet_server_port()"))
                        .isEqualTo(primary);
            }
        }
    }
}
