package dev.pgrelay.it;

import static dev.pgrelay.it.Clients.queryLong;
import static dev.pgrelay.it.Clients.queryString;
import static dev.pgrelay.it.Clients.throughRelay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgrelay.proxy.pool.PoolStats;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
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
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.copy.CopyManager;

/** Session pooling through pgrelay with pgjdbc against a real primary and replica. */
@PgRelayTest(replicas = 1, poolMode = "session", poolSize = 10)
class SessionPoolingTest {

    @BeforeAll
    static void createTable(PgRelayEnvironment env) throws SQLException {
        try (Connection c = throughRelay(env); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS items (id int PRIMARY KEY, name text)");
        }
    }

    @Test
    void queriesReachThePrimaryNotTheReplica(PgRelayEnvironment env) throws SQLException {
        try (Connection c = throughRelay(env)) {
            assertThat(queryString(c, "SELECT pg_is_in_recovery()")).isEqualTo("f");
            assertThat(queryLong(c, "SELECT inet_server_port()")).isEqualTo(env.cluster().primary().port());
        }
    }

    @Test
    void preparedStatementsAndTransactionsWork(PgRelayEnvironment env) throws SQLException {
        try (Connection c = throughRelay(env)) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO items VALUES (?, ?)")) {
                for (int i = 1000; i < 1010; i++) {   // past pgjdbc's prepareThreshold: named server statements
                    insert.setInt(1, i);
                    insert.setString(2, "item " + i);
                    insert.executeUpdate();
                }
            }
            c.commit();
            try (PreparedStatement select = c.prepareStatement("SELECT name FROM items WHERE id = ?")) {
                for (int i = 1000; i < 1010; i++) {
                    select.setInt(1, i);
                    try (ResultSet rows = select.executeQuery()) {
                        assertThat(rows.next()).isTrue();
                        assertThat(rows.getString(1)).isEqualTo("item " + i);
                    }
                }
            }
            c.rollback();
        }
    }

    @Test
    void copyInAndOutPassThrough(PgRelayEnvironment env) throws Exception {
        try (Connection c = throughRelay(env); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE copied (n int, word text)");
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            StringBuilder input = new StringBuilder();
            for (int i = 0; i < 10_000; i++) {
                input.append(i).append('\t').append("word").append(i).append('\n');
            }
            long copiedIn = copy.copyIn("COPY copied FROM STDIN",
                    new ByteArrayInputStream(input.toString().getBytes(StandardCharsets.UTF_8)));
            assertThat(copiedIn).isEqualTo(10_000);
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            long copiedOut = copy.copyOut("COPY (SELECT * FROM copied ORDER BY n) TO STDOUT", output);
            assertThat(copiedOut).isEqualTo(10_000);
            assertThat(output.toString(StandardCharsets.UTF_8)).isEqualTo(input.toString());
        }
    }

    @Test
    void aLargeResultArrivesComplete(PgRelayEnvironment env) throws SQLException {
        try (Connection c = throughRelay(env); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT g, repeat('x', 100) FROM generate_series(1, 200000) g")) {
            long count = 0;
            long sum = 0;
            while (rows.next()) {
                count++;
                sum += rows.getLong(1);
            }
            assertThat(count).isEqualTo(200_000);
            assertThat(sum).isEqualTo(200_000L * 200_001L / 2);
        }
    }

    @Test
    void hundredConcurrentClientsShareAPoolOfTen(PgRelayEnvironment env) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(100);
        try {
            List<Callable<Long>> clients = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                long n = i;
                clients.add(() -> {
                    try (Connection c = throughRelay(env)) {
                        queryString(c, "SELECT pg_sleep(0.02)");
                        return queryLong(c, "SELECT " + n + " * 2");
                    }
                });
            }
            List<Future<Long>> results = executor.invokeAll(clients, 120, TimeUnit.SECONDS);
            for (int i = 0; i < 100; i++) {
                assertThat(results.get(i).get()).isEqualTo(i * 2L);
            }
        } finally {
            executor.shutdownNow();
        }
        assertThat(env.relay().poolStats()).allSatisfy(stats -> assertThat(stats.open()).isLessThanOrEqualTo(10));
        assertThat(env.relay().poolStats().stream().mapToInt(PoolStats::open).sum()).isPositive();
    }

    @Test
    void wrongPasswordIsRefusedWith28P01(PgRelayEnvironment env) {
        assertThatThrownBy(() -> DriverManager.getConnection(env.relayJdbcUrl(), env.user(), "wrong"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("28P01");
                    assertThat(e.getMessage()).contains("password authentication failed for user \"" + env.user() + "\"");
                });
    }

    @Test
    void unknownUserLooksLikeAWrongPassword(PgRelayEnvironment env) {
        assertThatThrownBy(() -> DriverManager.getConnection(env.relayJdbcUrl(), "mallory", "guess"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
    }

    @Test
    void unknownDatabaseIsRefusedWith3D000(PgRelayEnvironment env) {
        assertThatThrownBy(() -> DriverManager.getConnection(env.relayJdbcUrl("no_such_db"), env.user(), env.password()))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("3D000");
                    assertThat(e.getMessage()).contains("no_such_db");
                });
    }

    @Test
    void noticesAndNotificationsPassThrough(PgRelayEnvironment env) throws Exception {
        try (Connection listener = throughRelay(env); Connection notifier = throughRelay(env);
             Statement listen = listener.createStatement(); Statement notify = notifier.createStatement()) {
            listen.execute("LISTEN relay_events");
            notify.execute("NOTIFY relay_events, 'hello'");
            PGNotification[] received = listener.unwrap(PGConnection.class).getNotifications(10_000);
            assertThat(received).isNotNull();
            assertThat(java.util.Arrays.stream(received).map(PGNotification::getParameter).toList())
                    .containsExactly("hello");

            notify.execute("DO $$ BEGIN RAISE NOTICE 'careful now'; END $$");
            SQLWarning warning = notify.getWarnings();
            assertThat(warning == null ? null : warning.getMessage()).contains("careful now");
        }
    }

    @Test
    void cancelStopsARunningQuery(PgRelayEnvironment env) throws Exception {
        try (Connection c = throughRelay(env); Statement s = c.createStatement()) {
            ExecutorService canceller = Executors.newSingleThreadExecutor();
            try {
                long started = System.nanoTime();
                canceller.submit(() -> {
                    awaitRunning(env, "pg_sleep(30)");
                    s.cancel();
                    return null;
                });
                assertThatThrownBy(() -> s.execute("SELECT pg_sleep(30)"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            } finally {
                canceller.shutdownNow();
            }
            assertThat(queryString(c, "SELECT 'still usable'")).isEqualTo("still usable");
        }
    }

    private static void awaitRunning(PgRelayEnvironment env, String queryFragment) throws Exception {
        try (Connection direct = DriverManager.getConnection(env.primaryJdbcUrl(), env.user(), env.password())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                if (queryLong(direct, "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%"
                        + queryFragment.replace("'", "''") + "%' AND pid <> pg_backend_pid()") > 0) {
                    return;
                }
                Thread.sleep(20);   // polling pg_stat_activity until the query shows up
            }
            throw new AssertionError("query never started: " + queryFragment);
        }
    }
}
