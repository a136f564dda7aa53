package dev.pgrelay.protocol.frontend;

import dev.pgrelay.protocol.MessageType;
import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.codec.BodyReader;
import dev.pgrelay.protocol.codec.Frames;
import io.netty.buffer.ByteBuf;

/** A simple-protocol query: one or more SQL statements as text. */
public record Query(String sql) implements PgMessage {

    public static Query decode(ByteBuf body) {
        return new Query(BodyReader.readOnlyCString(body, "Query"));
    }

    @Override
    public void writeTo(ByteBuf out) {
        Frames.writeCStringFrame(out, MessageType.QUERY, sql);
    }
}
