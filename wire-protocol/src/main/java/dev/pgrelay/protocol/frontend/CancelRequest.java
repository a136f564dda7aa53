package dev.pgrelay.protocol.frontend;

import dev.pgrelay.protocol.codec.BodyReader;
import io.netty.buffer.ByteBuf;

/**
 * Sent on a fresh connection to cancel the query running on another one, named by the process id and
 * secret key its BackendKeyData gave.
 */
public record CancelRequest(int processId, int secretKey) implements StartupPacket {
    /** 1234 in the high 16 bits, 5678 in the low 16. */
    public static final int CODE = 80877102;

    public static CancelRequest decode(ByteBuf body) {
        BodyReader reader = new BodyReader(body, "CancelRequest");
        reader.expectInt32(CODE, "request code");
        CancelRequest request = new CancelRequest(reader.readInt32(), reader.readInt32());
        reader.requireEnd();
        return request;
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeInt(16);
        out.writeInt(CODE);
        out.writeInt(processId);
        out.writeInt(secretKey);
    }

    /** Hides the secret key, which lets anyone holding it cancel the session's queries. */
    @Override
    public String toString() {
        return "CancelRequest[processId=" + processId + "]";
    }
}
