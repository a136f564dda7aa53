package dev.pgrelay.it.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The admin console through psql: every SHOW with PgBouncer's columns, PAUSE/RESUME under load, refusals. */
@PgRelayTest(replicas = 1, poolMode = "transaction", poolSize = 4)
class AdminConsoleTest {
    /** PgBouncer 1.18's columns where PgBouncer has the command (pgrelay adds "node" or "id" at the end), ours else. */
    private static final Map<String, List<String>> DOCUMENTED_COLUMNS = Map.ofEntries(
            Map.entry("SHOW POOLS", List.of("database", "user", "cl_active", "cl_waiting", "cl_active_cancel_req",
                    "cl_waiting_cancel_req", "sv_active", "sv_active_cancel", "sv_being_canceled", "sv_idle",
                    "sv_used", "sv_tested", "sv_login", "maxwait", "maxwait_us", "pool_mode", "node")),
            Map.entry("SHOW CLIENTS", List.of("type", "user", "database", "state", "addr", "port", "local_addr",
                    "local_port", "connect_time", "request_time", "wait", "wait_us", "close_needed", "ptr", "link",
                    "remote_pid", "tls", "application_name", "id")),
            Map.entry("SHOW STATS", List.of("database", "total_xact_count", "total_query_count", "total_received",
                    "total_sent", "total_xact_time", "total_query_time", "total_wait_time", "avg_xact_count",
                    "avg_query_count", "avg_recv", "avg_sent", "avg_xact_time", "avg_query_time", "avg_wait_time")),
            Map.entry("SHOW STATS_TOTALS", List.of("database", "xact_count", "query_count", "bytes_received",
                    "bytes_sent", "xact_time", "query_time", "wait_time")),
            Map.entry("SHOW DATABASES", List.of("name", "host", "port", "database", "force_user", "pool_size",
                    "min_pool_size", "reserve_pool", "pool_mode", "max_connections", "current_connections",
                    "paused", "disabled", "node")),
            Map.entry("SHOW LISTS", List.of("list", "items")),
            Map.entry("SHOW USERS", List.of("name", "pool_mode")),
            Map.entry("SHOW CONFIG", List.of("key", "value", "default", "changeable")),
            Map.entry("SHOW VERSION", List.of("version")),
            Map.entry("SHOW NODES", List.of("node", "host", "port", "role", "routing", "timeline", "lsn",
                    "received_lsn", "lag_bytes", "replay_delay_ms", "latency_ms", "failures", "last_error",
                    "checked_at", "weight")),
            Map.entry("SHOW FAILOVERS", List.of("instance", "old_primary", "new_primary", "lost_at", "detected_at",
                    "promoted_at", "writes_resumed_at", "detection_ms", "rto_ms", "old_primary_lsn",
                    "new_primary_lsn", "rpo_bytes", "clients_waited")));

    @Test
    void everyShowCommandAnswersWithItsDocumentedColumns(PgRelayEnvironment env) throws Exception {
        try (Connection app = DriverManager.getConnection(env.relayJdbcUrl(), env.user(), env.password())) {
            app.createStatement().execute("SELECT 1");   // so pools, stats and servers have a row
            for (var show : DOCUMENTED_COLUMNS.entrySet()) {
                AdminPsql.Output output = AdminPsql.run(env, show.getKey());
                assertThat(output.exitCode()).as(show.getKey() + ": " + output.text()).isZero();
                assertThat(output.columns()).as(show.getKey()).isEqualTo(show.getValue());
            }
            AdminPsql.Output servers = AdminPsql.run(env, "show servers;");
            assertThat(servers.columns()).isEqualTo(DOCUMENTED_COLUMNS.get("SHOW CLIENTS"));
            assertThat(servers.rows()).isNotEmpty();
            assertThat(AdminPsql.run(env, "SHOW CLIENTS").rows()).as("application_name, as psql logs in with it")
                    .extracting(row -> row.get(17)).contains("psql");
        }
        AdminPsql.Output nodes = AdminPsql.run(env, "SHOW NODES");
        assertThat(nodes.rows()).extracting(row -> row.get(3)).containsExactlyInAnyOrder("primary", "replica");
        AdminPsql.Output pools = AdminPsql.run(env, "SHOW POOLS");
        assertThat(pools.rows()).anySatisfy(row -> {
            assertThat(row.get(0)).isEqualTo(env.database());
            assertThat(row.get(15)).isEqualTo("transaction");
        });
        assertThat(AdminPsql.run(env, "SHOW VERSION").rows().get(0).get(0)).startsWith("pgrelay ");
        assertThat(AdminPsql.run(env, "SHOW STATS").rows())
                .anySatisfy(row -> assertThat(Long.parseLong(row.get(2))).as("total_query_count").isPositive());
    }

    @Test
    void unknownCommandsAndTheExtendedProtocolGetClearErrors(PgRelayEnvironment env) throws Exception {
        AdminPsql.Output unknown = AdminPsql.run(env, "SHOW NONSENSE");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.text()).contains("unknown SHOW");
        String url = "jdbc:postgresql://" + env.relayHost() + ":" + env.relayPort() + "/pgrelay";
        try (Connection admin = DriverManager.getConnection(url, env.user(), env.password())) {
            assertThatThrownBy(() -> admin.prepareStatement("SHOW POOLS").executeQuery())
                    .isInstanceOf(SQLException.class).hasMessageContaining("simple query protocol")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
        }
    }

    @Test
    void pauseHoldsNewTransactionsUntilResume(PgRelayEnvironment env) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> load = java.util.stream.IntStream.range(0, 4).mapToObj(i -> new Thread(() -> {
            try (Connection app = DriverManager.getConnection(env.relayJdbcUrl(), env.user(), env.password());
                 Statement statement = app.createStatement()) {
                while (!stop.get()) {
                    statement.execute("SELECT pg_sleep(0.005)");
                    done.incrementAndGet();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        })).toList();
        load.forEach(Thread::start);
        try {
            awaitMore(done, 50);
            AdminPsql.Output pause = AdminPsql.run(env, "PAUSE");
            assertThat(pause.exitCode()).as(pause.text()).isZero();
            assertThat(env.relay().isPaused()).isTrue();
            long atPause = done.get();
            Thread.sleep(500);
            assertThat(done.get()).as("no transaction completes while paused").isEqualTo(atPause);
            assertThat(AdminPsql.run(env, "SHOW DATABASES").rows()).allSatisfy(row -> assertThat(row.get(11))
                    .isEqualTo("1"));
            AdminPsql.Output resume = AdminPsql.run(env, "RESUME");
            assertThat(resume.exitCode()).as(resume.text()).isZero();
            awaitMore(done, 50);
        } finally {
            stop.set(true);
            env.relay().resume();
            for (Thread thread : load) {
                thread.join(10_000);
            }
        }
    }

    @Test
    void pauseOfOneDatabaseHoldsItsTransactionsWhileOtherDatabasesKeepRunning(PgRelayEnvironment env)
            throws Exception {
        String other = "pause_other";
        try (Connection direct = env.cluster().primary().connect(env.database());
             Statement statement = direct.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + other);
            statement.execute("CREATE DATABASE " + other);
        }
        try (ClientLoop paused = ClientLoop.start(env, env.database(), 3, "SELECT 1");
             ClientLoop running = ClientLoop.start(env, other, 3, "SELECT 1")) {
            paused.awaitMore(50);
            running.awaitMore(50);

            AdminPsql.Output pause = AdminPsql.run(env, "PAUSE " + env.database());

            assertThat(pause.exitCode()).as(pause.text()).isZero();
            assertThat(env.relay().isPaused(env.database())).isTrue();
            assertThat(env.relay().isPaused(other)).isFalse();
            long heldAt = paused.completed();
            running.awaitMore(200);
            assertThat(paused.completed()).as("transactions of the paused database completed").isEqualTo(heldAt);
            assertThat(AdminPsql.run(env, "SHOW DATABASES").rows()).allSatisfy(row ->
                    assertThat(row.get(11)).as("paused, " + row).isEqualTo(row.get(0).equals(other) ? "0" : "1"));

            AdminPsql.Output resume = AdminPsql.run(env, "RESUME " + env.database());

            assertThat(resume.exitCode()).as(resume.text()).isZero();
            paused.awaitMore(50);
            paused.stopAndAssertNoClientFailedOrWasDropped();
            running.stopAndAssertNoClientFailedOrWasDropped();
        } finally {
            env.relay().resume(env.database());
        }
    }

    @Test
    void theAdminConsoleItselfCannotBePaused(PgRelayEnvironment env) throws Exception {
        AdminPsql.Output refused = AdminPsql.run(env, "PAUSE pgrelay");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.text()).contains("cannot be paused");
    }

    @Test
    void nonAdminUsersGetInsufficientPrivilege(PgRelayEnvironment env) throws Exception {
        try (Connection app = DriverManager.getConnection(env.relayJdbcUrl(), env.user(), env.password())) {
            app.createStatement().execute("DROP ROLE IF EXISTS reader");
            app.createStatement().execute("CREATE ROLE reader LOGIN PASSWORD 'reader-secret'");
        }
        var config = env.config();
        var users = new java.util.ArrayList<>(config.users());
        users.add(new dev.pgrelay.config.UserConfig("reader", "reader-secret", config.users().get(0).auth(),
                java.util.OptionalInt.empty()));
        env.relay().reload(new dev.pgrelay.config.PgRelayConfig(config.listen(), config.adminHttp(), config.nodes(),
                users, config.adminUsers(), config.pool(), config.routing(), config.health(), config.failover(),
                config.tls(), config.limits(), config.ledger(), config.hba()));
        try {
            AdminPsql.Output refused = AdminPsql.run(env, "reader", "reader-secret", "SHOW POOLS");
            assertThat(refused.exitCode()).isNotZero();
            String url = "jdbc:postgresql://" + env.relayHost() + ":" + env.relayPort() + "/pgrelay";
            assertThatThrownBy(() -> DriverManager.getConnection(url, "reader", "reader-secret"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
        } finally {
            env.relay().reload(config);
        }
    }

    private static void awaitMore(AtomicLong counter, long more) throws InterruptedException {
        long target = counter.get() + more;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (counter.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the load made no progress: " + counter.get() + " < " + target);
            }
            Thread.sleep(10);
        }
    }
}
