package dev.pgrelay.protocol.auth;

import static dev.pgrelay.protocol.auth.Rfc7677.text;
import static dev.pgrelay.protocol.auth.Rfc7677.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScramClientTest {
    private final ScramClient client = new ScramClient(Rfc7677.USER, Rfc7677.PASSWORD, Rfc7677.CLIENT_NONCE);

    @Test
    void rfc7677ExchangeProducesTheRfcClientMessages() throws Exception {
        assertThat(text(client.clientFirstMessage())).isEqualTo(Rfc7677.CLIENT_FIRST);
        assertThat(text(client.handleServerFirst(utf8(Rfc7677.SERVER_FIRST)))).isEqualTo(Rfc7677.CLIENT_FINAL);
        assertThatCode(() -> client.verifyServerFinal(utf8(Rfc7677.SERVER_FINAL))).doesNotThrowAnyException();
    }

    @Test
    void clientSendsAnEmptyUserNameAndARandomNonceLikeLibpq() {
        String first = text(new ScramClient("pw").clientFirstMessage());
        String other = text(new ScramClient("pw").clientFirstMessage());
        assertThat(first).startsWith("n,,n=,r=").hasSizeGreaterThan("n,,n=,r=".length() + 20).isNotEqualTo(other);
    }

    @Test
    void userNameIsEscapedAsRfc5802Requires() {
        assertThat(text(new ScramClient("a,b=c", "pw", "nonce").clientFirstMessage()))
                .isEqualTo("n,,n=a=2Cb=3Dc,r=nonce");
    }

    @Test
    void serverThatDoesNotKnowTheSecretIsCaughtByItsSignature() throws Exception {
        client.handleServerFirst(utf8(Rfc7677.SERVER_FIRST));
        assertThatThrownBy(() -> client.verifyServerFinal(utf8("v=" + "A".repeat(43) + "=")))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("signature");
    }

    @Test
    void serverErrorIsReported() throws Exception {
        client.handleServerFirst(utf8(Rfc7677.SERVER_FIRST));
        assertThatThrownBy(() -> client.verifyServerFinal(utf8("e=invalid-proof")))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("invalid-proof");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "r=someoneElsesNonce,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        "r=rOprNGfwEbeRWgbNEkqO,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        "r=rOprNGfwEbeRWgbNEkqOxyz,s=,i=4096",
        "r=rOprNGfwEbeRWgbNEkqOxyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=0",
        "r=rOprNGfwEbeRWgbNEkqOxyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=many",
        "r=rOprNGfwEbeRWgbNEkqOxyz,s=W22ZaJ0SNY7soEsUEjb6gQ==",
        "m=required,r=rOprNGfwEbeRWgbNEkqOxyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        "garbage",
    })
    void unusableServerFirstMessageFailsTheLogin(String serverFirst) {
        assertThatThrownBy(() -> client.handleServerFirst(utf8(serverFirst)))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void malformedServerFinalMessageFailsTheLogin() throws Exception {
        client.handleServerFirst(utf8(Rfc7677.SERVER_FIRST));
        assertThatThrownBy(() -> client.verifyServerFinal(utf8("v=***")))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void stepsMustComeInOrder() {
        assertThatThrownBy(() -> client.verifyServerFinal(utf8(Rfc7677.SERVER_FINAL)))
                .isInstanceOf(IllegalStateException.class);
    }
}
