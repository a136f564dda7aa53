package dev.pgrelay.proxy.server;

import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.SqlState;
import dev.pgrelay.protocol.auth.AuthenticationFailedException;
import dev.pgrelay.protocol.auth.ScramClient;
import dev.pgrelay.protocol.backend.Authentication;
import dev.pgrelay.protocol.backend.AuthenticationCleartextPassword;
import dev.pgrelay.protocol.backend.AuthenticationMd5Password;
import dev.pgrelay.protocol.backend.AuthenticationOk;
import dev.pgrelay.protocol.backend.AuthenticationSasl;
import dev.pgrelay.protocol.backend.AuthenticationSaslContinue;
import dev.pgrelay.protocol.backend.AuthenticationSaslFinal;
import dev.pgrelay.protocol.backend.BackendKeyData;
import dev.pgrelay.protocol.backend.ErrorResponse;
import dev.pgrelay.protocol.codec.Frames;
import dev.pgrelay.protocol.frontend.PasswordMessage;
import dev.pgrelay.protocol.frontend.SaslInitialResponse;
import dev.pgrelay.protocol.frontend.SaslResponse;
import dev.pgrelay.protocol.frontend.StartupMessage;
import dev.pgrelay.proxy.PgErrorException;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.Promise;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Logs pgrelay in to PostgreSQL as a client (protocol-flow "Start-up"): sends the StartupMessage, answers
 * cleartext, MD5 or SCRAM-SHA-256 challenges, records BackendKeyData, and completes at the first ReadyForQuery.
 */
final class ServerLogin implements ServerFrameSink {
    private static final String SCRAM = "SCRAM-SHA-256";

    /** Null when pgrelay has nothing to prove itself with: only a server that asks for nothing lets it in. */
    private final ServerCredential credential;
    private final Promise<ServerConnection> promise;
    private ScramClient scram;

    ServerLogin(ServerCredential credential, Promise<ServerConnection> promise) {
        this.credential = credential;
        this.promise = promise;
    }

    void start(ServerConnection server) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", server.user());
        parameters.put("database", server.database());
        server.channel().writeAndFlush(StartupMessage.of(parameters).encode(server.channel().alloc()));
    }

    @Override
    public void onServerFrame(ServerConnection server, ByteBuf frame) {
        try {
            switch (Frames.type(frame)) {
                case 'R' -> answerAuthentication(server, Authentication.decode(Frames.body(frame)));
                case 'K' -> {
                    BackendKeyData key = BackendKeyData.decode(Frames.body(frame));
                    server.backendKey(key.processId(), key.secretKey());
                }
                case 'E' -> fail(server, new PgErrorException(ErrorResponse.decode(Frames.body(frame))));
                case 'Z' -> {
                    server.state(ServerConnection.State.IDLE);
                    promise.trySuccess(server);
                }
                default -> {
                    // ParameterStatus is recorded by the handler; NoticeResponse during login is not for anyone.
                }
            }
        } catch (AuthenticationFailedException e) {
            fail(server, PgErrorException.fatal(SqlState.INVALID_PASSWORD,
                    "pgrelay could not log in to " + server.node().name() + " as \"" + server.user() + "\": "
                            + e.getMessage()));
        } finally {
            frame.release();
        }
    }

    private void answerAuthentication(ServerConnection server, PgMessage request) throws AuthenticationFailedException {
        if (request instanceof AuthenticationOk) {
            return;
        }
        if (credential == null) {
            throw new AuthenticationFailedException("the server asks for a password but users[].password is not set");
        }
        PgMessage answer;
        if (request instanceof AuthenticationCleartextPassword) {
            answer = new PasswordMessage(credential.cleartext());
        } else if (request instanceof AuthenticationMd5Password md5) {
            answer = new PasswordMessage(credential.md5Response(server.user(), md5.salt()));
        } else if (request instanceof AuthenticationSasl sasl) {
            if (!sasl.mechanisms().contains(SCRAM)) {
                throw new AuthenticationFailedException("server offers only " + sasl.mechanisms());
            }
            scram = credential.scramClient();
            answer = new SaslInitialResponse(SCRAM, scram.clientFirstMessage());
        } else if (request instanceof AuthenticationSaslContinue next && scram != null) {
            answer = new SaslResponse(scram.handleServerFirst(next.data()));
        } else if (request instanceof AuthenticationSaslFinal last && scram != null) {
            scram.verifyServerFinal(last.data());
            return;
        } else {
            throw new AuthenticationFailedException("unexpected authentication request " + request);
        }
        server.channel().writeAndFlush(answer.encode(server.channel().alloc()));
    }

    private void fail(ServerConnection server, PgErrorException error) {
        promise.tryFailure(error);
        server.close();
    }

    @Override
    public void onServerClosed(ServerConnection server, Throwable cause) {
        promise.tryFailure(cause != null ? cause
                : PgErrorException.fatal(SqlState.CONNECTION_FAILURE,
                        "server " + server.node().name() + " closed the connection during login"));
    }
}
