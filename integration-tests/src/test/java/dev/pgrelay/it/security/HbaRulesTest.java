package dev.pgrelay.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The hba rule list: the first rule matching user, database and client address decides the method; reject and
 * no match are 28000; the admin console is for admin_users only, whatever the rules let through.
 */
@PgRelayTest(config = """
        users:
          - { name: app, password: secret }
          - { name: intruder, password: intruder-pw }
        admin_users: [app]
        hba:
          - { database: postgres, method: reject }
          - { database: template1, address: 10.0.0.0/8, method: trust }
          - { database: app, address: 127.0.0.1/32, method: md5 }
          - { database: pgrelay, method: scram-sha-256 }
        """)
class HbaRulesTest {

    @Test
    void aRejectRuleRefusesWith28000(PgRelayEnvironment env) {
        SQLException refused = refusal(env, "app", "secret", "postgres");

        assertThat(refused.getSQLState()).isEqualTo("28000");
        assertThat(refused.getMessage()).contains(
                "pgrelay hba rejects connection for host \"127.0.0.1\", user \"app\", database \"postgres\"");
    }

    @Test
    void noMatchingRuleRefusesWith28000(PgRelayEnvironment env) {
        // template1 is only open to 10.0.0.0/8.
        SQLException refused = refusal(env, "app", "secret", "template1");

        assertThat(refused.getSQLState()).isEqualTo("28000");
        assertThat(refused.getMessage()).contains("no pgrelay hba entry for host \"127.0.0.1\"");
    }

    @Test
    void theMatchingRuleChoosesTheMethod(PgRelayEnvironment env) throws Exception {
        assertThat(authenticationAskedFor(env, "app", "app")).as("AuthenticationMD5Password").isEqualTo(5);
        try (Connection connection = DriverManager.getConnection(env.relayJdbcUrl("app"), "app", "secret")) {
            assertThat(connection.isValid(5)).isTrue();
        }
        assertThat(refusal(env, "app", "wrong", "app").getSQLState()).isEqualTo("28P01");
    }

    @Test
    void theAdminConsoleIsOnlyForAdminUsers(PgRelayEnvironment env) {
        SQLException intruder = refusal(env, "intruder", "intruder-pw", "pgrelay");
        assertThat(intruder.getSQLState()).isEqualTo("42501");
        assertThat(intruder.getMessage()).contains("may not use the pgrelay admin console");

        SQLException admin = catchThrowableOfType(SQLException.class,
                () -> DriverManager.getConnection(env.relayJdbcUrl("pgrelay"), "app", "secret").close());
        assertThat(admin == null ? "logged in" : admin.getSQLState()).as("an admin user gets past the check")
                .isNotEqualTo("42501");
    }

    @Test
    void theConsolesPgBouncerNameMeetsTheRulesOfPgrelay(PgRelayEnvironment env) throws Exception {
        // No rule names "pgbouncer": it is the console's other name, so the scram-sha-256 rule for pgrelay decides.
        assertThat(authenticationAskedFor(env, "app", "pgbouncer")).as("AuthenticationSASL").isEqualTo(10);
        assertThat(refusal(env, "intruder", "intruder-pw", "pgbouncer").getSQLState()).isEqualTo("42501");
    }

    /** The Authentication request's code pgrelay answers a StartupMessage with (5 md5, 10 SASL). */
    private static int authenticationAskedFor(PgRelayEnvironment env, String user, String database) throws Exception {
        try (RawClient client = new RawClient(env.relayHost(), env.relayPort(), 5000)) {
            client.send(RawClient.startupPacket(user, database));
            RawClient.Message request = client.read();
            assertThat(request.type()).isEqualTo('R');
            return ByteBuffer.wrap(request.body()).getInt();
        }
    }

    private static SQLException refusal(PgRelayEnvironment env, String user, String password, String database) {
        SQLException refused = catchThrowableOfType(SQLException.class,
                () -> DriverManager.getConnection(env.relayJdbcUrl(database), user, password).close());
        assertThat((Throwable) refused).as("refused").isNotNull();
        return refused;
    }
}
