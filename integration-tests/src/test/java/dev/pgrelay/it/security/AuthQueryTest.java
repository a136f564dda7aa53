package dev.pgrelay.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pgrelay.proxy.pool.PoolStats;
import dev.pgrelay.testkit.Await;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * auth_query: roles that only PostgreSQL knows log in through pgrelay. The auth user is no superuser: it reads
 * pg_shadow through a SECURITY DEFINER function, as PgBouncer's documentation recommends. pgrelay never learns
 * the roles' passwords, yet opens server connections for them: with the ClientKey the client's SCRAM proof
 * revealed, or with the md5 secret.
 */
@PgRelayTest(poolMode = "transaction", poolSize = 4,
        postgresHbaRules = "host all legacy_md5 127.0.0.1/32 md5",
        config = """
                auth_query:
                  user: pgrelay_auth
                  password: auth-pw
                  query: "SELECT usename, passwd FROM pgrelay.lookup($1)"
                  cache: 1s
                """)
class AuthQueryTest {

    @BeforeAll
    static void createRolesOnlyPostgresKnows(PgRelayEnvironment env) throws SQLException {
        try (Connection primary = DriverManager.getConnection(env.primaryJdbcUrl(), env.user(), env.password());
             Statement sql = primary.createStatement()) {
            sql.execute("CREATE ROLE pgrelay_auth LOGIN PASSWORD 'auth-pw'");
            sql.execute("CREATE SCHEMA pgrelay AUTHORIZATION " + quoted(env.user()));
            sql.execute("""
                    CREATE FUNCTION pgrelay.lookup(i_username text, OUT usename name, OUT passwd text)
                    RETURNS SETOF record LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS
                    $$ SELECT usename, passwd FROM pg_catalog.pg_shadow WHERE usename = i_username $$""");
            sql.execute("REVOKE ALL ON FUNCTION pgrelay.lookup(text) FROM PUBLIC");
            sql.execute("GRANT USAGE ON SCHEMA pgrelay TO pgrelay_auth");
            sql.execute("GRANT EXECUTE ON FUNCTION pgrelay.lookup(text) TO pgrelay_auth");
            sql.execute("CREATE ROLE scram_app LOGIN PASSWORD 'scram-pw'");
            sql.execute("SET password_encryption = 'md5'");
            sql.execute("CREATE ROLE legacy_md5 LOGIN PASSWORD 'md5-pw'");
        }
    }

    @AfterEach
    void everyServerConnectionIsBackInItsPool(PgRelayEnvironment env) {
        Await.until("every pool idle", Duration.ofSeconds(10),
                () -> env.relay().poolStats().stream().allMatch(stats -> stats.active() == 0));
    }

    @Test
    void aScramRoleNotInUsersLogsInAndItsServerConnectionsReuseItsProof(PgRelayEnvironment env) throws Exception {
        List<Connection> clients = new ArrayList<>();
        Set<Integer> backends = new HashSet<>();
        try {
            for (int i = 0; i < 3; i++) {
                Connection client = DriverManager.getConnection(env.relayJdbcUrl(), "scram_app", "scram-pw");
                clients.add(client);
                client.setAutoCommit(false);   // holds its server connection, so the next client needs another
                assertThat(query(client, "SELECT current_user")).isEqualTo("scram_app");
                backends.add(Integer.parseInt(query(client, "SELECT pg_backend_pid()")));
            }
            for (Connection client : clients) {
                client.commit();
                assertThat(query(client, "SELECT 6 * 7")).isEqualTo("42");
                client.commit();
            }
        } finally {
            for (Connection client : clients) {
                client.close();
            }
        }

        assertThat(backends).as("three transactions at once, three server connections").hasSize(3);
        assertThat(poolOf(env, "scram_app").open()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void anMd5RoleLogsInWithMd5AndPgrelayLogsInWithItsStoredHash(PgRelayEnvironment env) throws Exception {
        try (Connection client = DriverManager.getConnection(env.relayJdbcUrl(), "legacy_md5", "md5-pw")) {
            assertThat(query(client, "SELECT current_user")).isEqualTo("legacy_md5");
        }

        assertThat(refusal(env, "legacy_md5", "wrong").getSQLState()).isEqualTo("28P01");
    }

    @Test
    void aWrongPasswordIsRefusedAsPostgresRefusesIt(PgRelayEnvironment env) {
        SQLException refused = refusal(env, "scram_app", "not-the-password");

        assertThat(refused.getSQLState()).isEqualTo("28P01");
        assertThat(refused.getMessage()).contains("password authentication failed for user \"scram_app\"");
    }

    @Test
    void anUnknownRoleLooksExactlyLikeAWrongPassword(PgRelayEnvironment env) {
        SQLException refused = refusal(env, "no_such_role", "whatever");

        assertThat(refused.getSQLState()).isEqualTo("28P01");
        assertThat(refused.getMessage()).contains("password authentication failed for user \"no_such_role\"");
    }

    @Test
    void aUserListedInUsersKeepsItsListedPassword(PgRelayEnvironment env) throws Exception {
        try (Connection client = DriverManager.getConnection(env.relayJdbcUrl(), env.user(), env.password())) {
            assertThat(query(client, "SELECT current_user")).isEqualTo(env.user());
        }
        assertThat(refusal(env, env.user(), "not-the-listed-password").getSQLState()).isEqualTo("28P01");
    }

    @Test
    void aFailingLookupIsAClearErrorAndTheNextLoginWorksAgain(PgRelayEnvironment env) throws Exception {
        try (Connection primary = DriverManager.getConnection(env.primaryJdbcUrl(), env.user(), env.password());
             Statement sql = primary.createStatement()) {
            sql.execute("CREATE ROLE late_app LOGIN PASSWORD 'late-pw'");
            sql.execute("REVOKE EXECUTE ON FUNCTION pgrelay.lookup(text) FROM pgrelay_auth");
            try {
                SQLException refused = refusal(env, "late_app", "late-pw");

                assertThat(refused.getSQLState()).isEqualTo("28000");
                assertThat(refused.getMessage()).contains("could not look up the password of user \"late_app\"",
                        "permission denied for function lookup");
            } finally {
                sql.execute("GRANT EXECUTE ON FUNCTION pgrelay.lookup(text) TO pgrelay_auth");
            }
        }

        try (Connection client = DriverManager.getConnection(env.relayJdbcUrl(), "late_app", "late-pw")) {
            assertThat(query(client, "SELECT current_user")).isEqualTo("late_app");
        }
    }

    private static String query(Connection client, String sql) throws SQLException {
        try (Statement statement = client.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static PoolStats poolOf(PgRelayEnvironment env, String user) {
        return env.relay().poolStats().stream().filter(stats -> stats.key().user().equals(user)).findFirst()
                .orElseThrow(() -> new AssertionError("no pool for " + user));
    }

    private static SQLException refusal(PgRelayEnvironment env, String user, String password) {
        SQLException refused = catchThrowableOfType(SQLException.class,
                () -> DriverManager.getConnection(env.relayJdbcUrl(), user, password).close());
        assertThat((Throwable) refused).as("refused").isNotNull();
        return refused;
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
