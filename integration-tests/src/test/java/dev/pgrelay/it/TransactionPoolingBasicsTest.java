package dev.pgrelay.it;

import static dev.pgrelay.it.Clients.queryLong;
import static dev.pgrelay.it.Clients.queryString;
import static dev.pgrelay.it.Clients.throughRelay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Transaction pooling: many clients share few server connections, each transaction stays on one of them. */
@PgRelayTest(poolMode = "transaction", poolSize = 2)
class TransactionPoolingBasicsTest {

    @BeforeAll
    static void createTable(PgRelayEnvironment env) throws SQLException {
        try (Connection c = throughRelay(env); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS counters (client int, n int)");
        }
    }

    @Test
    void twentyClientsShareTwoServerConnections(PgRelayEnvironment env) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(20);
        try {
            List<Callable<Long>> clients = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int client = i;
                clients.add(() -> {
                    // pgjdbc's default prepareThreshold: from the 5th execution on, named server statements.
                    try (Connection c = throughRelay(env)) {   // all 20 connected at once
                        for (int n = 0; n < 10; n++) {
                            c.setAutoCommit(false);
                            long pid = queryLong(c, "SELECT pg_backend_pid()");
                            try (Statement s = c.createStatement()) {
                                s.execute("INSERT INTO counters VALUES (" + client + ", " + n + ")");
                            }
                            assertThat(queryLong(c, "SELECT pg_backend_pid()"))
                                    .as("a transaction stays on one server connection").isEqualTo(pid);
                            c.commit();
                            c.setAutoCommit(true);
                        }
                        return queryLong(c, "SELECT count(*) FROM counters WHERE client = " + client);
                    }
                });
            }
            for (Future<Long> result : executor.invokeAll(clients, 120, TimeUnit.SECONDS)) {
                assertThat(result.get()).isEqualTo(10L);
            }
        } finally {
            executor.shutdownNow();
        }
        assertThat(env.relay().poolStats()).allSatisfy(stats -> assertThat(stats.open()).isLessThanOrEqualTo(2));
    }

    @Test
    void aFailedTransactionKeepsItsServerUntilRollback(PgRelayEnvironment env) throws SQLException {
        try (Connection c = throughRelay(env)) {
            c.setAutoCommit(false);
            long pid = queryLong(c, "SELECT pg_backend_pid()");
            assertThatThrownBy(() -> queryString(c, "SELECT 1/0"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22012"));
            assertThatThrownBy(() -> queryString(c, "SELECT 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25P02"));
            c.rollback();
            c.setAutoCommit(true);
            assertThat(queryString(c, "SELECT 'recovered'")).isEqualTo("recovered");
            assertThat(pid).isPositive();
        }
    }
}
