package dev.pgrelay.protocol.backend;

import dev.pgrelay.protocol.MessageType;
import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.codec.BodyReader;
import dev.pgrelay.protocol.codec.Frames;
import io.netty.buffer.ByteBuf;

/** The process id and secret key a client must quote in a CancelRequest for this session. */
public record BackendKeyData(int processId, int secretKey) implements PgMessage {

    public static BackendKeyData decode(ByteBuf body) {
        BodyReader reader = new BodyReader(body, "BackendKeyData");
        BackendKeyData keyData = new BackendKeyData(reader.readInt32(), reader.readInt32());
        reader.requireEnd();
        return keyData;
    }

    @Override
    public void writeTo(ByteBuf out) {
        int lengthIndex = Frames.beginFrame(out, MessageType.BACKEND_KEY_DATA);
        out.writeInt(processId);
        out.writeInt(secretKey);
        Frames.endFrame(out, lengthIndex);
    }

    /** Hides the secret key, which lets anyone holding it cancel the session's queries. */
    @Override
    public String toString() {
        return "BackendKeyData[processId=" + processId + "]";
    }
}
