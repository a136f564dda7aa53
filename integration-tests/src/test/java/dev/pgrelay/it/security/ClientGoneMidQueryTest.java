package dev.pgrelay.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.testkit.Await;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A client that goes away in the middle of a long query (an application's request timed out, a process died)
 * must not leave the query running on PostgreSQL, which notices a closed socket only when it writes: a storm of
 * such clients would fill max_connections with work nobody waits for. pgrelay cancels the query, then closes the
 * server connection. A client that says goodbye (Terminate) right after a statement gets it run, as PostgreSQL
 * would.
 */
@PgRelayTest(poolMode = "transaction")
class ClientGoneMidQueryTest {
    private static final String ABANDONED = "SELECT pg_sleep(60) /* abandoned by its client */";

    @Test
    void theQueryOfAClientThatLeftIsCancelled(PgRelayEnvironment env) throws Exception {
        Connection client = env.connect();
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            try (Statement statement = client.createStatement()) {
                statement.execute(ABANDONED);
            } catch (SQLException expected) {
                // the connection is aborted under it
            }
        });
        Await.until("the query runs on PostgreSQL", Duration.ofSeconds(10), () -> runningOnPrimary(env) == 1);

        long left = System.nanoTime();
        client.abort(Runnable::run);   // the socket closes, as when a client process dies
        Await.until("PostgreSQL no longer runs the abandoned query", Duration.ofSeconds(10),
                () -> runningOnPrimary(env) == 0);
        System.out.println("client gone mid-query: PostgreSQL stopped the 60 s query "
                + Duration.ofNanos(System.nanoTime() - left).toMillis() + " ms after its client left");
        running.join();

        try (Connection next = env.connect(); Statement statement = next.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 1")) {
            assertThat(rows.next()).as("pgrelay serves the next client as usual").isTrue();
        }
    }

    @Test
    void aStatementSentJustBeforeTerminateStillRuns(PgRelayEnvironment env) throws Exception {
        try (Connection setup = env.connect(); Statement statement = setup.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS said_goodbye (n int)");
        }
        try (RawClient client = new RawClient(env.relayHost(), env.relayPort(), 5000)) {
            client.login(env.user(), env.password(), env.database());
            client.send(RawClient.query("INSERT INTO said_goodbye SELECT 1 FROM pg_sleep(0.5)"));
            client.send(RawClient.frame('X', new byte[0]));
        }
        Await.until("the INSERT sent before Terminate is committed", Duration.ofSeconds(10),
                () -> rowsOnPrimary(env, "SELECT count(*) FROM said_goodbye") == 1);
    }

    private static long runningOnPrimary(PgRelayEnvironment env) {
        return rowsOnPrimary(env, "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query = '"
                + ABANDONED + "'");
    }

    private static long rowsOnPrimary(PgRelayEnvironment env, String countQuery) {
        try (Connection primary = DriverManager.getConnection(env.primaryJdbcUrl(), env.user(), env.password());
             Statement statement = primary.createStatement();
             ResultSet rows = statement.executeQuery(countQuery)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
