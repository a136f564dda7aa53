package dev.pgrelay.bench.idle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgrelay.protocol.MessageType;
import dev.pgrelay.protocol.auth.AuthenticationFailedException;
import dev.pgrelay.protocol.auth.Md5Password;
import dev.pgrelay.protocol.auth.ScramSecret;
import dev.pgrelay.protocol.auth.ScramServer;
import dev.pgrelay.protocol.backend.AuthenticationMd5Password;
import dev.pgrelay.protocol.backend.AuthenticationSasl;
import dev.pgrelay.protocol.backend.AuthenticationSaslContinue;
import dev.pgrelay.protocol.backend.AuthenticationSaslFinal;
import dev.pgrelay.protocol.backend.ErrorResponse;
import dev.pgrelay.protocol.frontend.PasswordMessage;
import dev.pgrelay.protocol.frontend.SaslInitialResponse;
import dev.pgrelay.protocol.frontend.SaslResponse;
import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PgLoginTest {
    private static final PgLogin.Credentials APP = new PgLogin.Credentials("app", "secret", "bench");
    private static final ErrorResponse WRONG_PASSWORD =
            ErrorResponse.of("FATAL", "28P01", "password authentication failed for user \"app\"");

    @Test
    void logsInWithScramAndLeavesTheConnectionIdleAndOpen() throws Exception {
        try (FakeLoginServer server = new FakeLoginServer(connection -> scram(connection, "secret"));
                Socket socket = new PgLogin(APP, 5000).open(server.address())) {
            assertThat(socket.isConnected()).isTrue();
            assertThat(socket.getSoTimeout()).isZero();
            assertThat(server.startup.get(5, TimeUnit.SECONDS).parameters())
                    .containsEntry("user", "app").containsEntry("database", "bench");
        }
    }

    @Test
    void logsInWithMd5() throws Exception {
        byte[] salt = {1, 2, 3, 4};
        FakeLoginServer.Exchange md5 = connection -> {
            connection.send(new AuthenticationMd5Password(salt));
            String response = PasswordMessage.decode(connection.readBody(MessageType.PASSWORD)).password();
            return Md5Password.verify(Md5Password.storedSecret("app", "secret"), salt, response) ? null : WRONG_PASSWORD;
        };
        try (FakeLoginServer server = new FakeLoginServer(md5);
                Socket socket = new PgLogin(APP, 5000).open(server.address())) {
            assertThat(socket.isConnected()).isTrue();
        }
    }

    @Test
    void reportsTheServersErrorWhenTheLoginIsRefused() throws Exception {
        try (FakeLoginServer server = new FakeLoginServer(connection -> scram(connection, "another password"))) {
            assertThatThrownBy(() -> new PgLogin(APP, 5000).open(server.address()))
                    .isInstanceOf(IOException.class)
                    .hasMessage("login refused: 28P01 password authentication failed for user \"app\"");
        }
    }

    /** PostgreSQL's side of a SCRAM login for a user whose password is {@code password}. */
    private static ErrorResponse scram(FakeLoginServer.Connection connection, String password) throws Exception {
        ScramServer scram = new ScramServer(ScramSecret.fromPassword(password));
        connection.send(AuthenticationSasl.SCRAM_SHA_256_ONLY);
        SaslInitialResponse first = SaslInitialResponse.decode(connection.readBody(MessageType.PASSWORD));
        assertThat(first.mechanism()).isEqualTo(AuthenticationSasl.SCRAM_SHA_256);
        connection.send(new AuthenticationSaslContinue(scram.handleClientFirst(first.data())));
        SaslResponse last = SaslResponse.decode(connection.readBody(MessageType.PASSWORD));
        try {
            connection.send(new AuthenticationSaslFinal(scram.handleClientFinal(last.data())));
            return null;
        } catch (AuthenticationFailedException e) {
            return WRONG_PASSWORD;
        }
    }
}
