package dev.pgrelay.proxy.server;

import dev.pgrelay.protocol.backend.ErrorResponse;
import dev.pgrelay.protocol.codec.Frames;
import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes what a server sends while no client holds the connection: ParameterStatus (already recorded by the
 * handler), notices and notifications nobody asked for, and FATAL errors such as an administrator's terminate,
 * after which the connection is closed so the pool never hands it out.
 */
public final class IdleSink implements ServerFrameSink {
    public static final IdleSink INSTANCE = new IdleSink();
    private static final Logger log = LoggerFactory.getLogger(IdleSink.class);

    private IdleSink() {
    }

    @Override
    public void onServerFrame(ServerConnection server, ByteBuf frame) {
        try {
            if (Frames.type(frame) == 'E') {
                ErrorResponse error = ErrorResponse.decode(Frames.body(frame));
                log.info("{}: idle server sent {} {}: {}; closing it", server, error.severity(), error.sqlState(),
                        error.message());
                server.close();
            }
        } finally {
            frame.release();
        }
    }

    @Override
    public void onServerClosed(ServerConnection server, Throwable cause) {
        // The pool learns about it through the channel's close future.
    }
}
