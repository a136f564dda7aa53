package dev.pgrelay.protocol.frontend;

import dev.pgrelay.protocol.BodilessMessage;
import dev.pgrelay.protocol.MessageType;
import io.netty.buffer.ByteBuf;

/** Ends an extended-protocol batch: the server answers with ReadyForQuery, after an error too. */
public final class Sync extends BodilessMessage {
    public static final Sync INSTANCE = new Sync();

    private Sync() {
        super(MessageType.SYNC);
    }

    public static Sync decode(ByteBuf body) {
        return requireEmptyBody(body, INSTANCE);
    }
}
