package dev.pgrelay.it;

import static dev.pgrelay.it.Clients.queryLong;
import static dev.pgrelay.it.Clients.queryString;
import static dev.pgrelay.it.Clients.throughRelay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.proxy.sql.PinReason;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * With ONE server connection shared by every client (pool size 1), nothing a client sets leaks to another:
 * settings are tracked and replayed per client, and what cannot be replayed pins the client to its connection.
 */
@PgRelayTest(poolMode = "transaction", poolSize = 1, config = "pool: { mode: transaction, size: 1, wait_timeout: 5s }")
class SessionStateInTransactionModeTest {

    @Test
    void clientASetStatementTimeoutNeverAffectsClientB(PgRelayEnvironment env) throws SQLException {
        try (Connection a = throughRelay(env); Connection b = throughRelay(env); Statement sa = a.createStatement()) {
            long serverOfA = queryLong(a, "SELECT pg_backend_pid()");
            sa.execute("SET statement_timeout = 1");
            assertThat(queryLong(b, "SELECT pg_backend_pid()")).as("the same server connection").isEqualTo(serverOfA);
            assertThat(queryString(b, "SHOW statement_timeout")).isEqualTo("0");
            assertThat(queryString(b, "SELECT pg_sleep(0.05)::text")).isEmpty();   // would be cancelled at 1 ms
            assertThat(queryString(a, "SHOW statement_timeout")).isEqualTo("1ms");
            assertThat(queryString(b, "SHOW statement_timeout")).isEqualTo("0");
        }
    }

    @Test
    void aSettingChangedInsideARolledBackTransactionDoesNotStick(PgRelayEnvironment env) throws SQLException {
        try (Connection a = throughRelay(env); Connection b = throughRelay(env)) {
            a.setAutoCommit(false);
            try (Statement s = a.createStatement()) {
                s.execute("SET search_path = pg_catalog");
            }
            a.rollback();
            a.setAutoCommit(true);
            assertThat(queryString(b, "SHOW search_path")).isEqualTo("\"$user\", public");
            assertThat(queryString(a, "SHOW search_path")).isEqualTo("\"$user\", public");
        }
    }

    @Test
    void resetReturnsToTheValueTheClientConnectedWithAsOnADirectConnection(PgRelayEnvironment env)
            throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", env.user());
        properties.setProperty("password", env.password());
        properties.setProperty("options", "-c statement_timeout=4321");   // a StartupMessage setting
        String[] script = {"SHOW statement_timeout", "SET statement_timeout = 1000", "SHOW statement_timeout",
            "RESET statement_timeout", "SHOW statement_timeout", "SET statement_timeout = 2000", "RESET ALL",
            "SHOW statement_timeout"};
        try (Connection relayed = throughRelay(env, properties); Connection other = throughRelay(env);
             Connection direct = java.sql.DriverManager.getConnection(env.primaryJdbcUrl(), properties)) {
            for (String statement : script) {
                String throughPgrelay = run(relayed, statement);
                queryString(other, "SELECT 1");   // another client uses the one server connection in between
                assertThat(throughPgrelay).as(statement).isEqualTo(run(direct, statement));
            }
            assertThat(queryString(relayed, "SHOW statement_timeout")).isEqualTo("4321ms");
            assertThat(queryString(other, "SHOW statement_timeout")).isEqualTo("0");
        }
    }

    private static String run(Connection connection, String statement) throws SQLException {
        try (Statement s = connection.createStatement()) {
            if (!s.execute(statement)) {
                return "(no rows)";
            }
            try (var rows = s.getResultSet()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    @Test
    void temporaryTablesPinTheClientAndNeverLeak(PgRelayEnvironment env) throws Exception {
        long pinsBefore = env.relay().pinnedClients(PinReason.TEMP_OBJECT);
        try (Connection a = throughRelay(env); Statement s = a.createStatement()) {
            s.execute("CREATE TEMP TABLE scratchpad (x int)");
            s.execute("INSERT INTO scratchpad VALUES (42)");
            assertThat(queryLong(a, "SELECT x FROM scratchpad")).isEqualTo(42);
            assertThat(env.relay().pinnedClients(PinReason.TEMP_OBJECT)).isEqualTo(pinsBefore + 1);
        }
        // A disconnected its pinned connection: it was reset before anyone else got it.
        try (Connection b = throughRelay(env)) {
            assertThat(queryLong(b, "SELECT count(*) FROM pg_class WHERE relname = 'scratchpad'")).isZero();
        }
    }

    @Test
    void listenPinsTheClientSoNotificationsArrive(PgRelayEnvironment env) throws Exception {
        try (Connection listener = throughRelay(env); Statement s = listener.createStatement()) {
            s.execute("LISTEN pinned_channel");
            assertThat(env.relay().pinnedClients(PinReason.LISTEN)).isPositive();
            s.execute("NOTIFY pinned_channel, 'to myself'");
            var notifications = listener.unwrap(org.postgresql.PGConnection.class).getNotifications(5_000);
            assertThat(notifications).isNotNull();
            assertThat(notifications.length).isEqualTo(1);
        }
    }
}
