package dev.pgrelay.protocol.backend;

import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.codec.Frames;
import io.netty.buffer.ByteBuf;
import java.util.List;

/** The server asks for SASL authentication with one of these mechanisms, in its order of preference. */
public record AuthenticationSasl(List<String> mechanisms) implements PgMessage {
    public static final String SCRAM_SHA_256 = "SCRAM-SHA-256";
    /**
     * What pgrelay offers clients: plain SCRAM-SHA-256, because channel binding (-PLUS) would bind the
     * proof to pgrelay's TLS session, which the server never sees.
     */
    public static final AuthenticationSasl SCRAM_SHA_256_ONLY = new AuthenticationSasl(List.of(SCRAM_SHA_256));

    public AuthenticationSasl {
        mechanisms = List.copyOf(mechanisms);
    }

    @Override
    public void writeTo(ByteBuf out) {
        int lengthIndex = Authentication.beginFrame(out, Authentication.SASL);
        mechanisms.forEach(mechanism -> Frames.writeCString(out, mechanism));
        out.writeByte(0);
        Frames.endFrame(out, lengthIndex);
    }
}
