package dev.pgrelay.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.testkit.Await;
import dev.pgrelay.testkit.PgNode;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.io.InputStream;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A cancel connection is closed, as PostgreSQL closes it, only once the backend has been signalled: a client whose
 * cancel call has returned may send its next statement (libpq's PQcancel, psycopg, pgjdbc wait for that close).
 * PostgreSQL signals a backend twice (postmaster's signal_child: the process, then its group); had pgrelay closed
 * at once, a second signal still on its way could hit that next statement — the psycopg driver test once saw its
 * ROLLBACK cancelled so. Latency between pgrelay and PostgreSQL makes the order visible.
 */
@PgRelayTest(poolMode = "transaction", faultProxy = true)
class CancelDeliveredBeforeCloseTest {
    private static final Duration LATENCY = Duration.ofMillis(300);
    private static final String SLEEP = "SELECT pg_sleep(30) /* cancelled through pgrelay */";

    @Test
    void theCancelConnectionClosesOnlyOncePostgresHasSignalledTheBackend(PgRelayEnvironment env) throws Exception {
        PgNode primary = env.cluster().primary();
        try (RawClient running = new RawClient(env.relayHost(), env.relayPort(), 20_000)) {
            running.login(env.user(), env.password(), env.database());
            running.send(RawClient.query(SLEEP));
            Await.until("the query runs on PostgreSQL", Duration.ofSeconds(10), () -> activeOn(env, primary) == 1);

            env.network(primary).addLatency(LATENCY);
            long closedAfterMillis;
            try (Socket cancel = new Socket(env.relayHost(), env.relayPort())) {
                cancel.setSoTimeout(20_000);
                long sent = System.nanoTime();
                cancel.getOutputStream().write(running.cancelRequest());
                InputStream answer = cancel.getInputStream();
                assertThat(answer.read()).as("no answer, only the close").isEqualTo(-1);
                closedAfterMillis = Duration.ofNanos(System.nanoTime() - sent).toMillis();
            } finally {
                env.network(primary).heal();
            }
            System.out.println("cancel through pgrelay with " + LATENCY.toMillis() + " ms to PostgreSQL: the cancel"
                    + " connection closed after " + closedAfterMillis + " ms");

            assertThat(running.readError()).containsEntry('C', "57014");
            // The forwarded CancelRequest alone waits LATENCY in the fault proxy; closing at once takes ~40 ms.
            assertThat(closedAfterMillis).as("closed after the forwarded cancel reached PostgreSQL")
                    .isGreaterThanOrEqualTo(LATENCY.toMillis() * 3 / 4);
        }
    }

    private static long activeOn(PgRelayEnvironment env, PgNode node) {
        try (Connection direct = node.connect(env.database()); Statement statement = direct.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                     + " AND query = '" + SLEEP + "'")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
