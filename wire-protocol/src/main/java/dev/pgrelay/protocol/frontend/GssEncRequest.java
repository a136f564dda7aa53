package dev.pgrelay.protocol.frontend;

import io.netty.buffer.ByteBuf;

/** The client asks for GSSAPI encryption before the StartupMessage; pgrelay answers 'N' (not supported). */
public final class GssEncRequest extends EncryptionRequest {
    /** 1234 in the high 16 bits, 5680 in the low 16. */
    public static final int CODE = 80877104;
    public static final GssEncRequest INSTANCE = new GssEncRequest();

    private GssEncRequest() {
        super(CODE);
    }

    public static GssEncRequest decode(ByteBuf body) {
        return decodeAs(body, INSTANCE);
    }
}
