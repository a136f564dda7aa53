package dev.pgrelay.bench.proxy;

import dev.pgrelay.proxy.server.ServerConnection;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The last handler of a benchmark's server pipeline, where pgrelay's (package-private) server connection handler
 * sits: hands each decoded frame, and the end of each read burst, to whoever consumes the connection now.
 */
final class ServerFrameDispatch extends ChannelInboundHandlerAdapter {
    private final ServerConnection server;

    ServerFrameDispatch(ServerConnection server) {
        this.server = server;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        server.sink().onServerFrame(server, (ByteBuf) msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        server.sink().onServerReadComplete(server);
    }
}
