package dev.pgrelay.it;

import static dev.pgrelay.it.Clients.queryLong;
import static dev.pgrelay.it.Clients.queryString;
import static dev.pgrelay.it.Clients.throughRelay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * In transaction pooling a client outlives its server connection: what was in flight fails with 08006, a
 * transaction that was open is answered as aborted until the client ends it, and the next transaction runs on a
 * fresh server connection — on the same client connection.
 */
@PgRelayTest(poolMode = "transaction", poolSize = 2)
class LostServerConnectionTest {

    @BeforeAll
    static void createTable(PgRelayEnvironment env) throws SQLException {
        try (Connection c = throughRelay(env); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS journal (note text)");
        }
    }

    private static void terminate(PgRelayEnvironment env, long backendPid) throws SQLException {
        try (Connection direct = DriverManager.getConnection(env.primaryJdbcUrl(), env.user(), env.password())) {
            assertThat(queryString(direct, "SELECT pg_terminate_backend(" + backendPid + ")")).isEqualTo("t");
        }
    }

    @Test
    void aTransactionWhoseServerDiesIsAbortedAndTheClientCarriesOn(PgRelayEnvironment env) throws Exception {
        Properties simple = new Properties();
        simple.setProperty("prepareThreshold", "0");
        try (Connection c = throughRelay(env, simple)) {
            c.setAutoCommit(false);
            long pid = queryLong(c, "SELECT pg_backend_pid()");
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO journal VALUES ('lost with its server')");
            }
            terminate(env, pid);
            assertThatThrownBy(() -> queryLong(c, "SELECT 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isIn("25P02", "08006"));
            c.rollback();
            c.setAutoCommit(true);
            assertThat(queryLong(c, "SELECT count(*) FROM journal WHERE note = 'lost with its server'")).isZero();
            assertThat(queryLong(c, "SELECT pg_backend_pid()")).isNotEqualTo(pid);
        }
    }

    @Test
    void aStatementRunningWhenItsServerDiesFailsWith08006(PgRelayEnvironment env) throws Exception {
        try (Connection c = throughRelay(env); Connection direct =
                DriverManager.getConnection(env.primaryJdbcUrl(), env.user(), env.password())) {
            CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
                try {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (System.nanoTime() < deadline) {
                        long pid = queryLong(direct, "SELECT coalesce(max(pid), 0) FROM pg_stat_activity "
                                + "WHERE query = 'SELECT pg_sleep(20)' AND state = 'active'");
                        if (pid != 0) {
                            queryString(direct, "SELECT pg_terminate_backend(" + pid + ")");
                            return;
                        }
                        TimeUnit.MILLISECONDS.sleep(20);   // polling until the statement is running
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThatThrownBy(() -> queryString(c, "SELECT pg_sleep(20)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("08006");
                        assertThat(e.getMessage()).contains("was lost");
                    });
            killer.get(15, TimeUnit.SECONDS);
            assertThat(queryString(c, "SELECT 'same client connection, new server'"))
                    .isEqualTo("same client connection, new server");
        }
    }
}
