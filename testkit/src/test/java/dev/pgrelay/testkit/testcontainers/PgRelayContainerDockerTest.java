package dev.pgrelay.testkit.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The image built from this checkout's Dockerfile in front of a PostgreSQL container. Needs a Docker engine;
 * without one the class is skipped. The first run builds the image with Maven inside Docker (minutes).
 */
@Testcontainers(disabledWithoutDocker = true)
class PgRelayContainerDockerTest {

    @Container
    static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:17-alpine");

    @Container
    static final PgRelayContainer RELAY = PgRelayContainer.fromDockerfile(Checkout.root())
            .withNodes(POSTGRES)
            .withPoolMode("transaction");

    @Test
    void clientsReachPostgresqlThroughThePgrelayContainer() throws Exception {
        try (Connection connection = DriverManager.getConnection(RELAY.getJdbcUrl(), RELAY.getUsername(), RELAY.getPassword());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS relayed (id int)");
            statement.execute("INSERT INTO relayed VALUES (42)");
            try (ResultSet rows = statement.executeQuery("SELECT id, current_database() FROM relayed")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(42);
                assertThat(rows.getString(2)).isEqualTo(POSTGRES.getDatabaseName());
            }
        }
    }

    @Test
    void adminHttpNamesThePrimaryPgrelayFound() throws Exception {
        HttpResponse<String> ready = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(RELAY.getAdminHttpUrl() + "/ready")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains(POSTGRES.getNetworkAliases().get(0) + ":" + PostgreSQLContainer.POSTGRESQL_PORT);
    }
}
