package dev.pgrelay.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgrelay.PgRelay;
import dev.pgrelay.config.ConfigLoader;
import java.net.ServerSocket;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** With no server to reach, clients get 08006 with a clear message, and pgrelay keeps accepting them. */
class UnreachableServerTest {

    @Test
    void clientsGetAConnectionFailureWhenNoNodeCanBeReached() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();   // free once closed: nothing listens there
        }
        String yaml = """
                listen: 127.0.0.1:0
                nodes:
                  - { host: 127.0.0.1, port: %d }
                users:
                  - { name: app, password: secret }
                health: { interval: 200ms, timeout: 200ms, failures_before_down: 1 }
                failover: { wait_for_primary: 500ms }
                """.formatted(deadPort);
        try (PgRelay relay = PgRelay.start(ConfigLoader.parse(yaml, "unreachable.yaml"))) {
            String url = "jdbc:postgresql://127.0.0.1:" + relay.port() + "/app";
            for (int attempt = 0; attempt < 3; attempt++) {
                assertThatThrownBy(() -> DriverManager.getConnection(url, "app", "secret"))
                        .isInstanceOfSatisfying(SQLException.class, e -> {
                            assertThat(e.getSQLState()).isEqualTo("08006");
                            assertThat(e.getMessage()).contains("no primary server available");
                        });
            }
            // Each refused client is let go; the last close may still be in flight when its error arrives.
            dev.pgrelay.testkit.Await.until("refused clients released", java.time.Duration.ofSeconds(10),
                    () -> relay.connectedClients() == 0);
        }
    }
}
