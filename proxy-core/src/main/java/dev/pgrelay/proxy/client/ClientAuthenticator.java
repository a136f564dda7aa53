package dev.pgrelay.proxy.client;

import dev.pgrelay.config.AuthMethod;
import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.SqlState;
import dev.pgrelay.protocol.auth.AuthenticationFailedException;
import dev.pgrelay.protocol.auth.Md5Password;
import dev.pgrelay.protocol.auth.ScramSecret;
import dev.pgrelay.protocol.auth.ScramServer;
import dev.pgrelay.protocol.backend.AuthenticationMd5Password;
import dev.pgrelay.protocol.backend.AuthenticationOk;
import dev.pgrelay.protocol.backend.AuthenticationSasl;
import dev.pgrelay.protocol.backend.AuthenticationSaslContinue;
import dev.pgrelay.protocol.backend.AuthenticationSaslFinal;
import dev.pgrelay.protocol.frontend.PasswordMessage;
import dev.pgrelay.protocol.frontend.SaslInitialResponse;
import dev.pgrelay.protocol.frontend.SaslResponse;
import dev.pgrelay.proxy.PgErrorException;
import dev.pgrelay.proxy.server.ServerCredential;
import io.netty.buffer.ByteBuf;
import java.security.SecureRandom;
import java.util.List;

/**
 * Authenticates one client the way PostgreSQL would (protocol-flow "Start-up"): SCRAM-SHA-256, MD5 or trust, as
 * the hba rules or users[].auth decide. As in PostgreSQL, md5 falls back to SCRAM for a secret that is SCRAM only,
 * while SCRAM cannot be checked against an md5 secret. Unknown users, and users whose secret cannot check the
 * method, go through a SCRAM exchange that can never succeed, so a client cannot learn which user names exist;
 * every failure is the same 28P01 PostgreSQL sends.
 */
final class ClientAuthenticator {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SCRAM = "SCRAM-SHA-256";

    /** What the session must do after a step. */
    sealed interface Step permits Reply, Authenticated {
    }

    /** Send this message and wait for the client's next password message. */
    record Reply(PgMessage message) implements Step {
    }

    /**
     * The client proved who it is; send these messages (may be empty) and then AuthenticationOk. For an auth_query
     * user, {@code serverCredential} is what its proof lets pgrelay log in to servers with; null otherwise.
     */
    record Authenticated(List<PgMessage> messages, ServerCredential serverCredential) implements Step {
    }

    private enum Method { SCRAM_FIRST, SCRAM_FINAL, MD5, TRUST }

    private final String userName;
    private final UserSecret secret;    // null for an unknown user
    private final AuthMethod method;
    private Method expecting;
    private ScramSecret scramSecret;
    private ScramServer scram;
    private byte[] md5Salt;

    ClientAuthenticator(String userName, UserSecret secret, AuthMethod method) {
        this.userName = userName;
        this.secret = secret;
        this.method = method;
    }

    /** The first step: the authentication request to send, or success straight away for trust. */
    Step start() {
        if (secret == null) {
            return startScram(ScramServer.forUnknownUser(userName));
        }
        if (method == AuthMethod.TRUST) {
            expecting = Method.TRUST;
            return new Authenticated(List.of(), null);
        }
        if (method == AuthMethod.MD5 && secret.checksMd5()) {
            md5Salt = new byte[4];
            RANDOM.nextBytes(md5Salt);
            expecting = Method.MD5;
            return new Reply(new AuthenticationMd5Password(md5Salt));
        }
        if (!secret.checksScram()) {
            return startScram(ScramServer.forUnknownUser(userName));   // fails like a wrong password, as in PostgreSQL
        }
        scramSecret = secret.scram().get();
        return startScram(new ScramServer(scramSecret));
    }

    private Step startScram(ScramServer exchange) {
        scram = exchange;
        expecting = Method.SCRAM_FIRST;
        return new Reply(new AuthenticationSasl(List.of(SCRAM)));
    }

    /** Handles the body of a 'p' message from the client; throws 28P01 or 08P01 when the client fails. */
    Step onPasswordMessage(ByteBuf body) {
        try {
            switch (expecting) {
                case SCRAM_FIRST -> {
                    SaslInitialResponse initial = SaslInitialResponse.decode(body);
                    if (!SCRAM.equals(initial.mechanism())) {
                        throw PgErrorException.fatal(SqlState.PROTOCOL_VIOLATION,
                                "client selected an invalid SASL authentication mechanism");
                    }
                    expecting = Method.SCRAM_FINAL;
                    return new Reply(new AuthenticationSaslContinue(scram.handleClientFirst(initial.data())));
                }
                case SCRAM_FINAL -> {
                    byte[] serverFinal = scram.handleClientFinal(SaslResponse.decode(body).data());
                    return new Authenticated(List.of(new AuthenticationSaslFinal(serverFinal)),
                            secret.lookedUp() ? new ServerCredential.ScramKey(scram.clientKey(), scramSecret) : null);
                }
                case MD5 -> {
                    String response = PasswordMessage.decode(body).password();
                    if (!Md5Password.verify(secret.md5(), md5Salt, response)) {
                        throw passwordFailed();
                    }
                    return new Authenticated(List.of(),
                            secret.lookedUp() ? new ServerCredential.Md5Secret(secret.md5()) : null);
                }
                default -> throw PgErrorException.fatal(SqlState.PROTOCOL_VIOLATION,
                        "unexpected password message");
            }
        } catch (AuthenticationFailedException e) {
            throw passwordFailed();
        }
    }

    static PgMessage ok() {
        return AuthenticationOk.INSTANCE;
    }

    private PgErrorException passwordFailed() {
        // PostgreSQL's own wording, so clients and their users see the familiar message.
        return PgErrorException.fatal(SqlState.INVALID_PASSWORD,
                "password authentication failed for user \"" + userName + "\"");
    }
}
