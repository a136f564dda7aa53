package dev.pgrelay.protocol.frontend;

import dev.pgrelay.protocol.MessageType;
import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.codec.BodyReader;
import dev.pgrelay.protocol.codec.Frames;
import io.netty.buffer.ByteBuf;

/** Extended protocol: run a portal, returning at most {@code maxRows} rows (0 = all). */
public record Execute(String portalName, int maxRows) implements PgMessage {

    public static Execute decode(ByteBuf body) {
        BodyReader reader = new BodyReader(body, "Execute");
        Execute execute = new Execute(reader.readCString(), reader.readInt32());
        reader.requireEnd();
        return execute;
    }

    @Override
    public void writeTo(ByteBuf out) {
        int lengthIndex = Frames.beginFrame(out, MessageType.EXECUTE);
        Frames.writeCString(out, portalName);
        out.writeInt(maxRows);
        Frames.endFrame(out, lengthIndex);
    }
}
