package dev.pgrelay.protocol.frontend;

import dev.pgrelay.protocol.MessageType;
import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.codec.BodyReader;
import dev.pgrelay.protocol.codec.Frames;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Objects;

/**
 * The client's choice of SASL mechanism with its first SASL message (for SCRAM, the client-first-message).
 * {@code data} is null when the client sent no initial response (length -1 on the wire).
 */
public final class SaslInitialResponse implements PgMessage {
    private final String mechanism;
    private final byte[] data;

    public SaslInitialResponse(String mechanism, byte[] data) {
        this.mechanism = Objects.requireNonNull(mechanism, "mechanism");
        this.data = data == null ? null : data.clone();
    }

    public static SaslInitialResponse decode(ByteBuf body) {
        BodyReader reader = new BodyReader(body, "SASLInitialResponse");
        String mechanism = reader.readCString();
        int length = reader.readInt32();
        byte[] data = length == -1 ? null : reader.readBytes(length);
        reader.requireEnd();
        return new SaslInitialResponse(mechanism, data);
    }

    public String mechanism() {
        return mechanism;
    }

    /** A copy of the initial response, or null when there was none. */
    public byte[] data() {
        return data == null ? null : data.clone();
    }

    @Override
    public void writeTo(ByteBuf out) {
        int lengthIndex = Frames.beginFrame(out, MessageType.PASSWORD);
        Frames.writeCString(out, mechanism);
        if (data == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(data.length);
            out.writeBytes(data);
        }
        Frames.endFrame(out, lengthIndex);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SaslInitialResponse other && mechanism.equals(other.mechanism)
                && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * mechanism.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "SaslInitialResponse[" + mechanism + ", " + (data == null ? "no data" : data.length + " bytes") + "]";
    }
}
