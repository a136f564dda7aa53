package dev.pgrelay.proxy.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pgrelay.config.AuthMethod;
import dev.pgrelay.config.UserConfig;
import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.SaslMessage;
import dev.pgrelay.protocol.auth.AuthenticationFailedException;
import dev.pgrelay.protocol.auth.Md5Password;
import dev.pgrelay.protocol.auth.ScramClient;
import dev.pgrelay.protocol.auth.ScramSecret;
import dev.pgrelay.protocol.auth.ScramServer;
import dev.pgrelay.protocol.backend.AuthenticationMd5Password;
import dev.pgrelay.protocol.backend.AuthenticationSasl;
import dev.pgrelay.protocol.codec.Frames;
import dev.pgrelay.protocol.frontend.PasswordMessage;
import dev.pgrelay.protocol.frontend.SaslInitialResponse;
import dev.pgrelay.protocol.frontend.SaslResponse;
import dev.pgrelay.proxy.PgErrorException;
import dev.pgrelay.proxy.server.ServerCredential;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * How a client proves its password against an auth_query secret, and what pgrelay keeps from that proof for its
 * own server logins: never the password, only what the method itself reveals.
 */
class ClientAuthenticatorTest {
    private static final String PASSWORD = "correct horse";

    @Test
    void aScramLoginAgainstALookedUpSecretLeavesAKeyThatLogsInToAServerHoldingThatSecret() throws Exception {
        ScramSecret stored = ScramSecret.fromPassword(PASSWORD);
        ClientAuthenticator authenticator = lookedUp(stored.toString(), AuthMethod.SCRAM_SHA_256);

        ClientAuthenticator.Authenticated done = scramLogin(authenticator, PASSWORD);

        ServerCredential.ScramKey key = (ServerCredential.ScramKey) done.serverCredential();
        ScramClient pgrelay = key.scramClient();
        ScramServer postgres = new ScramServer(stored);
        byte[] serverFinal = postgres.handleClientFinal(
                pgrelay.handleServerFirst(postgres.handleClientFirst(pgrelay.clientFirstMessage())));
        pgrelay.verifyServerFinal(serverFinal);   // throws unless the server accepted the proof
    }

    @Test
    void anMd5LoginAgainstALookedUpMd5SecretLeavesTheSecretForMd5ServerLogins() {
        String stored = Md5Password.storedSecret("legacy", PASSWORD);
        ClientAuthenticator authenticator = lookedUp(stored, AuthMethod.MD5);
        byte[] salt = ((AuthenticationMd5Password) ((ClientAuthenticator.Reply) authenticator.start()).message()).salt();

        ClientAuthenticator.Step step = answer(authenticator,
                new PasswordMessage(Md5Password.response("legacy", PASSWORD, salt)));

        ServerCredential credential = ((ClientAuthenticator.Authenticated) step).serverCredential();
        assertThat(credential).isEqualTo(new ServerCredential.Md5Secret(stored));
    }

    @Test
    void md5FallsBackToScramForASecretThatIsScramOnlyAsInPostgres() {
        ClientAuthenticator authenticator = lookedUp(ScramSecret.fromPassword(PASSWORD).toString(), AuthMethod.MD5);

        assertThat(((ClientAuthenticator.Reply) authenticator.start()).message()).isInstanceOf(AuthenticationSasl.class);
    }

    @Test
    void scramCannotBeCheckedAgainstAnMd5SecretSoEvenTheRightPasswordFails() {
        ClientAuthenticator authenticator = lookedUp(Md5Password.storedSecret("legacy", PASSWORD),
                AuthMethod.SCRAM_SHA_256);

        PgErrorException refused = catchThrowableOfType(PgErrorException.class,
                () -> scramLogin(authenticator, PASSWORD));

        assertThat(refused.error().sqlState()).isEqualTo("28P01");
    }

    @Test
    void aWrongPasswordAgainstALookedUpSecretIs28P01() {
        ClientAuthenticator authenticator = lookedUp(ScramSecret.fromPassword(PASSWORD).toString(),
                AuthMethod.SCRAM_SHA_256);

        PgErrorException refused = catchThrowableOfType(PgErrorException.class,
                () -> scramLogin(authenticator, "wrong"));

        assertThat(refused.error().message()).isEqualTo("password authentication failed for user \"someone\"");
    }

    @Test
    void aListedUserLeavesNoServerCredentialBehindItsPoolsUseTheListedPassword() {
        UserSecret listed = UserSecret.listed(new UserConfig("app", PASSWORD,
                AuthMethod.SCRAM_SHA_256, OptionalInt.empty()), new Credentials());

        ClientAuthenticator.Authenticated done = scramLogin(new ClientAuthenticator("app", listed,
                AuthMethod.SCRAM_SHA_256), PASSWORD);

        assertThat(done.serverCredential()).isNull();
    }

    private static ClientAuthenticator lookedUp(String rolpassword, AuthMethod method) {
        return new ClientAuthenticator("someone", UserSecret.lookedUp(rolpassword), method);
    }

    /** Runs a whole SCRAM exchange as a client knowing {@code password}. */
    private static ClientAuthenticator.Authenticated scramLogin(ClientAuthenticator authenticator, String password) {
        assertThat(((ClientAuthenticator.Reply) authenticator.start()).message()).isInstanceOf(AuthenticationSasl.class);
        ScramClient client = new ScramClient(password);
        ClientAuthenticator.Step serverFirst = answer(authenticator,
                new SaslInitialResponse("SCRAM-SHA-256", client.clientFirstMessage()));
        try {
            byte[] clientFinal = client.handleServerFirst(
                    ((SaslMessage) ((ClientAuthenticator.Reply) serverFirst).message()).data());
            return (ClientAuthenticator.Authenticated) answer(authenticator, new SaslResponse(clientFinal));
        } catch (AuthenticationFailedException e) {
            throw new AssertionError(e);
        }
    }

    private static ClientAuthenticator.Step answer(ClientAuthenticator authenticator, PgMessage message) {
        ByteBuf frame = message.encode(UnpooledByteBufAllocator.DEFAULT);
        try {
            return authenticator.onPasswordMessage(Frames.body(frame));
        } finally {
            frame.release();
        }
    }
}
