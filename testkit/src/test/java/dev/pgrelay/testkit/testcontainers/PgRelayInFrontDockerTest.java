package dev.pgrelay.testkit.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.config.HostPort;
import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.config.PoolMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** pgrelay in this JVM in front of a PostgreSQL container. Needs a Docker engine; without one the class is skipped. */
@Testcontainers(disabledWithoutDocker = true)
class PgRelayInFrontDockerTest {

    @Container
    static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:17-alpine");

    @Test
    void pgrelayFrontsTheContainersMappedPortWithItsLogin() {
        try (PgRelayInFront relay = PgRelayInFront.of(POSTGRES)) {
            assertThat(relay.relay().config().nodes()).extracting(NodeConfig::address)
                    .containsExactly(new HostPort(POSTGRES.getHost(), POSTGRES.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT)));
            assertThat(relay.relay().topology().primary()).isPresent();
            assertThat(relay.username()).isEqualTo(POSTGRES.getUsername());
        }
    }

    @Test
    void clientsRunTransactionsThroughPgrelayInTransactionMode() throws Exception {
        try (PgRelayInFront relay = PgRelayInFront.builder(POSTGRES).poolMode("transaction").poolSize(2).start();
             Connection connection = DriverManager.getConnection(relay.jdbcUrl(), relay.username(), relay.password());
             Statement statement = connection.createStatement()) {
            assertThat(relay.relay().config().pool().mode()).isEqualTo(PoolMode.TRANSACTION);
            connection.setAutoCommit(false);
            statement.execute("CREATE TEMP TABLE IF NOT EXISTS t (v int) ON COMMIT DROP");
            statement.execute("INSERT INTO t VALUES (7)");
            try (ResultSet rows = statement.executeQuery("SELECT sum(v) FROM t")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(7);
            }
            connection.commit();
        }
    }
}
