package dev.pgrelay.protocol.backend;

import dev.pgrelay.protocol.BodilessMessage;
import dev.pgrelay.protocol.MessageType;
import io.netty.buffer.ByteBuf;

/** Answers a query string that contained no statement, in place of CommandComplete. */
public final class EmptyQueryResponse extends BodilessMessage {
    public static final EmptyQueryResponse INSTANCE = new EmptyQueryResponse();

    private EmptyQueryResponse() {
        super(MessageType.EMPTY_QUERY_RESPONSE);
    }

    public static EmptyQueryResponse decode(ByteBuf body) {
        return requireEmptyBody(body, INSTANCE);
    }
}
