package dev.pgrelay.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pgrelay.testkit.Await;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The limits that bound every wait: client_login_timeout, idle_transaction_timeout, query_wait_timeout and
 * max_message_size; each ends the offending client (or statement) with a SQLSTATE and leaves others working.
 */
@PgRelayTest(poolMode = "transaction", poolSize = 1, config = """
        limits:
          client_login_timeout: 1s
          idle_transaction_timeout: 3s
          query_wait_timeout: 1s
          max_message_size: 64kB
        """)
class TimeoutsTest {

    @Test
    void aClientThatNeverFinishesLoggingInIsClosedAfterClientLoginTimeout(PgRelayEnvironment env) throws Exception {
        try (RawClient silent = new RawClient(env.relayHost(), env.relayPort(), 5000)) {
            long started = System.nanoTime();
            silent.send(Arrays.copyOf(RawClient.startupPacket(env.user(), env.database()), 6));   // half a packet

            Map<Character, String> error = silent.readError();

            assertThat(error).containsEntry('C', "08P01");
            assertThat(error.get('M')).contains("did not finish logging in within 1000 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(800),
                    Duration.ofSeconds(4));
        }
        assertStillServing(env);
    }

    @Test
    void aTransactionLeftIdleIsEndedWith25P03AndRolledBack(PgRelayEnvironment env) throws Exception {
        try (Connection idle = connect(env)) {
            idle.setAutoCommit(false);
            try (Statement statement = idle.createStatement()) {
                statement.execute("CREATE TABLE left_idle_in_transaction (x int)");
            }
            Thread.sleep(4000);

            SQLException ended = catchThrowableOfType(SQLException.class, () -> {
                try (Statement statement = idle.createStatement()) {
                    statement.execute("SELECT 1");
                }
            });

            assertThat(ended.getSQLState()).isEqualTo("25P03");
            assertThat(ended.getMessage()).contains("idle-in-transaction timeout");
        }
        try (Connection other = connect(env); Statement statement = other.createStatement();
             var rows = statement.executeQuery("SELECT to_regclass('left_idle_in_transaction') IS NULL")) {
            rows.next();
            assertThat(rows.getBoolean(1)).as("the transaction was rolled back").isTrue();
        }
        awaitPoolIdle(env);
    }

    @Test
    void aStatementWaitingLongerThanQueryWaitTimeoutForAServerGets53300(PgRelayEnvironment env) throws Exception {
        try (Connection holder = connect(env); Connection waiter = connect(env)) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.execute("SELECT 1");   // the pool's only server connection stays with this transaction
            }
            long started = System.nanoTime();

            SQLException timedOut = catchThrowableOfType(SQLException.class, () -> {
                try (Statement statement = waiter.createStatement()) {
                    statement.execute("SELECT 2");
                }
            });

            assertThat(timedOut.getSQLState()).isEqualTo("53300");
            assertThat(timedOut.getMessage()).contains("query_wait_timeout (1000 ms)");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
            holder.commit();
            try (Statement statement = waiter.createStatement()) {
                assertThat(statement.execute("SELECT 3")).as("the waiting client stays usable").isTrue();
            }
        }
        awaitPoolIdle(env);
    }

    @Test
    void aMessageOverMaxMessageSizeGets54000(PgRelayEnvironment env) throws Exception {
        try (RawClient client = new RawClient(env.relayHost(), env.relayPort(), 5000)) {
            client.login(env.user(), env.password(), env.database());
            client.send(RawClient.query("SELECT '" + "x".repeat(100 * 1024) + "'"));

            Map<Character, String> error = client.readError();

            assertThat(error).containsEntry('C', "54000");
            assertThat(error.get('M')).contains("larger than max_message_size 65536");
        }
        assertStillServing(env);
    }

    private static Connection connect(PgRelayEnvironment env) throws SQLException {
        return DriverManager.getConnection(env.relayJdbcUrl(), env.user(), env.password());
    }

    private static void assertStillServing(PgRelayEnvironment env) throws SQLException {
        try (Connection connection = connect(env)) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    private static void awaitPoolIdle(PgRelayEnvironment env) {
        Await.until("no server connection leased", Duration.ofSeconds(10),
                () -> env.relay().poolStats().stream().allMatch(stats -> stats.active() == 0));
    }
}
