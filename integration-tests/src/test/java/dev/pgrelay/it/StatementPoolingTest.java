package dev.pgrelay.it;

import static dev.pgrelay.it.Clients.queryLong;
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
import org.junit.jupiter.api.Test;

/** Statement pooling: every statement may run on another server connection; transaction blocks are refused. */
@PgRelayTest(poolMode = "statement", poolSize = 2)
class StatementPoolingTest {

    @Test
    void autocommitStatementsFromManyClientsShareTwoServers(PgRelayEnvironment env) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(10);
        try {
            List<Callable<Long>> clients = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                long n = i;
                clients.add(() -> {
                    try (Connection c = throughRelay(env)) {
                        long sum = 0;
                        for (int k = 0; k < 20; k++) {
                            sum += queryLong(c, "SELECT " + n + " + " + k);
                        }
                        return sum;
                    }
                });
            }
            List<Future<Long>> results = executor.invokeAll(clients, 60, TimeUnit.SECONDS);
            for (int i = 0; i < 10; i++) {
                assertThat(results.get(i).get()).isEqualTo(20L * i + 190);
            }
        } finally {
            executor.shutdownNow();
        }
        assertThat(env.relay().poolStats()).allSatisfy(stats -> assertThat(stats.open()).isLessThanOrEqualTo(2));
    }

    @Test
    void anExplicitTransactionGetsAClearError(PgRelayEnvironment env) throws SQLException {
        try (Connection c = throughRelay(env)) {
            c.setAutoCommit(false);
            assertThatThrownBy(() -> queryLong(c, "SELECT 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("0A000");
                        assertThat(e.getMessage()).contains("transaction blocks are not allowed in statement pooling mode");
                    });
        }
        try (Connection next = throughRelay(env); Statement s = next.createStatement()) {
            // The server connection was rolled back and reused: no transaction leaks into the next client.
            assertThat(queryLong(next, "SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'"))
                    .isZero();
            s.execute("SELECT 1");
        }
    }
}
