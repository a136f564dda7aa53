package dev.pgrelay.it;

import static dev.pgrelay.it.Clients.queryLong;
import static dev.pgrelay.it.Clients.throughRelay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.proxy.pool.PoolStats;
import dev.pgrelay.testkit.Await;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Server connections are warmed up to pool.min_idle and closed after pool.server_idle_timeout beyond that. */
@PgRelayTest(poolMode = "transaction", config = """
        pool: { mode: transaction, size: 6, min_idle: 2, server_idle_timeout: 1s }
        """)
class ServerLifecycleTest {

    private static PoolStats stats(PgRelayEnvironment env) {
        return env.relay().poolStats().stream()
                .filter(s -> s.key().database().equals(env.database())).findFirst().orElseThrow();
    }

    @Test
    void idleConnectionsBeyondMinIdleCloseAndMinIdleIsKeptWarm(PgRelayEnvironment env) throws Exception {
        Connection[] clients = new Connection[6];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = throughRelay(env);
            clients[i].setAutoCommit(false);
            queryLong(clients[i], "SELECT 1");   // each holds a server connection inside its transaction
        }
        assertThat(stats(env).open()).isEqualTo(6);
        for (Connection client : clients) {
            client.rollback();
            client.close();
        }
        Await.until("idle connections beyond min_idle closed", Duration.ofSeconds(20),
                () -> stats(env).open() == 2 && stats(env).idle() == 2);

        try (Connection direct = java.sql.DriverManager.getConnection(env.primaryJdbcUrl(), env.user(),
                env.password())) {
            // Kill both warm connections: pgrelay opens new ones to keep min_idle.
            queryLong(direct, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    + "WHERE datname = '" + env.database() + "' AND pid <> pg_backend_pid()"
                    + " AND backend_type = 'client backend'");
        }
        Await.until("min_idle restored", Duration.ofSeconds(30), () -> stats(env).idle() >= 2);
    }
}
