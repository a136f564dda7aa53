package dev.pgrelay.proxy.client;

import dev.pgrelay.config.AuthMethod;
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
import dev.pgrelay.proxy.admin.AdminConsole;
import dev.pgrelay.proxy.security.AuthQuery;
import dev.pgrelay.proxy.security.LoginPolicy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * A client's way in (protocol-flow "Start-up"): SSLRequest (TLS per tls.client), cancel requests, the
 * StartupMessage with its checks (TLS required, max_clients, replication, hba rules), authentication, then the
 * checks PostgreSQL makes after it (per-user and per-database limits, admin console rights). Produces the
 * client's {@link Identity} once it has proved who it is; every refusal is a {@link PgErrorException}.
 *
 * <p>A user not in {@code users} is looked up with auth_query, if configured, before the authentication request
 * goes out; that one step is asynchronous, and its failure reaches the session through {@code failLater}.
 */
final class ClientLogin {
    private static final byte[] NO_ENCRYPTION = {'N'};

    /** Who the client is and what it asked for, known once it authenticated. */
    record Identity(String userName, String database, UserConfig user, SessionParameters parameters) {
        /** An admin_users user logging in to the virtual database: the admin console serves it, not a server. */
        boolean adminConsole() {
            return AdminConsole.isConsoleDatabase(database);
        }
    }

    private final RelayContext relay;
    private final LoginPolicy policy;
    private final Channel channel;
    private final Consumer<PgErrorException> failLater;
    private boolean admitted;
    private boolean authenticating;
    private String userName;
    private String database;
    private UserConfig user;
    private SessionParameters parameters;
    private ClientAuthenticator authenticator;

    ClientLogin(RelayContext relay, LoginPolicy policy, Channel channel, Consumer<PgErrorException> failLater) {
        this.relay = relay;
        this.policy = policy;
        this.channel = channel;
        this.failLater = failLater;
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
        if (packet instanceof SslRequest) {
            policy.tls().answerSslRequest(channel);
            return null;
        }
        if (packet instanceof GssEncRequest) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(NO_ENCRYPTION));   // 'N': continue without GSSAPI
            return null;
        }
        if (packet instanceof CancelRequest cancel) {
            // A cancel connection gets no answer, only its close (protocol-flow "Canceling Requests") — and, as from
            // PostgreSQL, only once the backend has been signalled: a client whose cancel call returned may rely
            // on that. (PostgreSQL signals twice; a second signal still on its way could hit the next statement.)
            ClientSession target = relay.clients().find(cancel.processId());
            if (target == null) {
                channel.close();
            } else {
                target.cancelRunningQuery(cancel.secretKey(), channel.eventLoop())
                        .addListener(delivered -> channel.close());
            }
            return null;
        }
        if (packet instanceof StartupMessage startup) {
            return onStartupMessage(startup);
        }
        ReferenceCountUtil.release(packet);
        throw PgErrorException.fatal(SqlState.PROTOCOL_VIOLATION, "unexpected message during startup");
    }

    private Identity onStartupMessage(StartupMessage startup) {
        if (policy.tls().refusesPlaintext(channel)) {
            throw PgErrorException.fatal(SqlState.INVALID_AUTHORIZATION, "pgrelay accepts only TLS connections",
                    "Connect with sslmode=require (or stronger).");
        }
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
        user = relay.config().user(userName).orElse(null);
        authenticating = true;
        if (user == null && relay.authQuery().isPresent()) {
            // Without hba rules the secret decides, as PgBouncer's auth_type md5 does: md5 for an md5 secret, else SCRAM.
            AuthMethod method = policy.access().methodFor(userName, database, clientAddress(), AuthMethod.MD5);
            user = withoutPassword(userName);
            if (method != AuthMethod.TRUST) {
                lookUpSecret(relay.authQuery().get(), method);
                return null;
            }
            // trust: nothing to check, and no secret to pass on; the server decides whether it lets the user in.
            authenticator = new ClientAuthenticator(userName, UserSecret.lookedUp(null), method);
            return onStep(authenticator.start());
        }
        AuthMethod method = policy.access().methodFor(userName, database, clientAddress(), user);
        authenticator = new ClientAuthenticator(userName, user == null ? null : UserSecret.listed(user,
                relay.credentials()), method);
        return onStep(authenticator.start());
    }

    /**
     * Reads the user's secret through auth_query, then sends the authentication request. An unknown user or a
     * NULL secret still gets an exchange that fails as a wrong password does.
     */
    private void lookUpSecret(AuthQuery authQuery, AuthMethod method) {
        authQuery.secretOf(userName, database, channel.eventLoop()).addListener((Future<Optional<String>> found) -> {
            if (!channel.isActive()) {
                return;   // the client left (or timed out) while we looked
            }
            if (!found.isSuccess()) {
                failLater.accept(found.cause() instanceof PgErrorException pg ? pg
                        : PgErrorException.fatal(SqlState.INTERNAL_ERROR, "auth_query lookup failed"));
                return;
            }
            authenticator = new ClientAuthenticator(userName, found.getNow().map(UserSecret::lookedUp).orElse(null),
                    method);
            try {
                onStep(authenticator.start());
            } catch (PgErrorException e) {
                failLater.accept(e);
            }
        });
    }

    /**
     * A user auth_query vouches for, as pools see it: no password in the config, so its pools log in with what
     * its clients' logins proved (PoolRegistry#rememberLogin). Its auth value is never used for client logins.
     */
    private static UserConfig withoutPassword(String name) {
        return new UserConfig(name, null, AuthMethod.TRUST, OptionalInt.empty());
    }

    /** Handles one message while authenticating; returns the identity once the client has proved it. */
    Identity onPasswordFrame(ByteBuf frame) {
        try {
            if (authenticator == null) {
                // PostgreSQL reads nothing from a client before asking for its password: this is out of order.
                throw PgErrorException.fatal(SqlState.PROTOCOL_VIOLATION,
                        "unexpected message before the authentication request");
            }
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
        ClientAuthenticator.Authenticated authenticated = (ClientAuthenticator.Authenticated) step;
        for (PgMessage message : authenticated.messages()) {
            send(message);
        }
        checkAfterAuthentication();
        if (authenticated.serverCredential() != null) {
            relay.pools().rememberLogin(userName, authenticated.serverCredential());
        }
        send(ClientAuthenticator.ok());
        channel.flush();
        authenticating = false;
        return new Identity(userName, database, user, parameters);
    }

    /**
     * Checks PostgreSQL makes once the password is proved, so that they tell nothing to someone who cannot log
     * in: admin console rights, then the per-user and per-database limits (whose slot the channel's close gives back).
     */
    private void checkAfterAuthentication() {
        if (AdminConsole.isConsoleDatabase(database)) {
            if (!relay.config().isAdmin(userName)) {
                throw PgErrorException.fatal(SqlState.INSUFFICIENT_PRIVILEGE,
                        "permission denied: user \"" + userName + "\" may not use the pgrelay admin console",
                        "Only admin_users may connect to the database \"" + database + "\".");
            }
            return;   // the console is not a database: no per-user or per-database server limits apply
        }
        var slot = policy.limits().admit(userName, database);
        channel.closeFuture().addListener(closed -> slot.release());
    }

    /** The client's IP address for hba rules; a non-IP channel (tests) counts as loopback. */
    private InetAddress clientAddress() {
        return channel.remoteAddress() instanceof InetSocketAddress address && address.getAddress() != null
                ? address.getAddress() : InetAddress.getLoopbackAddress();
    }

    private void send(PgMessage message) {
        channel.write(message.encode(channel.alloc()), channel.voidPromise());
    }
}
