package dev.pgrelay.protocol.frontend;

import dev.pgrelay.protocol.codec.Frames;
import io.netty.buffer.ByteBuf;

/**
 * Reads the two names routing needs from a Bind body — the portal it creates and the statement it
 * binds — without moving the body's indexes; the rest (formats, parameter values) is forwarded as is.
 */
public final class Bind {

    private Bind() {
    }

    /** The destination portal ("" is the unnamed portal). */
    public static String portalName(ByteBuf body) {
        return Frames.getCString(body, body.readerIndex());
    }

    /** The prepared statement being bound ("" is the unnamed statement). */
    public static String statementName(ByteBuf body) {
        return Frames.getCString(body, Frames.skipCString(body, body.readerIndex()));
    }
}
