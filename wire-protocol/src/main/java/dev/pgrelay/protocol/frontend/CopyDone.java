package dev.pgrelay.protocol.frontend;

import dev.pgrelay.protocol.BodilessMessage;
import dev.pgrelay.protocol.MessageType;
import io.netty.buffer.ByteBuf;

/** The end of the client's COPY FROM STDIN data. */
public final class CopyDone extends BodilessMessage {
    public static final CopyDone INSTANCE = new CopyDone();

    private CopyDone() {
        super(MessageType.COPY_DONE);
    }

    public static CopyDone decode(ByteBuf body) {
        return requireEmptyBody(body, INSTANCE);
    }
}
