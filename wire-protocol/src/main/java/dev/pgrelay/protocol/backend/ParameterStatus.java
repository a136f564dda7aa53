package dev.pgrelay.protocol.backend;

import dev.pgrelay.protocol.MessageType;
import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.codec.BodyReader;
import dev.pgrelay.protocol.codec.Frames;
import io.netty.buffer.ByteBuf;

/** The server reports the value of a GUC the client must track (client_encoding, TimeZone, ...). */
public record ParameterStatus(String name, String value) implements PgMessage {

    public static ParameterStatus decode(ByteBuf body) {
        BodyReader reader = new BodyReader(body, "ParameterStatus");
        ParameterStatus status = new ParameterStatus(reader.readCString(), reader.readCString());
        reader.requireEnd();
        return status;
    }

    @Override
    public void writeTo(ByteBuf out) {
        int lengthIndex = Frames.beginFrame(out, MessageType.PARAMETER_STATUS);
        Frames.writeCString(out, name);
        Frames.writeCString(out, value);
        Frames.endFrame(out, lengthIndex);
    }
}
