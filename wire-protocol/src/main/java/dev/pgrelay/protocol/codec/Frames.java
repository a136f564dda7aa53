package dev.pgrelay.protocol.codec;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.pgrelay.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Layout of a frame — type byte, int32 length that counts itself, body — read and written in place
 * without allocating, plus the NUL-terminated UTF-8 strings every message uses.
 */
public final class Frames {
    /** Bytes before a normal-phase body: the type byte and the int32 length. */
    public static final int HEADER_SIZE = 5;

    private Frames() {
    }

    /** The type byte of a normal-phase frame whose readerIndex is at its type byte. */
    public static byte type(ByteBuf frame) {
        return frame.getByte(frame.readerIndex());
    }

    /** The int32 length of a normal-phase frame: body size + 4. */
    public static int length(ByteBuf frame) {
        return frame.getInt(frame.readerIndex() + 1);
    }

    /** The frame's body as a slice sharing its memory; NOT retained, so it lives as long as the frame. */
    public static ByteBuf body(ByteBuf frame) {
        return frame.slice(frame.readerIndex() + HEADER_SIZE, length(frame) - 4);
    }

    /** Reads a NUL-terminated UTF-8 string and moves the readerIndex past its terminator. */
    public static String readCString(ByteBuf buf) {
        int start = buf.readerIndex();
        int next = skipCString(buf, start);
        buf.readerIndex(next);
        return buf.toString(start, next - 1 - start, UTF_8);
    }

    /** The NUL-terminated UTF-8 string starting at {@code index}, leaving the indexes alone. */
    public static String getCString(ByteBuf buf, int index) {
        return buf.toString(index, skipCString(buf, index) - 1 - index, UTF_8);
    }

    /** The index just after the terminator of the string starting at {@code index}. */
    public static int skipCString(ByteBuf buf, int index) {
        int terminator = buf.indexOf(index, buf.writerIndex(), (byte) 0);
        if (terminator < 0) {
            throw ProtocolException.violation("invalid string in message: missing NUL terminator");
        }
        return terminator + 1;
    }

    /**
     * Writes {@code s} as UTF-8 followed by NUL. A NUL inside {@code s} would end the string early and
     * desynchronise the peer, so it is refused.
     */
    public static void writeCString(ByteBuf out, String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a protocol string cannot contain NUL");
        }
        ByteBufUtil.writeUtf8(out, s);
        out.writeByte(0);
    }

    /** Writes a whole frame whose body is the single string {@code s} (Query, CommandComplete, ...). */
    public static void writeCStringFrame(ByteBuf out, byte type, String s) {
        int lengthIndex = beginFrame(out, type);
        writeCString(out, s);
        endFrame(out, lengthIndex);
    }

    /** Starts a normal-phase frame; returns where its length goes, for {@link #endFrame}. */
    public static int beginFrame(ByteBuf out, byte type) {
        out.writeByte(type);
        return beginStartupPacket(out);
    }

    /** Starts a startup-phase packet (no type byte); returns where its length goes, for {@link #endFrame}. */
    public static int beginStartupPacket(ByteBuf out) {
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        return lengthIndex;
    }

    /** Fills in the length of the frame begun at {@code lengthIndex} now that its body is written. */
    public static void endFrame(ByteBuf out, int lengthIndex) {
        out.setInt(lengthIndex, out.writerIndex() - lengthIndex);
    }
}
