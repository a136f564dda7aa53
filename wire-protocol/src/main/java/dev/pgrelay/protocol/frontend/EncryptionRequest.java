package dev.pgrelay.protocol.frontend;

import dev.pgrelay.protocol.codec.BodyReader;
import io.netty.buffer.ByteBuf;

/** Base of the 8-byte startup packets that ask to switch the connection to SSL or GSSAPI encryption. */
abstract class EncryptionRequest implements StartupPacket {
    private final int code;

    EncryptionRequest(int code) {
        this.code = code;
    }

    /** The int32 that identifies this request where a StartupMessage has its protocol version. */
    int code() {
        return code;
    }

    /** Returns {@code instance} after checking that {@code body} is exactly its request code. */
    static <T extends EncryptionRequest> T decodeAs(ByteBuf body, T instance) {
        BodyReader reader = new BodyReader(body, instance.toString());
        reader.expectInt32(instance.code(), "request code");
        reader.requireEnd();
        return instance;
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeInt(8);
        out.writeInt(code);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}
