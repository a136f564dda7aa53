package dev.pgrelay.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.testkit.Await;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Slowloris: 1,000 connections that send half a StartupMessage and then nothing neither block real clients
 * nor use up max_clients (a slot is taken only by a complete StartupMessage); client_login_timeout closes them.
 */
@PgRelayTest(poolMode = "session", config = """
        pool: { mode: session, size: 10, max_clients: 50 }
        limits: { client_login_timeout: 5s }
        """)
class SlowlorisTest {
    private static final int HALF_OPEN = 1000;

    @Test
    void halfOpenStartupConnectionsDoNotStopRealClients(PgRelayEnvironment env) throws Exception {
        List<RawClient> attackers = new ArrayList<>();
        try {
            byte[] halfStartup = Arrays.copyOf(RawClient.startupPacket("app", "app"), 12);
            for (int i = 0; i < HALF_OPEN; i++) {
                RawClient attacker = new RawClient(env.relayHost(), env.relayPort(), 8000);
                attacker.send(halfStartup);
                attackers.add(attacker);
            }
            long started = System.nanoTime();
            for (int i = 0; i < 20; i++) {   // the 1,000 half-open connections hold none of the 50 max_clients slots
                try (Connection connection = DriverManager.getConnection(env.relayJdbcUrl(), env.user(),
                        env.password());
                     Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT 20 + " + i)) {
                    rows.next();
                    assertThat(rows.getInt(1)).isEqualTo(20 + i);
                }
            }
            Duration realClients = Duration.ofNanos(System.nanoTime() - started);
            System.out.println("slowloris: " + HALF_OPEN + " half-open connections; 20 real logins + queries took "
                    + realClients.toMillis() + " ms");
            assertThat(realClients).isLessThan(Duration.ofSeconds(4));   // well before any login timeout fired

            int closedWithError = 0;
            for (RawClient attacker : attackers) {
                Map<Character, String> error = attacker.readError();
                assertThat(error).containsEntry('C', "08P01");
                closedWithError++;
            }
            System.out.println("slowloris: " + closedWithError + " of " + HALF_OPEN
                    + " half-open connections closed by client_login_timeout with 08P01");
        } finally {
            for (RawClient attacker : attackers) {
                attacker.close();
            }
        }
        Await.until("no clients left", Duration.ofSeconds(10), () -> env.relay().connectedClients() == 0);
    }
}
