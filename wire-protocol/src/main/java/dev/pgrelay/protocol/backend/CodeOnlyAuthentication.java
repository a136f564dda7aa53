package dev.pgrelay.protocol.backend;

import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.codec.Frames;
import io.netty.buffer.ByteBuf;

/** Base of the Authentication messages that are nothing but their code (Ok, CleartextPassword). */
abstract class CodeOnlyAuthentication implements PgMessage {
    private final int code;

    CodeOnlyAuthentication(int code) {
        this.code = code;
    }

    @Override
    public void writeTo(ByteBuf out) {
        Frames.endFrame(out, Authentication.beginFrame(out, code));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}
