package dev.pgrelay.protocol.frontend;

import dev.pgrelay.protocol.BodilessMessage;
import dev.pgrelay.protocol.MessageType;
import io.netty.buffer.ByteBuf;

/** Asks the server to send what it has produced so far, without ending the batch as Sync would. */
public final class Flush extends BodilessMessage {
    public static final Flush INSTANCE = new Flush();

    private Flush() {
        super(MessageType.FLUSH);
    }

    public static Flush decode(ByteBuf body) {
        return requireEmptyBody(body, INSTANCE);
    }
}
