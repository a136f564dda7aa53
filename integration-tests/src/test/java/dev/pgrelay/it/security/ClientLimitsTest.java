package dev.pgrelay.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pgrelay.testkit.Await;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * max_clients, limits.max_user_clients and limits.max_db_clients refuse the client over the limit with 53300 and
 * PostgreSQL's wording, and a freed slot is usable again at once.
 */
@PgRelayTest(poolMode = "transaction", poolSize = 2, config = """
        pool: { mode: transaction, size: 2, max_clients: 5 }
        limits: { max_user_clients: 4, max_db_clients: 3 }
        """)
class ClientLimitsTest {

    @BeforeEach
    void everyoneHasLeft(PgRelayEnvironment env) {
        awaitNoClients(env);
    }

    @Test
    void maxClientsCountsClientsStillLoggingInAndRefusesTheNextOne(PgRelayEnvironment env) throws Exception {
        List<RawClient> loggingIn = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {   // each sends a StartupMessage and never answers the password request
                RawClient client = new RawClient(env.relayHost(), env.relayPort(), 5000);
                client.send(RawClient.startupPacket(env.user(), env.database()));
                assertThat(client.read().type()).isEqualTo('R');
                loggingIn.add(client);
            }
            try (RawClient sixth = new RawClient(env.relayHost(), env.relayPort(), 5000)) {
                sixth.send(RawClient.startupPacket(env.user(), env.database()));
                Map<Character, String> error = sixth.readError();
                assertThat(error).containsEntry('C', "53300").containsEntry('M', "sorry, too many clients already");
            }
        } finally {
            for (RawClient client : loggingIn) {
                client.close();
            }
        }
        awaitNoClients(env);
        try (Connection connection = connect(env, env.database())) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    @Test
    void maxDbClientsRefusesTheFourthClientOfADatabaseButNotOtherDatabases(PgRelayEnvironment env) throws Exception {
        List<Connection> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(connect(env, env.database()));
            }
            SQLException refused = catchThrowableOfType(SQLException.class, () -> connect(env, env.database()));
            assertThat(refused.getSQLState()).isEqualTo("53300");
            assertThat(refused.getMessage()).contains("too many connections for database \"" + env.database() + "\"");
            open.add(connect(env, "postgres"));   // another database has its own count
            assertThat(open.get(3).isValid(5)).isTrue();
        } finally {
            closeAll(open);
        }
    }

    @Test
    void maxUserClientsRefusesTheFifthClientOfAUserAcrossDatabases(PgRelayEnvironment env) throws Exception {
        List<Connection> open = new ArrayList<>();
        try {
            open.add(connect(env, env.database()));
            open.add(connect(env, env.database()));
            open.add(connect(env, "postgres"));
            open.add(connect(env, "postgres"));
            SQLException refused = catchThrowableOfType(SQLException.class, () -> connect(env, "template1"));
            assertThat(refused.getSQLState()).isEqualTo("53300");
            assertThat(refused.getMessage()).contains("too many connections for role \"" + env.user() + "\"");
            open.remove(0).close();
            awaitUserClients(env, 3);
            open.add(connect(env, "template1"));   // the slot is free again
            try (Statement statement = open.get(open.size() - 1).createStatement()) {
                assertThat(statement.execute("SELECT 1")).isTrue();
            }
        } finally {
            closeAll(open);
        }
    }

    private static Connection connect(PgRelayEnvironment env, String database) throws SQLException {
        return DriverManager.getConnection(env.relayJdbcUrl(database), env.user(), env.password());
    }

    private static void closeAll(List<Connection> connections) throws SQLException {
        for (Connection connection : connections) {
            connection.close();
        }
    }

    private static void awaitNoClients(PgRelayEnvironment env) {
        awaitUserClients(env, 0);
    }

    private static void awaitUserClients(PgRelayEnvironment env, int count) {
        Await.until("connected clients back to " + count, java.time.Duration.ofSeconds(10),
                () -> env.relay().connectedClients() == count);
    }
}
