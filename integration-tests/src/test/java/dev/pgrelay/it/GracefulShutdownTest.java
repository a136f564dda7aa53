package dev.pgrelay.it;

import static dev.pgrelay.it.Clients.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgrelay.PgRelay;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** close() (what SIGTERM runs) lets a running transaction commit, then disconnects its client and stops. */
@PgRelayTest(poolMode = "session", poolSize = 4)
class GracefulShutdownTest {

    @Test
    void aRunningTransactionFinishesBeforeShutdown(PgRelayEnvironment env) throws Exception {
        try (Connection setup = Clients.throughRelay(env); Statement s = setup.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS shutdown_log (note text)");
        }
        PgRelay relay = PgRelay.start(env.config());   // a second instance on its own port, ours to stop
        String url = "jdbc:postgresql://127.0.0.1:" + relay.port() + "/" + env.database();
        Connection busy = DriverManager.getConnection(url, env.user(), env.password());
        Connection idle = DriverManager.getConnection(url, env.user(), env.password());
        busy.setAutoCommit(false);
        try (Statement s = busy.createStatement()) {
            s.execute("INSERT INTO shutdown_log VALUES ('committed during shutdown')");
        }
        CompletableFuture<Void> closing = CompletableFuture.runAsync(relay::close);

        awaitClosed(idle);
        assertThatThrownBy(() -> DriverManager.getConnection(url, env.user(), env.password()))
                .isInstanceOf(SQLException.class);
        assertThat(closing).isNotDone();

        busy.commit();   // the transaction in flight still completes
        closing.get(30, TimeUnit.SECONDS);
        assertThat(busy.isValid(2)).isFalse();
        busy.close();
        idle.close();
        try (Connection check = Clients.throughRelay(env)) {
            assertThat(queryLong(check, "SELECT count(*) FROM shutdown_log WHERE note = 'committed during shutdown'"))
                    .isEqualTo(1);
        }
    }

    private static void awaitClosed(Connection connection) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Statement s = connection.createStatement()) {
                s.execute("SELECT 1");
            } catch (SQLException expected) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(20);   // polling until pgrelay has disconnected the idle client
        }
        throw new AssertionError("the idle client was not disconnected by shutdown");
    }
}
