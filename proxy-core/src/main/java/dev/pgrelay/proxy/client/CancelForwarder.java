package dev.pgrelay.proxy.client;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.protocol.frontend.CancelRequest;
import dev.pgrelay.proxy.net.Transport;
import dev.pgrelay.proxy.server.ServerConnection;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a cancel to PostgreSQL: a new connection to the node that runs the client's query, carrying that
 * server connection's own BackendKeyData (protocol-flow "Canceling Requests in Progress"). Fire and forget, as
 * the protocol intends.
 */
final class CancelForwarder {
    private static final Logger log = LoggerFactory.getLogger(CancelForwarder.class);

    private static final Duration GIVE_UP = Duration.ofSeconds(5);

    private final Transport transport;

    CancelForwarder(Transport transport) {
        this.transport = transport;
    }

    /**
     * Sends the cancel for {@code server}'s running query. The server connection stays out of its pool until
     * PostgreSQL has closed the cancel connection (PgBouncer #717): only then are both of its signals sent. The
     * returned future completes then too (or when pgrelay gives up on it).
     */
    Future<Void> send(ServerConnection server) {
        NodeConfig node = server.node();
        server.cancelSent();
        ChannelFuture connecting = new Bootstrap().group(server.eventLoop()).channel(transport.channelClass())
                .handler(new ChannelInboundHandlerAdapter())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) GIVE_UP.toMillis())
                .connect(node.host(), node.port());
        connecting.channel().closeFuture().addListener(closed -> server.cancelFinished());
        connecting.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                log.warn("could not forward a cancel request to {}: {}", node.name(), f.cause().toString());
                return;
            }
            Channel channel = f.channel();
            channel.writeAndFlush(new CancelRequest(server.backendProcessId(), server.backendSecretKey())
                    .encode(channel.alloc()));
            // PostgreSQL closes the connection once it has signalled the backend; never wait forever for that.
            channel.eventLoop().schedule(() -> channel.close(), GIVE_UP.toMillis(), TimeUnit.MILLISECONDS);
        });
        return connecting.channel().closeFuture();
    }
}
