package dev.pgrelay.proxy.server;

import dev.pgrelay.protocol.backend.ErrorResponse;
import dev.pgrelay.protocol.backend.ParameterStatus;
import dev.pgrelay.protocol.backend.ReadyForQuery;
import dev.pgrelay.protocol.codec.Frames;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a server connection's frames: keeps the bookkeeping every owner relies on (transaction status from
 * ReadyForQuery, owed responses, reported parameters) and hands each frame to the connection's current sink.
 */
final class ServerConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ServerConnectionHandler.class);

    private final ServerConnection server;
    private Throwable failure;

    ServerConnectionHandler(ServerConnection server) {
        this.server = server;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        byte type = Frames.type(frame);
        if (type == 'E' && ErrorResponse.decode(Frames.body(frame)).isFatal()) {
            server.markEndedByServer();   // the server announces it is closing this connection
        }
        if (type == 'Z') {
            server.transactionStatus(ReadyForQuery.status(Frames.body(frame)));
        } else if (type == 'S') {
            ParameterStatus status = ParameterStatus.decode(Frames.body(frame));
            server.parameterStatus().put(status.name(), status.value());
        }
        ServerFrameSink sink = server.sink();
        if (sink == null) {
            frame.release();
            return;
        }
        sink.onServerFrame(server, frame);
    }


    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        server.stallWatch().heard();
        ServerFrameSink sink = server.sink();
        if (sink != null) {
            sink.onServerReadComplete(server);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ServerFrameSink sink = server.sink();
        if (sink != null) {
            sink.onServerWritabilityChanged(server, ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        server.markEndedByServer();
        server.state(ServerConnection.State.CLOSED);
        ServerFrameSink sink = server.sink();
        if (sink != null) {
            sink.onServerClosed(server, failure);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // One log line where the decision is made; the sink learns the cause through onServerClosed.
        if (failure == null) {
            failure = cause;
            if (cause instanceof java.io.IOException) {
                log.debug("{}: connection failed: {}", server, cause.toString());   // the node's trouble is logged by health checks
            } else {
                log.warn("{}: closing after error: {}", server, cause.toString());
            }
        }
        ctx.close();
    }
}
