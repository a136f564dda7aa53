package dev.pgrelay.protocol.auth;

import static dev.pgrelay.protocol.auth.Rfc7677.text;
import static dev.pgrelay.protocol.auth.Rfc7677.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgrelay.protocol.ProtocolException;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScramServerTest {
    private final ScramServer server = new ScramServer(Rfc7677.secret(), Rfc7677.SERVER_NONCE);

    @Test
    void rfc7677ExchangeProducesTheRfcServerMessages() throws Exception {
        assertThat(text(server.handleClientFirst(utf8(Rfc7677.CLIENT_FIRST)))).isEqualTo(Rfc7677.SERVER_FIRST);
        assertThat(text(server.handleClientFinal(utf8(Rfc7677.CLIENT_FINAL)))).isEqualTo(Rfc7677.SERVER_FINAL);
    }

    @Test
    void successfulExchangeRecoversTheClientKeyFromTheProof() throws Exception {
        server.handleClientFirst(utf8(Rfc7677.CLIENT_FIRST));
        server.handleClientFinal(utf8(Rfc7677.CLIENT_FINAL));
        assertThat(Base64.getEncoder().encodeToString(server.clientKey())).isEqualTo(Rfc7677.CLIENT_KEY);
    }

    @Test
    void proofForAnotherPasswordFails() throws Exception {
        ScramServer other = new ScramServer(ScramSecret.fromPassword("not pencil", Rfc7677.SALT, 4096),
                Rfc7677.SERVER_NONCE);
        other.handleClientFirst(utf8(Rfc7677.CLIENT_FIRST));
        assertThatThrownBy(() -> other.handleClientFinal(utf8(Rfc7677.CLIENT_FINAL)))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("proof");
        assertThatThrownBy(other::clientKey).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void userNameInTheClientFirstMessageIsIgnoredAsPostgresDoes() throws Exception {
        String anonymous = Rfc7677.CLIENT_FIRST.replace("n=user", "n=");
        assertThat(text(server.handleClientFirst(utf8(anonymous)))).isEqualTo(Rfc7677.SERVER_FIRST);
    }

    @Test
    void clientThatCouldBindButWasNotOfferedItLogsInWithYAndEsws() throws Exception {
        String clientFirst = "y" + Rfc7677.CLIENT_FIRST.substring(1);
        String serverFirst = text(server.handleClientFirst(utf8(clientFirst)));
        String clientFinal = withRfcProof(clientFirst, serverFirst,
                "c=eSws,r=" + Rfc7677.CLIENT_NONCE + Rfc7677.SERVER_NONCE);
        assertThat(text(server.handleClientFinal(utf8(clientFinal)))).startsWith("v=");
    }

    @Test
    void channelBindingAttributeMustRepeatTheGs2Header() throws Exception {
        server.handleClientFirst(utf8(Rfc7677.CLIENT_FIRST));
        String clientFinal = Rfc7677.CLIENT_FINAL.replace("c=biws", "c=eSws");
        assertThatThrownBy(() -> server.handleClientFinal(utf8(clientFinal)))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("SCRAM channel binding check failed");
    }

    @Test
    void requestForChannelBindingIsRefusedClearly() {
        assertThatThrownBy(() -> server.handleClientFirst(utf8("p=tls-server-end-point,,n=,r=abc")))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("without channel binding, but the SCRAM message includes channel binding data")
                .satisfies(e -> assertThat(((ProtocolException) e).sqlState()).isEqualTo("08P01"));
    }

    @Test
    void authorizationIdentityIsNotSupported() {
        assertThatThrownBy(() -> server.handleClientFirst(utf8("n,a=admin,n=,r=abc")))
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).sqlState()).isEqualTo("0A000"));
    }

    @Test
    void mandatoryExtensionIsNotSupported() {
        assertThatThrownBy(() -> server.handleClientFirst(utf8("n,,m=ext,n=,r=abc")))
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).sqlState()).isEqualTo("0A000"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "n,,", "x,,n=,r=abc", "n,,r=abc", "n,,n=,r=", "n,,n=,r=a b", "n,,n=,r=abc,",
        "n,,n=,r=abc,=x"})
    void malformedClientFirstMessageIsAProtocolViolation(String clientFirst) {
        assertThatThrownBy(() -> server.handleClientFirst(utf8(clientFirst)))
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).sqlState()).isEqualTo("08P01"));
    }

    @Test
    void clientFinalMessageMustEchoTheCombinedNonce() throws Exception {
        server.handleClientFirst(utf8(Rfc7677.CLIENT_FIRST));
        String clientFinal = Rfc7677.CLIENT_FINAL.replace("hNlF$k0", "hNlF$k1");
        assertThatThrownBy(() -> server.handleClientFinal(utf8(clientFinal)))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("SCRAM nonce mismatch");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
        "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=not*base64",
        "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=c2hvcnQ=",
        "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=,x=1",
    })
    void malformedClientFinalMessageIsAProtocolViolation(String clientFinal) throws Exception {
        server.handleClientFirst(utf8(Rfc7677.CLIENT_FIRST));
        assertThatThrownBy(() -> server.handleClientFinal(utf8(clientFinal))).isInstanceOf(ProtocolException.class);
    }

    @Test
    void extensionsBeforeTheProofAreSkippedButCoveredByIt() throws Exception {
        String serverFirst = text(server.handleClientFirst(utf8(Rfc7677.CLIENT_FIRST)));
        String clientFinal = withRfcProof(Rfc7677.CLIENT_FIRST, serverFirst,
                "c=biws,r=" + Rfc7677.CLIENT_NONCE + Rfc7677.SERVER_NONCE + ",x=extension");
        assertThat(text(server.handleClientFinal(utf8(clientFinal)))).startsWith("v=");
    }

    @Test
    void stepsMustComeInOrder() throws Exception {
        assertThatThrownBy(() -> server.handleClientFinal(utf8(Rfc7677.CLIENT_FINAL)))
                .isInstanceOf(IllegalStateException.class);
        ScramServer fresh = new ScramServer(Rfc7677.secret(), Rfc7677.SERVER_NONCE);
        fresh.handleClientFirst(utf8(Rfc7677.CLIENT_FIRST));
        assertThatThrownBy(() -> fresh.handleClientFirst(utf8(Rfc7677.CLIENT_FIRST)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unknownUserFailsEvenWithAWellFormedExchange() throws Exception {
        ScramServer unknown = ScramServer.forUnknownUser();
        ScramClient client = new ScramClient("any password");
        byte[] clientFinal = client.handleServerFirst(unknown.handleClientFirst(client.clientFirstMessage()));
        assertThatThrownBy(() -> unknown.handleClientFinal(clientFinal))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void unknownUserGetsTheSameSaltOnEveryAttemptLikeARealUser() throws Exception {
        assertThat(saltOffered(ScramServer.forUnknownUser("mallory")))
                .isEqualTo(saltOffered(ScramServer.forUnknownUser("mallory")))
                .isNotEqualTo(saltOffered(ScramServer.forUnknownUser("trudy")));
    }

    /** Appends the proof the RFC's client (password "pencil") would compute for these messages. */
    private static String withRfcProof(String clientFirst, String serverFirst, String clientFinalWithoutProof) {
        String authMessage = clientFirst.substring(3) + "," + serverFirst + "," + clientFinalWithoutProof;
        byte[] clientKey = Base64.getDecoder().decode(Rfc7677.CLIENT_KEY);
        byte[] proof = ScramFunctions.xor(clientKey, ScramFunctions.hmac(ScramFunctions.hash(clientKey), authMessage));
        return clientFinalWithoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
    }

    private static String saltOffered(ScramServer server) throws AuthenticationFailedException {
        String serverFirst = text(server.handleClientFirst(utf8("n,,n=,r=abc")));
        return serverFirst.substring(serverFirst.indexOf(",s="), serverFirst.indexOf(",i="));
    }
}
