package dev.pgrelay.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A ScramClient talking to a ScramServer: both halves of pgrelay's SCRAM against each other. */
class ScramExchangeTest {
    private final ScramSecret secret = ScramSecret.fromPassword("correct horse");

    @Test
    void clientWithTheRightPasswordLogsIn() throws Exception {
        ScramClient client = new ScramClient("correct horse");
        ScramServer server = new ScramServer(secret);
        assertThatCode(() -> exchange(client, server)).doesNotThrowAnyException();
    }

    @Test
    void clientWithTheWrongPasswordIsRefused() throws Exception {
        ScramClient client = new ScramClient("battery staple");
        ScramServer server = new ScramServer(secret);
        byte[] clientFinal = client.handleServerFirst(server.handleClientFirst(client.clientFirstMessage()));
        assertThatThrownBy(() -> server.handleClientFinal(clientFinal))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void serverThatStoleOnlyTheStoredKeyCannotFoolTheClient() throws Exception {
        ScramSecret stolen = new ScramSecret(secret.iterations(), secret.salt(), secret.storedKey(),
                ScramFunctions.randomBytes(32));
        ScramClient client = new ScramClient("correct horse");
        ScramServer impostor = new ScramServer(stolen);
        byte[] clientFinal = client.handleServerFirst(impostor.handleClientFirst(client.clientFirstMessage()));
        byte[] serverFinal = impostor.handleClientFinal(clientFinal);
        assertThatThrownBy(() -> client.verifyServerFinal(serverFinal))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void recoveredClientKeyLogsInToAServerHoldingTheSameSecret() throws Exception {
        ScramServer pgrelay = new ScramServer(secret);
        exchange(new ScramClient("correct horse"), pgrelay);
        ScramClient passthrough = ScramClient.withClientKey(pgrelay.clientKey(), secret);
        assertThatCode(() -> exchange(passthrough, new ScramServer(secret))).doesNotThrowAnyException();
    }

    @Test
    void recoveredClientKeyIsUselessAgainstTheSamePasswordWithAnotherSalt() throws Exception {
        ScramServer pgrelay = new ScramServer(secret);
        exchange(new ScramClient("correct horse"), pgrelay);
        ScramClient passthrough = ScramClient.withClientKey(pgrelay.clientKey(), secret);
        ScramServer otherSalt = new ScramServer(ScramSecret.fromPassword("correct horse"));
        byte[] serverFirst = otherSalt.handleClientFirst(passthrough.clientFirstMessage());
        assertThatThrownBy(() -> passthrough.handleServerFirst(serverFirst))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("salt");
    }

    @Test
    void clientKeyMustBelongToTheSecret() {
        assertThatThrownBy(() -> ScramClient.withClientKey(new byte[32], secret))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownUserIsRefusedWhateverThePassword() throws Exception {
        for (String password : new String[] {"correct horse", "", "anything"}) {
            ScramClient client = new ScramClient(password);
            ScramServer server = ScramServer.forUnknownUser("nobody");
            byte[] clientFinal = client.handleServerFirst(server.handleClientFirst(client.clientFirstMessage()));
            assertThatThrownBy(() -> server.handleClientFinal(clientFinal))
                    .isInstanceOf(AuthenticationFailedException.class);
        }
    }

    @Test
    void nonAsciiPasswordsAgreeOnBothSides() throws Exception {
        ScramServer server = new ScramServer(ScramSecret.fromPassword("I\u00ADX"));
        exchange(new ScramClient("\u2168"), server);
        assertThat(server.clientKey()).hasSize(32);
    }

    private static void exchange(ScramClient client, ScramServer server) throws AuthenticationFailedException {
        byte[] clientFinal = client.handleServerFirst(server.handleClientFirst(client.clientFirstMessage()));
        client.verifyServerFinal(server.handleClientFinal(clientFinal));
    }
}
