package dev.pgrelay.protocol.frontend;

import dev.pgrelay.protocol.MessageType;
import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.codec.Frames;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the two names routing needs from a Bind body — the portal it creates and the statement it
 * binds — without moving the body's indexes; the rest (formats, parameter values) is forwarded as is.
 * pgrelay's own parameterised statements are bound with {@link #withTextParameters}.
 */
public final class Bind {

    private Bind() {
    }

    /**
     * A Bind of {@code statementName} to {@code portalName} with every parameter and result column in text
     * format (format code 0); a null value is SQL NULL (length -1).
     */
    public static PgMessage withTextParameters(String portalName, String statementName, List<String> values) {
        if (values.size() > Parse.MAX_PARAMETERS) {
            throw new IllegalArgumentException("at most " + Parse.MAX_PARAMETERS + " parameters, got " + values.size());
        }
        List<String> copy = new ArrayList<>(values);   // List.copyOf refuses the nulls that stand for SQL NULL
        return out -> {
            int lengthIndex = Frames.beginFrame(out, MessageType.BIND);
            Frames.writeCString(out, portalName);
            Frames.writeCString(out, statementName);
            out.writeShort(0);   // no parameter format codes: all text
            out.writeShort(copy.size());
            for (String value : copy) {
                if (value == null) {
                    out.writeInt(-1);
                } else {
                    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(bytes.length);
                    out.writeBytes(bytes);
                }
            }
            out.writeShort(0);   // no result format codes: all text
            Frames.endFrame(out, lengthIndex);
        };
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
