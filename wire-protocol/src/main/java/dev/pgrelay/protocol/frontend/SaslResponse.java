package dev.pgrelay.protocol.frontend;

import dev.pgrelay.protocol.MessageType;
import dev.pgrelay.protocol.SaslMessage;
import dev.pgrelay.protocol.codec.BodyReader;
import dev.pgrelay.protocol.codec.Frames;
import io.netty.buffer.ByteBuf;

/** A later SASL message from the client (for SCRAM, the client-final-message); the body is the data. */
public final class SaslResponse extends SaslMessage {

    public SaslResponse(byte[] data) {
        super(data);
    }

    public static SaslResponse decode(ByteBuf body) {
        return new SaslResponse(new BodyReader(body, "SASLResponse").readRemainingBytes());
    }

    @Override
    public void writeTo(ByteBuf out) {
        int lengthIndex = Frames.beginFrame(out, MessageType.PASSWORD);
        writeData(out);
        Frames.endFrame(out, lengthIndex);
    }
}
