package dev.pgrelay.proxy.client;

import dev.pgrelay.config.UserConfig;
import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.SqlState;
import dev.pgrelay.protocol.codec.Frames;
import dev.pgrelay.protocol.frontend.CancelRequest;
import dev.pgrelay.protocol.frontend.GssEncRequest;
import dev.pgrelay.protocol.frontend.SslRequest;
import dev.pgrelay.protocol.frontend.StartupMessage;
import dev.pgrelay.proxy.PgErrorException;
import dev.pgrelay.proxy.RelayContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.Locale;

/**
 * A client's way in (protocol-flow "Start-up"): encryption requests (answered 'N' for now), cancel requests,
 * the StartupMessage with its checks (max_clients, replication, user name), then authentication. Produces the
 * client's {@link Identity} once it has proved who it is; every refusal is a {@link PgErrorException}.
 */
final class ClientLogin {
    private static final byte[] NO_ENCRYPTION = {'N'};

    /** Who the client is and what it asked for, known once it authenticated. */
    record Identity(String userName, String database, UserConfig user, SessionParameters parameters) {
    }

    private final RelayContext relay;
    private final Channel channel;
    private boolean admitted;
    private boolean authenticating;
    private String userName;
    private String database;
    private UserConfig user;
    private SessionParameters parameters;
    private ClientAuthenticator authenticator;

    ClientLogin(RelayContext relay, Channel channel) {
        this.relay = relay;
        this.channel = channel;
    }

    /** True once the client holds one of max_clients' slots, which the session gives back when it ends. */
    boolean admitted() {
        return admitted;
    }

    boolean authenticating() {
        return authenticating;
    }

    /** Handles one startup-phase packet; returns the identity when a trust login completes at once. */
    Identity onStartupPacket(Object packet) {
        if (packet instanceof SslRequest || packet instanceof GssEncRequest) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(NO_ENCRYPTION));   // 'N': continue unencrypted
            return null;
        }
        if (packet instanceof CancelRequest cancel) {
            ClientSession target = relay.clients().find(cancel.processId());
            if (target != null) {
                target.cancelRunningQuery(cancel.secretKey());
            }
            channel.close();   // a cancel connection gets no answer (protocol-flow "Canceling Requests")
            return null;
        }
        if (packet instanceof StartupMessage startup) {
            return onStartupMessage(startup);
        }
        ReferenceCountUtil.release(packet);
        throw PgErrorException.fatal(SqlState.PROTOCOL_VIOLATION, "unexpected message during startup");
    }

    private Identity onStartupMessage(StartupMessage startup) {
        if (!relay.clients().tryAdmit()) {
            throw PgErrorException.fatal(SqlState.TOO_MANY_CONNECTIONS, "sorry, too many clients already");
        }
        admitted = true;
        String replication = startup.parameters().get("replication");
        if (replication != null
                && !List.of("false", "off", "no", "0").contains(replication.toLowerCase(Locale.ROOT))) {
            throw PgErrorException.fatal(SqlState.FEATURE_NOT_SUPPORTED,
                    "replication connections are not supported through pgrelay; connect to the server directly");
        }
        userName = startup.user();
        database = startup.database();
        parameters = SessionParameters.fromStartup(startup.parameters());
        if ("pgrelay".equals(database)) {
            throw PgErrorException.fatal(SqlState.FEATURE_NOT_SUPPORTED,
                    "the pgrelay admin console is not available in this version");
        }
        user = relay.config().user(userName).orElse(null);
        authenticator = new ClientAuthenticator(userName, user, relay.credentials());
        authenticating = true;
        return onStep(authenticator.start());
    }

    /** Handles one message while authenticating; returns the identity once the client has proved it. */
    Identity onPasswordFrame(ByteBuf frame) {
        try {
            if (Frames.type(frame) != 'p') {
                throw PgErrorException.fatal(SqlState.PROTOCOL_VIOLATION,
                        "expected a password response, got message type '" + (char) Frames.type(frame) + "'");
            }
            return onStep(authenticator.onPasswordMessage(Frames.body(frame)));
        } finally {
            frame.release();
        }
    }

    private Identity onStep(ClientAuthenticator.Step step) {
        if (step instanceof ClientAuthenticator.Reply reply) {
            send(reply.message());
            channel.flush();
            return null;
        }
        for (PgMessage message : ((ClientAuthenticator.Authenticated) step).messages()) {
            send(message);
        }
        send(ClientAuthenticator.ok());
        channel.flush();
        authenticating = false;
        return new Identity(userName, database, user, parameters);
    }

    private void send(PgMessage message) {
        channel.write(message.encode(channel.alloc()), channel.voidPromise());
    }
}
