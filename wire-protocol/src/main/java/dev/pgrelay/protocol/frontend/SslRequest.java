package dev.pgrelay.protocol.frontend;

import io.netty.buffer.ByteBuf;

/** The client asks to switch to TLS before the StartupMessage; answered by a single 'S' or 'N' byte. */
public final class SslRequest extends EncryptionRequest {
    /** 1234 in the high 16 bits, 5679 in the low 16. */
    public static final int CODE = 80877103;
    public static final SslRequest INSTANCE = new SslRequest();

    private SslRequest() {
        super(CODE);
    }

    public static SslRequest decode(ByteBuf body) {
        return decodeAs(body, INSTANCE);
    }
}
