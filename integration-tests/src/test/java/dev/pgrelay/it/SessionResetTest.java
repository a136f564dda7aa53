package dev.pgrelay.it;

import static dev.pgrelay.it.Clients.queryLong;
import static dev.pgrelay.it.Clients.queryString;
import static dev.pgrelay.it.Clients.throughRelay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With one server connection shared by consecutive clients, nothing a client did survives it: settings,
 * temp tables, prepared statements and open transactions are reset or rolled back before the next client.
 */
@PgRelayTest(poolMode = "session", poolSize = 1)
class SessionResetTest {

    @BeforeAll
    static void createTable(PgRelayEnvironment env) throws SQLException {
        try (Connection c = throughRelay(env); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS ledger (id serial PRIMARY KEY, note text)");
        }
    }

    @Test
    void theNextClientGetsTheSameServerConnectionWithoutTheFirstClientsState(PgRelayEnvironment env)
            throws SQLException {
        long firstBackend;
        try (Connection first = throughRelay(env); Statement s = first.createStatement()) {
            firstBackend = queryLong(first, "SELECT pg_backend_pid()");
            s.execute("SET statement_timeout = 1234");
            s.execute("SET search_path = nowhere");
            s.execute("CREATE TEMP TABLE scratch (x int)");
            s.execute("PREPARE leftover AS SELECT 1");
        }
        try (Connection second = throughRelay(env)) {
            assertThat(queryLong(second, "SELECT pg_backend_pid()")).isEqualTo(firstBackend);
            assertThat(queryString(second, "SHOW statement_timeout")).isEqualTo("0");
            assertThat(queryString(second, "SHOW search_path")).isEqualTo("\"$user\", public");
            assertThat(queryLong(second, "SELECT count(*) FROM pg_prepared_statements")).isZero();
            assertThat(queryLong(second,
                    "SELECT count(*) FROM pg_class WHERE relname = 'scratch' AND relpersistence = 't'")).isZero();
        }
    }

    @Test
    void aClientThatVanishesMidTransactionLeavesNothingCommittedOrOpen(PgRelayEnvironment env) throws Exception {
        Connection vanishing = throughRelay(env);
        vanishing.setAutoCommit(false);
        try (Statement s = vanishing.createStatement()) {
            s.execute("INSERT INTO ledger (note) VALUES ('never committed')");
        }
        vanishing.abort(Executors.newSingleThreadExecutor());   // drops the socket: no Terminate, no ROLLBACK

        try (Connection next = throughRelay(env)) {
            assertThat(queryLong(next, "SELECT count(*) FROM ledger WHERE note = 'never committed'")).isZero();
            // Not inside the old transaction: that one had a transaction id, a fresh one has none yet.
            assertThat(queryString(next, "SELECT txid_current_if_assigned() IS NULL")).isEqualTo("t");
        }
    }

    @Test
    void startupParametersReachTheServerAndAreReportedBack(PgRelayEnvironment env) throws SQLException {
        var properties = new java.util.Properties();
        properties.setProperty("ApplicationName", "ledger-service");
        properties.setProperty("options", "-c search_path=pg_catalog,public -c statement_timeout=4321");
        properties.setProperty("user", env.user());
        properties.setProperty("password", env.password());
        try (Connection relayed = Clients.throughRelay(env, properties);
             Connection direct = java.sql.DriverManager.getConnection(env.primaryJdbcUrl(), properties)) {
            assertThat(queryString(relayed, "SHOW application_name")).isEqualTo("ledger-service");
            assertThat(queryString(relayed, "SHOW statement_timeout")).isEqualTo("4321ms");
            for (String setting : new String[] {"application_name", "search_path", "statement_timeout", "DateStyle",
                    "TimeZone", "extra_float_digits", "client_encoding"}) {
                assertThat(queryString(relayed, "SHOW " + setting)).as(setting)
                        .isEqualTo(queryString(direct, "SHOW " + setting));
            }
        }
        try (Connection plain = throughRelay(env)) {
            assertThat(queryString(plain, "SHOW statement_timeout")).isEqualTo("0");
        }
    }
}
