package dev.pgrelay.protocol.frontend;

import dev.pgrelay.protocol.MessageType;
import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.codec.BodyReader;
import dev.pgrelay.protocol.codec.Frames;
import io.netty.buffer.ByteBuf;

/** The client aborts a COPY FROM STDIN, giving the reason the server will put in its error. */
public record CopyFail(String message) implements PgMessage {

    public static CopyFail decode(ByteBuf body) {
        return new CopyFail(BodyReader.readOnlyCString(body, "CopyFail"));
    }

    @Override
    public void writeTo(ByteBuf out) {
        Frames.writeCStringFrame(out, MessageType.COPY_FAIL, message);
    }
}
