package dev.pgrelay.protocol.backend;

import dev.pgrelay.protocol.BodilessMessage;
import dev.pgrelay.protocol.MessageType;
import io.netty.buffer.ByteBuf;

/** The server's acknowledgement of a Parse. */
public final class ParseComplete extends BodilessMessage {
    public static final ParseComplete INSTANCE = new ParseComplete();

    private ParseComplete() {
        super(MessageType.PARSE_COMPLETE);
    }

    public static ParseComplete decode(ByteBuf body) {
        return requireEmptyBody(body, INSTANCE);
    }
}
