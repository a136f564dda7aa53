package dev.pgrelay.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.pgrelay.testkit.LocalPostgresCluster;
import dev.pgrelay.testkit.PgNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** `pgrelay run` as its own process in front of a real PostgreSQL, stopped with real signals. */
class RunCommandIT {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration STOP = Duration.ofSeconds(30);

    private static LocalPostgresCluster cluster;

    @TempDir
    Path directory;

    @BeforeAll
    static void startPostgres() {
        cluster = LocalPostgresCluster.builder().start();
    }

    @AfterAll
    static void stopPostgres() {
        cluster.close();
    }

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"TERM", "INT"})
    void servesQueriesUntilSignalledThenExits0(String signal) throws Exception {
        assumeFalse(signal.equals("INT") && PgRelayProcess.ignoredHere(PgRelayProcess.SIGINT),
                "this JVM was started with SIGINT ignored (a background job), so its children ignore it too");
        int port = freePort();
        try (PgRelayProcess relay = PgRelayProcess.start(directory, "run", "--config", writeConfig(port).toString())) {
            assertThat(awaitAnswer(relay, port, "SELECT 40 + 2")).isEqualTo("42");

            relay.signal(signal);

            relay.assertExitsWith(0, STOP);
            assertThat(relay.stderr())
                    .contains("SIG" + signal + " received")
                    // logback.xml made it into the jar: one line per event, time, level, thread, logger.
                    .containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[main\\] \\S+ - pgrelay \\S+ listening on ");
        }
    }

    @Test
    void aTransactionOpenAtSigtermMayStillCommit() throws Exception {
        try (Connection direct = cluster.primary().connect(cluster.database())) {
            direct.createStatement().execute("CREATE TABLE IF NOT EXISTS drained (note text)");
        }
        int port = freePort();
        try (PgRelayProcess relay = PgRelayProcess.start(directory, "run", "--config", writeConfig(port).toString())) {
            awaitAnswer(relay, port, "SELECT 1");
            try (Connection client = connectThroughRelay(port)) {
                client.setAutoCommit(false);
                client.createStatement().execute("INSERT INTO drained VALUES ('committed while draining')");

                relay.signal("TERM");
                relay.awaitStderr("draining", STOP);
                client.commit();
            }
            relay.assertExitsWith(0, STOP);
        }
        try (Connection direct = cluster.primary().connect(cluster.database());
             ResultSet rows = direct.createStatement().executeQuery("SELECT count(*) FROM drained")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void sighupReloadsTheConfigurationAndKeepsServing() throws Exception {
        assumeFalse(PgRelayProcess.ignoredHere(PgRelayProcess.SIGHUP),
                "this JVM was started with SIGHUP ignored (nohup), so its children ignore it too");
        int port = freePort();
        try (PgRelayProcess relay = PgRelayProcess.start(directory, "run", "--config", writeConfig(port).toString())) {
            awaitAnswer(relay, port, "SELECT 1");

            relay.signal("HUP");
            relay.awaitStderr("configuration reloaded", STOP);

            assertThat(awaitAnswer(relay, port, "SELECT 'still serving'")).isEqualTo("still serving");
            relay.signal("TERM");
            relay.assertExitsWith(0, STOP);
        }
    }

    @Test
    void aBusyPortIsOneLineAndExit1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             PgRelayProcess relay = PgRelayProcess.start(directory, "run", "--config",
                     writeConfig(taken.getLocalPort()).toString())) {

            relay.assertExitsWith(1, STARTUP);
            assertThat(relay.stderr())
                    .contains("127.0.0.1:" + taken.getLocalPort())
                    .containsIgnoringCase("address already in use")
                    .doesNotContain("\tat ");
        }
    }

    private Path writeConfig(int listenPort) throws IOException {
        PgNode primary = cluster.primary();
        return Files.writeString(directory.resolve("pgrelay.yaml"), """
                listen: 127.0.0.1:%d
                nodes:
                  - { host: %s, port: %d }
                users:
                  - { name: %s, password: "%s" }
                pool: { mode: transaction, size: 2 }
                limits: { shutdown_timeout: 5s }
                """.formatted(listenPort, primary.host(), primary.port(), cluster.user(), cluster.password()));
    }

    /** Retries until pgrelay listens and answers, as a client would while it starts. */
    private static String awaitAnswer(PgRelayProcess relay, int port, String query) throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            try (Connection connection = connectThroughRelay(port);
                 ResultSet result = connection.createStatement().executeQuery(query)) {
                result.next();
                return result.getString(1);
            } catch (SQLException notYet) {
                relay.assertAlive();
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no answer through pgrelay within " + STARTUP + ":\n" + relay.output(), notYet);
                }
                Thread.sleep(100);
            }
        }
    }

    private static Connection connectThroughRelay(int port) throws SQLException {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/" + cluster.database();
        return DriverManager.getConnection(url, cluster.user(), cluster.password());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
