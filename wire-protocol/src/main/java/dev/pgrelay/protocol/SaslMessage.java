package dev.pgrelay.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Base of the messages whose payload is one opaque SASL message (SASLResponse,
 * AuthenticationSASLContinue, AuthenticationSASLFinal); the payload is copied in and out so the
 * message stays immutable.
 */
public abstract class SaslMessage implements PgMessage {
    private final byte[] data;

    protected SaslMessage(byte[] data) {
        this.data = data.clone();
    }

    /** A copy of the SASL payload. */
    public byte[] data() {
        return data.clone();
    }

    /** Writes the payload without copying it. */
    protected void writeData(ByteBuf out) {
        out.writeBytes(data);
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(data, ((SaslMessage) o).data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    /** Shows the size only: SASL payloads carry proofs that do not belong in logs. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + data.length + " bytes]";
    }
}
