package dev.pgrelay.protocol.frontend;

import dev.pgrelay.protocol.codec.BodyReader;
import dev.pgrelay.protocol.codec.Frames;
import io.netty.buffer.ByteBuf;
import java.util.function.BiFunction;

/** The layout Close and Describe share: a target byte, 'S' (statement) or 'P' (portal), and a name. */
final class StatementOrPortal {
    static final char STATEMENT = 'S';
    static final char PORTAL = 'P';

    private StatementOrPortal() {
    }

    static boolean isTarget(char target) {
        return target == STATEMENT || target == PORTAL;
    }

    static void requireTarget(char target) {
        if (!isTarget(target)) {
            throw new IllegalArgumentException("target must be 'S' or 'P', was '" + target + "'");
        }
    }

    static <T> T decode(ByteBuf body, String messageName, BiFunction<Character, String, T> factory) {
        BodyReader reader = new BodyReader(body, messageName);
        char target = (char) reader.readByte();
        if (!isTarget(target)) {
            throw reader.malformed("invalid target " + (int) target + ", expected 'S' or 'P'");
        }
        String name = reader.readCString();
        reader.requireEnd();
        return factory.apply(target, name);
    }

    static void write(ByteBuf out, byte type, char target, String name) {
        int lengthIndex = Frames.beginFrame(out, type);
        out.writeByte(target);
        Frames.writeCString(out, name);
        Frames.endFrame(out, lengthIndex);
    }
}
