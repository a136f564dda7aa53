package dev.pgrelay.protocol.backend;

import dev.pgrelay.protocol.SaslMessage;
import dev.pgrelay.protocol.codec.Frames;
import io.netty.buffer.ByteBuf;

/** Base of the Authentication messages that carry a server SASL message after their code. */
abstract class SaslAuthentication extends SaslMessage {
    private final int code;

    SaslAuthentication(int code, byte[] data) {
        super(data);
        this.code = code;
    }

    @Override
    public void writeTo(ByteBuf out) {
        int lengthIndex = Authentication.beginFrame(out, code);
        writeData(out);
        Frames.endFrame(out, lengthIndex);
    }
}
