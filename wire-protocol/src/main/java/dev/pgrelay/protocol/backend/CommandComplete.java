package dev.pgrelay.protocol.backend;

import dev.pgrelay.protocol.MessageType;
import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.codec.BodyReader;
import dev.pgrelay.protocol.codec.Frames;
import io.netty.buffer.ByteBuf;

/** A statement finished; the tag names it and, for DML, counts rows ("INSERT 0 1", "SET", "BEGIN"). */
public record CommandComplete(String tag) implements PgMessage {

    public static CommandComplete decode(ByteBuf body) {
        return new CommandComplete(BodyReader.readOnlyCString(body, "CommandComplete"));
    }

    @Override
    public void writeTo(ByteBuf out) {
        Frames.writeCStringFrame(out, MessageType.COMMAND_COMPLETE, tag);
    }
}
