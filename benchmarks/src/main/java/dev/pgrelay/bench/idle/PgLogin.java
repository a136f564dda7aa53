package dev.pgrelay.bench.idle;

import dev.pgrelay.protocol.MessageType;
import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.auth.AuthenticationFailedException;
import dev.pgrelay.protocol.auth.Md5Password;
import dev.pgrelay.protocol.auth.ScramClient;
import dev.pgrelay.protocol.backend.Authentication;
import dev.pgrelay.protocol.backend.AuthenticationCleartextPassword;
import dev.pgrelay.protocol.backend.AuthenticationMd5Password;
import dev.pgrelay.protocol.backend.AuthenticationOk;
import dev.pgrelay.protocol.backend.AuthenticationSasl;
import dev.pgrelay.protocol.backend.AuthenticationSaslContinue;
import dev.pgrelay.protocol.backend.AuthenticationSaslFinal;
import dev.pgrelay.protocol.backend.ErrorResponse;
import dev.pgrelay.protocol.frontend.PasswordMessage;
import dev.pgrelay.protocol.frontend.SaslInitialResponse;
import dev.pgrelay.protocol.frontend.SaslResponse;
import dev.pgrelay.protocol.frontend.StartupMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Logs one client in the way a driver does — StartupMessage, then cleartext, MD5 or SCRAM-SHA-256 — and stops
 * at the first ReadyForQuery, leaving an idle connection that costs the caller nothing but its socket.
 */
final class PgLogin {
    /** Who logs in where. */
    record Credentials(String user, String password, String database) {
    }

    private final Credentials credentials;
    private final int timeoutMillis;

    PgLogin(Credentials credentials, int timeoutMillis) {
        this.credentials = credentials;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Connects and logs in; the socket returned is idle (the server sent ReadyForQuery) and blocking reads on it
     * no longer time out.
     *
     * @throws IOException when the connection fails or the server refuses the login (with its message)
     */
    Socket open(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(address, timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            logIn(new DataInputStream(new BufferedInputStream(socket.getInputStream())), socket.getOutputStream());
            socket.setSoTimeout(0);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void logIn(DataInputStream in, OutputStream out) throws IOException {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", credentials.user());
        parameters.put("database", credentials.database());
        parameters.put("application_name", "pgrelay-idle-clients");
        send(out, StartupMessage.of(parameters));
        ScramClient scram = null;
        while (true) {
            byte type = in.readByte();
            byte[] body = new byte[in.readInt() - 4];
            in.readFully(body);
            if (type == MessageType.READY_FOR_QUERY) {
                return;
            }
            if (type == MessageType.ERROR_RESPONSE) {
                ErrorResponse error = ErrorResponse.decode(Unpooled.wrappedBuffer(body));
                throw new IOException("login refused: " + error.sqlState() + " " + error.message());
            }
            if (type == MessageType.AUTHENTICATION) {
                scram = answer(Authentication.decode(Unpooled.wrappedBuffer(body)), scram, out);
            }
            // ParameterStatus, BackendKeyData and notices need no answer.
        }
    }

    /** Answers one Authentication request; returns the SCRAM exchange in progress, if any. */
    private ScramClient answer(PgMessage request, ScramClient scram, OutputStream out) throws IOException {
        try {
            if (request instanceof AuthenticationSasl sasl) {
                if (!sasl.mechanisms().contains(AuthenticationSasl.SCRAM_SHA_256)) {
                    throw new IOException("server offers no SCRAM-SHA-256: " + sasl.mechanisms());
                }
                ScramClient started = new ScramClient(credentials.password());
                send(out, new SaslInitialResponse(AuthenticationSasl.SCRAM_SHA_256, started.clientFirstMessage()));
                return started;
            }
            if (request instanceof AuthenticationSaslContinue serverFirst) {
                send(out, new SaslResponse(requireScram(scram).handleServerFirst(serverFirst.data())));
            } else if (request instanceof AuthenticationSaslFinal serverFinal) {
                requireScram(scram).verifyServerFinal(serverFinal.data());
            } else if (request instanceof AuthenticationMd5Password md5) {
                send(out, new PasswordMessage(Md5Password.response(credentials.user(), credentials.password(),
                        md5.salt())));
            } else if (request instanceof AuthenticationCleartextPassword) {
                send(out, new PasswordMessage(credentials.password()));
            } else if (request != AuthenticationOk.INSTANCE) {
                throw new IOException("unexpected authentication request " + request);
            }
            return scram;
        } catch (AuthenticationFailedException e) {
            throw new IOException("SCRAM login failed: " + e.getMessage(), e);
        }
    }

    private static ScramClient requireScram(ScramClient scram) throws IOException {
        if (scram == null) {
            throw new IOException("server sent a SCRAM message before asking for SCRAM");
        }
        return scram;
    }

    private static void send(OutputStream out, PgMessage message) throws IOException {
        ByteBuf frame = Unpooled.buffer();
        try {
            message.writeTo(frame);
            out.write(ByteBufUtil.getBytes(frame));
            out.flush();
        } finally {
            frame.release();
        }
    }
}
