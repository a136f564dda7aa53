package dev.pgrelay.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pgrelay.PgRelay;
import dev.pgrelay.config.ConfigLoader;
import dev.pgrelay.testkit.Await;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS on both sides with certificates made at test time and PostgreSQL running with ssl=on: every tls.client
 * mode × every tls.server mode, with a plaintext client and a pgjdbc sslmode=verify-full client; psql
 * sslmode=require; and the server certificate checks that must fail.
 */
@PgRelayTest
class TlsMatrixTest {
    private static final List<String> CLIENT_MODES = List.of("disable", "allow", "require");
    private static final List<String> SERVER_MODES = List.of("disable", "prefer", "require", "verify-ca", "verify-full");
    private static TestCertificates certificates;

    @BeforeAll
    static void turnOnSslInPostgres(PgRelayEnvironment env) throws Exception {
        certificates = TestCertificates.generate();
        try (Connection direct = DriverManager.getConnection(env.primaryJdbcUrl(), env.user(), env.password());
             Statement statement = direct.createStatement()) {
            statement.execute("ALTER SYSTEM SET ssl_cert_file = '" + certificates.serverCert + "'");
            statement.execute("ALTER SYSTEM SET ssl_key_file = '" + certificates.serverKey + "'");
            statement.execute("ALTER SYSTEM SET ssl = on");
            statement.execute("SELECT pg_reload_conf()");
        }
        Await.until("PostgreSQL accepts TLS", Duration.ofSeconds(20), () -> {
            try (Connection ignored = DriverManager.getConnection(env.primaryJdbcUrl(),
                    credentials(env, "sslmode", "require"))) {
                return true;
            } catch (SQLException notYet) {
                return false;
            }
        });
    }

    @AfterAll
    static void turnOffSslInPostgres(PgRelayEnvironment env) throws Exception {
        try (Connection direct = DriverManager.getConnection(env.primaryJdbcUrl(), env.user(), env.password());
             Statement statement = direct.createStatement()) {
            statement.execute("ALTER SYSTEM RESET ssl");
            statement.execute("ALTER SYSTEM RESET ssl_cert_file");
            statement.execute("ALTER SYSTEM RESET ssl_key_file");
            statement.execute("SELECT pg_reload_conf()");
        } finally {
            certificates.close();
        }
    }

    @Test
    void everyClientModeWorksWithEveryServerMode(PgRelayEnvironment env) throws Exception {
        List<String> matrix = new ArrayList<>();
        for (String clientMode : CLIENT_MODES) {
            for (String serverMode : SERVER_MODES) {
                try (PgRelay relay = start(env, clientMode, serverMode, "127.0.0.1")) {
                    String plaintext = outcome(env, relay, "disable", serverMode);
                    String encrypted = outcome(env, relay, "verify-full", serverMode);
                    matrix.add(String.format("client %-7s × server %-11s | plaintext client: %-24s | TLS client: %s",
                            clientMode, serverMode, plaintext, encrypted));
                    assertThat(plaintext).as("plaintext client, " + clientMode + "/" + serverMode)
                            .isEqualTo(clientMode.equals("require") ? "refused 28000" : "ok");
                    assertThat(encrypted).as("verify-full client, " + clientMode + "/" + serverMode)
                            .isEqualTo(clientMode.equals("disable") ? "refused (no TLS offered)" : "ok");
                }
            }
        }
        System.out.println("TLS matrix (" + matrix.size() + " combinations, all passing):\n" + String.join("\n", matrix));
    }

    @Test
    void psqlWithSslmodeRequireGetsAnEncryptedConnection(PgRelayEnvironment env) throws Exception {
        Path psql = Path.of("/usr/lib/postgresql/15/bin/psql");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(psql), "psql is not installed");
        try (PgRelay relay = start(env, "require", "verify-full", "127.0.0.1")) {
            ProcessBuilder builder = new ProcessBuilder(psql.toString(), "-X", "-A", "-t", "-c",
                    "SELECT 'tls:' || ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                    "host=127.0.0.1 port=" + relay.port() + " user=" + env.user() + " dbname=" + env.database()
                            + " sslmode=require").redirectErrorStream(true);
            builder.environment().put("PGPASSWORD", env.password());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes()).strip();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(output).isEqualTo("tls:true");
            assertThat(process.exitValue()).isZero();
        }
    }

    @Test
    void verifyCaRefusesAServerWhoseCertificateAnotherCaSigned(PgRelayEnvironment env) throws Exception {
        try (PgRelay relay = start(env, "allow", "verify-ca", "127.0.0.1", certificates.otherCa)) {
            SQLException refused = catchThrowableOfType(SQLException.class, () -> connect(env, relay, "disable"));
            assertThat(refused.getSQLState()).isEqualTo("08006");
        }
    }

    @Test
    void verifyFullChecksTheHostNameWhereVerifyCaDoesNot(PgRelayEnvironment env) throws Exception {
        // The certificate names 127.0.0.1 only; the node is configured as localhost.
        try (PgRelay relay = start(env, "allow", "verify-full", "localhost")) {
            SQLException refused = catchThrowableOfType(SQLException.class, () -> connect(env, relay, "disable"));
            assertThat(refused.getSQLState()).isEqualTo("08006");
        }
        try (PgRelay relay = start(env, "allow", "verify-ca", "localhost")) {
            assertThat(outcome(env, relay, "disable", "verify-ca")).isEqualTo("ok");
        }
    }

    /** "ok" when the client logged in and its server connection is encrypted exactly when the server mode asks. */
    private static String outcome(PgRelayEnvironment env, PgRelay relay, String sslmode, String serverMode) {
        try (Connection connection = connect(env, relay, sslmode);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            rows.next();
            boolean serverEncrypted = rows.getBoolean(1);
            return serverEncrypted == !serverMode.equals("disable") ? "ok" : "server link ssl=" + serverEncrypted;
        } catch (SQLException e) {
            if ("28000".equals(e.getSQLState())) {
                return "refused 28000";
            }
            return e.getMessage().contains("does not support SSL") ? "refused (no TLS offered)"
                    : "failed " + e.getSQLState() + ": " + e.getMessage();
        }
    }

    private static Connection connect(PgRelayEnvironment env, PgRelay relay, String sslmode) throws SQLException {
        Properties properties = credentials(env, "sslmode", sslmode);
        properties.setProperty("sslrootcert", certificates.ca.toString());
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + relay.port() + "/" + env.database(),
                properties);
    }

    private static PgRelay start(PgRelayEnvironment env, String clientMode, String serverMode, String nodeHost) {
        return start(env, clientMode, serverMode, nodeHost, certificates.ca);
    }

    private static PgRelay start(PgRelayEnvironment env, String clientMode, String serverMode, String nodeHost,
                                 Path serverCa) {
        String nodes = env.configYaml().replaceAll("host: \"?127\\.0\\.0\\.1\"?", "host: \"" + nodeHost + "\"");
        assertThat(nodes).as("the node's host is replaced").contains("host: \"" + nodeHost + "\"");
        String yaml = nodes + """
                failover: { wait_for_primary: 3s }
                tls:
                  client: { mode: %s, cert: "%s", key: "%s" }
                  server: { mode: %s, ca: "%s" }
                """.formatted(clientMode, certificates.serverCert, certificates.serverKey, serverMode, serverCa);
        return PgRelay.start(ConfigLoader.parse(yaml, "tls-matrix"));
    }

    private static Properties credentials(PgRelayEnvironment env, String key, String value) {
        Properties properties = new Properties();
        properties.setProperty("user", env.user());
        properties.setProperty("password", env.password());
        properties.setProperty(key, value);
        return properties;
    }
}
