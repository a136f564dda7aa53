package dev.pgrelay.it.drivers;

import dev.pgrelay.it.drivers.WorkloadTally.Step;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** pgjdbc in the driver matrix: the workload on fifty threads, one connection each, with pgjdbc's defaults. */
class PgjdbcDriverTest extends DriverMatrixTest {

    private static final long RUN_DEADLINE_SECONDS = 45;

    @Override
    String runWorkload(PgRelayEnvironment env, int clients) throws Exception {
        recreateNotesTable(env);
        WorkloadTally tally = new WorkloadTally();
        CyclicBarrier allConnected = new CyclicBarrier(clients);
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        ScheduledExecutorService canceller = Executors.newSingleThreadScheduledExecutor();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                int number = client;
                running.add(threads.submit(() -> runClient(env, number, tally, allConnected, canceller)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RUN_DEADLINE_SECONDS);
            for (int client = 0; client < clients; client++) {
                try {
                    running.get(client).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    tally.failed(client, "run", new AssertionError("did not finish within " + RUN_DEADLINE_SECONDS + " s"));
                }
            }
        } finally {
            threads.shutdownNow();
            canceller.shutdownNow();
        }
        return tally.summary(clients).toJson();
    }

    private static Void runClient(PgRelayEnvironment env, int client, WorkloadTally tally, CyclicBarrier allConnected,
                                  ScheduledExecutorService canceller) throws Exception {
        Connection connection = null;
        try {
            connection = connect(env);
            tally.succeeded(Step.CONNECTED);
        } catch (SQLException e) {
            tally.failed(client, "connect", e);
        }
        allConnected.await(30, TimeUnit.SECONDS);   // a client that failed to connect still counts as arrived
        if (connection == null) {
            return null;
        }
        try (Connection open = connection) {
            PgjdbcClient steps = new PgjdbcClient(open, client, canceller);
            tally.attempt(client, Step.SIMPLE, steps::simple);
            tally.attempt(client, Step.EXTENDED, steps::extended);
            tally.attempt(client, Step.PREPARED, steps::prepared);
            tally.attempt(client, Step.TRANSACTIONS, steps::transactions);
            tally.attempt(client, Step.CANCELLED, steps::cancelled);
        }
        return null;
    }

    /** pgjdbc's defaults, except that a plain Statement uses the simple query protocol, so all three are covered. */
    private static Connection connect(PgRelayEnvironment env) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", env.user());
        properties.setProperty("password", env.password());
        properties.setProperty("preferQueryMode", "extendedForPrepared");
        return DriverManager.getConnection(env.relayJdbcUrl(), properties);
    }

    private static void recreateNotesTable(PgRelayEnvironment env) throws SQLException {
        try (Connection connection = connect(env); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS driver_notes");
            statement.execute("CREATE TABLE driver_notes (client int, note text)");
        }
    }
}
