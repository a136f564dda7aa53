package dev.pgrelay.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.pgrelay.protocol.auth.Md5Password;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Passwords never reach a log line, the admin console or /metrics — not the configured ones, not a client's wrong
 * guess, not the md5 hash that logs in as well as the password does — with every pgrelay logger at DEBUG while
 * clients log in with SCRAM and md5, fail, the config is reloaded and an admin looks at SHOW CONFIG.
 */
@PgRelayTest(poolMode = "transaction", config = """
        admin_http: 127.0.0.1:0
        users:
          - { name: app, password: secret }
          - { name: audited, password: "Pw-scram-7f3c9e" }
          - { name: audited_md5, password: "Pw-md5-4b1d2a", auth: md5 }
        admin_users: [app]
        """)
class PasswordsNeverLoggedTest {
    private static final String SCRAM_PASSWORD = "Pw-scram-7f3c9e";
    private static final String MD5_PASSWORD = "Pw-md5-4b1d2a";
    private static final String WRONG_GUESS = "Pw-wrong-90e1c5";

    @Test
    void noPasswordAppearsInLogsTheAdminConsoleOrMetrics(PgRelayEnvironment env) throws Exception {
        try (Connection primary = DriverManager.getConnection(env.primaryJdbcUrl(), env.user(), env.password());
             Statement sql = primary.createStatement()) {
            sql.execute("CREATE ROLE audited LOGIN PASSWORD '" + SCRAM_PASSWORD + "'");
            sql.execute("CREATE ROLE audited_md5 LOGIN PASSWORD '" + MD5_PASSWORD + "'");
        }
        List<String> secrets = List.of(SCRAM_PASSWORD, MD5_PASSWORD, WRONG_GUESS,
                Md5Password.storedSecret("audited_md5", MD5_PASSWORD).substring(3));
        List<String> seen = new ArrayList<>();

        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger pgrelay = (Logger) LoggerFactory.getLogger("dev.pgrelay");
        Level before = pgrelay.getLevel();
        logged.start();
        pgrelay.addAppender(logged);
        pgrelay.setLevel(Level.DEBUG);
        try {
            assertThat(selectUser(env, "audited", SCRAM_PASSWORD)).isEqualTo("audited");
            assertThat(selectUser(env, "audited_md5", MD5_PASSWORD)).isEqualTo("audited_md5");
            for (String user : List.of("audited", "audited_md5")) {
                SQLException refused = catchThrowableOfType(SQLException.class,
                        () -> DriverManager.getConnection(env.relayJdbcUrl(), user, WRONG_GUESS).close());
                assertThat(refused.getSQLState()).isEqualTo("28P01");
                seen.add(refused.getMessage());
            }
            env.relay().reload(env.config());   // what RELOAD does once the file is read
            try (Connection console = DriverManager.getConnection(env.relayJdbcUrl("pgrelay") + "?preferQueryMode=simple", env.user(),
                    env.password()); Statement admin = console.createStatement()) {
                for (String show : List.of("SHOW CONFIG", "SHOW USERS", "SHOW CLIENTS", "SHOW SERVERS")) {
                    seen.add(everyCell(admin, show));
                }
            }
            var address = env.relay().adminHttpAddress().orElseThrow();
            seen.add(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + address.getPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } finally {
            pgrelay.detachAppender(logged);
            pgrelay.setLevel(before);
        }
        for (ILoggingEvent event : logged.list) {
            seen.add(event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                    : ThrowableProxyUtil.asString(event.getThrowableProxy())));
        }

        System.out.println("passwords never logged: " + logged.list.size() + " log events at DEBUG and "
                + (seen.size() - logged.list.size()) + " console/metrics/error texts searched for " + secrets.size()
                + " secrets");
        assertThat(logged.list).as("DEBUG logging was on").hasSizeGreaterThan(5);
        assertThat(seen).as("every log line, admin console answer, client error and /metrics")
                .allSatisfy(text -> assertThat(text).doesNotContain(secrets));
        assertThat(String.join("\n", seen)).contains("audited_md5");   // the search did see these logins
    }

    private static String selectUser(PgRelayEnvironment env, String user, String password) throws SQLException {
        try (Connection connection = DriverManager.getConnection(env.relayJdbcUrl(), user, password);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT current_user")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static String everyCell(Statement admin, String show) {
        StringBuilder text = new StringBuilder(show).append('\n');
        try (ResultSet rows = admin.executeQuery(show)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int i = 1; i <= columns; i++) {
                    text.append(rows.getString(i)).append('|');
                }
                text.append('\n');
            }
        } catch (SQLException unknownCommand) {
            text.append(unknownCommand.getMessage());
        }
        return text.toString();
    }
}
