package dev.pgrelay.proxy.server;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.protocol.SqlState;
import dev.pgrelay.protocol.codec.PgFrameDecoder;
import dev.pgrelay.proxy.PgErrorException;
import dev.pgrelay.proxy.net.Transport;
import dev.pgrelay.proxy.tls.ServerTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Opens server connections: TCP connect on the requesting client's EventLoop (so client and server share a
 * thread), the SSLRequest exchange tls.server asks for, then the login exchange, all bounded by
 * server_connect_timeout.
 */
public final class ServerConnector {
    /** PostgreSQL never sends a message over 1 GB (MaxAllocSize); anything larger is a broken stream. */
    private static final int MAX_SERVER_MESSAGE = (1 << 30) + 64 * 1024;

    private final Transport transport;
    /** limits.server_connect_timeout; a reload replaces it for connections opened from then on. */
    private volatile Duration connectTimeout;
    private final ServerTls tls;
    /** Extra handlers (metrics) each server pipeline gets between the frame decoder and the connection's handler. */
    private volatile Function<ServerConnection, ChannelHandler> meter;

    public ServerConnector(Transport transport, Duration connectTimeout, ServerTls tls) {
        this.transport = transport;
        this.connectTimeout = connectTimeout;
        this.tls = tls;
    }

    public void connectTimeout(Duration reloaded) {
        this.connectTimeout = reloaded;
    }

    /** Every connection opened from now on gets {@code meter}'s handler right after its frame decoder. */
    public void meterWith(Function<ServerConnection, ChannelHandler> meter) {
        this.meter = meter;
    }

    /** Connects and logs in with a password (null for none); see {@link #connect(NodeConfig, String, ServerCredential, String, EventLoop)}. */
    public Future<ServerConnection> connect(NodeConfig node, String user, String password, String database,
                                            EventLoop loop) {
        return connect(node, user, password == null ? null : ServerCredential.password(password), database, loop);
    }

    /** Connects and logs in; the future fails with a {@link PgErrorException} the client can be shown. */
    public Future<ServerConnection> connect(NodeConfig node, String user, ServerCredential credential, String database,
                                            EventLoop loop) {
        Promise<ServerConnection> promise = loop.newPromise();
        Duration connectTimeout = this.connectTimeout;
        ServerConnection[] created = new ServerConnection[1];
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, connectTimeout.toMillis()))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        Transport.keepAlive(channel);
                        ServerConnection server = new ServerConnection(channel, node, user, database);
                        created[0] = server;
                        server.sink(new ServerLogin(credential, promise));
                        channel.pipeline().addLast("frames", PgFrameDecoder.forServers(MAX_SERVER_MESSAGE));
                        Function<ServerConnection, ChannelHandler> extra = meter;
                        if (extra != null) {
                            channel.pipeline().addLast("meter", extra.apply(server));
                        }
                        channel.pipeline().addLast("server", new ServerConnectionHandler(server));
                    }
                });
        ChannelFuture connecting = bootstrap.connect(node.host(), node.port());
        connecting.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                promise.tryFailure(PgErrorException.fatal(SqlState.CONNECTION_FAILURE,
                        "could not connect to server " + node.name() + ": " + describe(f.cause())));
                return;
            }
            tls.negotiate(created[0].channel(), node).addListener(negotiated -> {
                if (negotiated.isSuccess()) {
                    ((ServerLogin) created[0].sink()).start(created[0]);
                } else {
                    promise.tryFailure(negotiated.cause());
                }
            });
        });
        var timeout = loop.schedule(() -> {
            if (promise.tryFailure(PgErrorException.fatal(SqlState.CONNECTION_FAILURE,
                    "timed out after " + connectTimeout.toMillis() + " ms connecting to server " + node.name()))) {
                connecting.channel().close();
            }
        }, connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        promise.addListener(f -> {
            timeout.cancel(false);
            if (f.isSuccess()) {
                created[0].sink(IdleSink.INSTANCE);
            } else {
                connecting.channel().close();
            }
        });
        return promise;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
