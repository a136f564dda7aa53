package dev.pgrelay.proxy.client;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.protocol.frontend.CancelRequest;
import dev.pgrelay.proxy.net.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a cancel to PostgreSQL: a new connection to the node that runs the client's query, carrying that
 * server connection's own BackendKeyData (protocol-flow "Canceling Requests in Progress"). Fire and forget, as
 * the protocol intends.
 */
final class CancelForwarder {
    private static final Logger log = LoggerFactory.getLogger(CancelForwarder.class);

    private final Transport transport;

    CancelForwarder(Transport transport) {
        this.transport = transport;
    }

    void send(NodeConfig node, int serverProcessId, int serverSecretKey, EventLoop loop) {
        new Bootstrap().group(loop).channel(transport.channelClass())
                .handler(new ChannelInboundHandlerAdapter())
                .connect(node.host(), node.port())
                .addListener((ChannelFuture f) -> {
                    if (!f.isSuccess()) {
                        log.warn("could not forward a cancel request to {}: {}", node.name(), f.cause().toString());
                        return;
                    }
                    Channel channel = f.channel();
                    channel.writeAndFlush(new CancelRequest(serverProcessId, serverSecretKey).encode(channel.alloc()))
                            .addListener(ChannelFutureListener.CLOSE);
                });
    }
}
