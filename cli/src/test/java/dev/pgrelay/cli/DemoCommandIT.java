package dev.pgrelay.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `pgrelay demo` as a user runs it: follow the printed JDBC URL, then Ctrl-C. */
class DemoCommandIT {

    @TempDir
    Path directory;

    @Test
    void theDemoServesThroughPgrelayAndCtrlCRemovesTheCluster() throws Exception {
        assumeFalse(PgRelayProcess.ignoredHere(PgRelayProcess.SIGINT),
                "this JVM was started with SIGINT ignored (a background job), so its children ignore it too");
        int port = RunCommandIT.freePort();
        try (PgRelayProcess demo = PgRelayProcess.start(directory, "demo", "--port", Integer.toString(port))) {
            String jdbcUrl = demo.awaitStdoutLine(line -> line.trim().startsWith("jdbc:"), Duration.ofMinutes(2)).trim();
            assertThat(demo.stdout()).contains(
                    "psql \"host=127.0.0.1 port=" + port + " user=app dbname=app password=secret\"");

            String dataDirectory;
            int serverPort;
            try (Connection connection = DriverManager.getConnection(jdbcUrl);
                 ResultSet server = connection.createStatement().executeQuery(
                         "SELECT current_setting('data_directory'), inet_server_port()")) {
                server.next();
                dataDirectory = server.getString(1);
                serverPort = server.getInt(2);
            }
            assertThat(Path.of(dataDirectory)).exists();

            demo.signal("INT");

            demo.assertExitsWith(0, Duration.ofMinutes(1));
            assertThat(Path.of(dataDirectory)).as("the cluster's files").doesNotExist();
            assertThat(accepts(serverPort)).as("PostgreSQL still listening on " + serverPort).isFalse();
            assertThat(accepts(port)).as("pgrelay still listening on " + port).isFalse();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
