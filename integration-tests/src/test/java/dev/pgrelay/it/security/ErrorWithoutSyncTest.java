package dev.pgrelay.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * After an error in the extended protocol PostgreSQL discards every message until a Sync. A client that sends a
 * failing Parse and a Flush, reads the error and leaves without a Sync leaves its server connection in that
 * state: with nothing pending and the transaction idle it looked clean, went back to the pool, and the next client's
 * queries were silently discarded — that client hung (found by HostileInputFuzzTest in CI). Such a connection is
 * not clean: it is closed. In session pooling the reset query would have been discarded too, and the connection
 * lost to the pool for good. One server connection, so the next client must get a fresh one or hang.
 */
abstract class ErrorWithoutSyncTest {

    @Test
    void aConnectionLeftWaitingForSyncIsNotHandedToTheNextClient(PgRelayEnvironment env) throws Exception {
        try (RawClient client = new RawClient(env.relayHost(), env.relayPort(), 5000)) {
            client.login(env.user(), env.password(), env.database());
            client.send(RawClient.frame('P', parse("SELEKT 1")));
            client.send(RawClient.frame('H', new byte[0]));   // Flush: the error comes back, no Sync is sent
            RawClient.Message error = client.read();
            assertThat(error.type()).isEqualTo('E');
        }   // the client leaves without a Sync

        Properties properties = new Properties();
        properties.setProperty("user", env.user());
        properties.setProperty("password", env.password());
        properties.setProperty("socketTimeout", "10");   // seconds: a discarded query fails the test, not hangs it
        try (Connection next = DriverManager.getConnection(env.relayJdbcUrl(), properties);
             Statement statement = next.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 42")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(42);
        }
    }

    /** Parse: unnamed statement, the query, no parameter types. */
    private static byte[] parse(String sql) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0);
        body.writeBytes((sql + "\0").getBytes(StandardCharsets.UTF_8));
        body.write(0);
        body.write(0);
        return body.toByteArray();
    }
}
