package dev.pgrelay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `pgrelay testkit up|fault|down` as a non-Java test suite drives it: connect, fail over, tear down. */
class TestkitCommandIT {

    @TempDir
    Path directory;

    @Test
    void upPrintsConnectionInfoFaultsFailItOverAndDownRemovesEverything() throws Exception {
        Path state = directory.resolve("state.json");
        try (PgRelayProcess up = PgRelayProcess.start(directory, "testkit", "up", "--replicas", "1", "--json",
                "--state", state.toString())) {
            String json = up.awaitStdoutLine(line -> line.startsWith("{"), Duration.ofMinutes(2));
            assertThat(state).exists();
            assertThat(Files.getPosixFilePermissions(state)).containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
            String jdbcUrl = TestkitState.field(json, "jdbc_url");
            assertThat(json).contains("\"primary\":{\"name\":\"node0\"", "\"replicas\":[{\"name\":\"node1\"")
                    .doesNotContain(TestkitState.TOKEN);

            try (Connection connection = DriverManager.getConnection(jdbcUrl, "app", "secret");
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE survivors (v text)");
                assertThat(CliRun.execute("testkit", "fault", "--state", state.toString(), "catch-up").exitCode()).isZero();

                CliRun killed = CliRun.execute("testkit", "fault", "--state", state.toString(), "kill-primary");
                CliRun promoted = CliRun.execute("testkit", "fault", "--state", state.toString(), "promote", "node1");

                assertThat(killed.out()).isEqualTo("killed node0\n");
                assertThat(promoted.out()).isEqualTo("node1 is the primary\n");
                statement.execute("INSERT INTO survivors VALUES ('after failover')");
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM survivors")) {
                    rows.next();
                    assertThat(rows.getInt(1)).isEqualTo(1);
                }
            }

            CliRun unknownNode = CliRun.execute("testkit", "fault", "--state", state.toString(), "lag", "node7");
            assertThat(unknownNode.exitCode()).isEqualTo(1);
            assertThat(unknownNode.err()).contains("no node node7; nodes are node0, node1");

            assertThat(CliRun.execute("testkit", "down", "--state", state.toString()).exitCode()).isZero();
            assertThat(state).doesNotExist();
            up.assertExitsWith(0, Duration.ofMinutes(1));
        }
    }

    @Test
    void faultAndDownWithoutARunningTestkitSayWhy() {
        Path state = directory.resolve("absent.json");

        CliRun fault = CliRun.execute("testkit", "fault", "--state", state.toString(), "kill-primary");
        CliRun down = CliRun.execute("testkit", "down", "--state", state.toString());

        assertThat(fault.exitCode()).isEqualTo(1);
        assertThat(fault.err()).contains("no testkit running");
        assertThat(down.exitCode()).as("down is idempotent").isZero();
        assertThat(down.out()).contains("no testkit running");
    }
}
