package dev.pgrelay.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.config.PoolMode;
import dev.pgrelay.testkit.PgNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@PgRelayTest(replicas = 1, poolMode = "transaction", poolSize = 3, config = "limits:\n  max_message_size: 1MB\n",
        postgresSettings = "work_mem=3MB")
class PgRelayExtensionTest {

    private static PgRelayEnvironment fromBeforeAll;
    private final PgRelayEnvironment fromConstructor;

    PgRelayExtensionTest(PgRelayEnvironment environment) {
        this.fromConstructor = environment;
    }

    @BeforeAll
    static void rememberEnvironment(PgRelayEnvironment environment) {
        fromBeforeAll = environment;
    }

    @Test
    void clientsReachPostgresqlThroughTheRelay(PgRelayEnvironment env) throws Exception {
        try (Connection connection = DriverManager.getConnection(env.relayJdbcUrl(), env.user(), env.password());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT current_database(), current_setting('work_mem')")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo("app");
            assertThat(result.getString(2)).isEqualTo("3MB");
        }
    }

    @Test
    void relayConfigListsEveryNodeAndTheAnnotationSettings(PgRelayEnvironment env) {
        assertThat(env.config().nodes()).hasSize(2);
        assertThat(env.config().nodes().get(0).port()).isEqualTo(env.cluster().primary().port());
        assertThat(env.config().nodes().get(1).port()).isEqualTo(env.cluster().replicas().get(0).port());
        assertThat(env.config().pool().mode()).isEqualTo(PoolMode.TRANSACTION);
        assertThat(env.config().pool().size()).isEqualTo(3);
        assertThat(env.config().limits().maxMessageSize()).isEqualTo(1024 * 1024);
        assertThat(env.config().isAdmin(env.user())).isTrue();
    }

    @Test
    void urlsAndCredentialsDescribeRelayAndPrimary(PgRelayEnvironment env) {
        PgNode primary = env.cluster().primary();

        assertThat(env.relayPort()).isPositive().isNotIn(primary.port(), env.cluster().replicas().get(0).port());
        assertThat(env.relayJdbcUrl()).isEqualTo("jdbc:postgresql://" + env.relayHost() + ":" + env.relayPort() + "/app");
        assertThat(env.relayJdbcUrl("postgres")).endsWith(":" + env.relayPort() + "/postgres");
        assertThat(env.primaryJdbcUrl()).isEqualTo(primary.jdbcUrl("app"));
        assertThat(env.user()).isEqualTo("app");
        assertThat(env.password()).isEqualTo("secret");
        assertThat(env.database()).isEqualTo("app");
    }

    @Test
    void constructorsLifecycleMethodsAndTestsShareOneEnvironment(PgRelayEnvironment env) {
        assertThat(fromConstructor).isSameAs(env);
        assertThat(fromBeforeAll).isSameAs(env);
    }

    @Nested
    class NestedClasses {

        @Test
        void shareTheEnclosingClassEnvironment(PgRelayEnvironment env) {
            assertThat(env).isSameAs(fromBeforeAll);
        }
    }
}
