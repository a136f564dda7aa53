package dev.pgrelay.protocol.codec;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.pgrelay.protocol.ProtocolException;
import dev.pgrelay.protocol.SqlState;
import io.netty.buffer.ByteBuf;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;

/**
 * Reads the fields of one message body in order, turning a truncated body, a missing string
 * terminator or leftover bytes into a {@link ProtocolException} that names the message.
 */
public final class BodyReader {
    private final ByteBuf body;
    private final String messageName;

    public BodyReader(ByteBuf body, String messageName) {
        this.body = body;
        this.messageName = messageName;
    }

    /** Decodes a body that is exactly one string (Query, CommandComplete, ...). */
    public static String readOnlyCString(ByteBuf body, String messageName) {
        BodyReader reader = new BodyReader(body, messageName);
        String s = reader.readCString();
        reader.requireEnd();
        return s;
    }

    public byte readByte() {
        require(1);
        return body.readByte();
    }

    public short readInt16() {
        require(2);
        return body.readShort();
    }

    /** An Int16 that PostgreSQL reads as unsigned (parameter and column counts go up to 65535). */
    public int readUnsignedInt16() {
        require(2);
        return body.readUnsignedShort();
    }

    public int readInt32() {
        require(4);
        return body.readInt();
    }

    /** Reads an Int32 that must equal {@code expected} (a request code, an authentication code). */
    public void expectInt32(int expected, String fieldName) {
        int actual = readInt32();
        if (actual != expected) {
            throw malformed("unexpected " + fieldName + " " + actual + ", expected " + expected);
        }
    }

    public byte[] readBytes(int length) {
        if (length < 0) {
            throw malformed("negative length " + length);
        }
        require(length);
        byte[] bytes = new byte[length];
        body.readBytes(bytes);
        return bytes;
    }

    /** All bytes up to the end of the body (SASL data, whose length is implied by the frame). */
    public byte[] readRemainingBytes() {
        return readBytes(body.readableBytes());
    }

    /** {@code length} bytes decoded as UTF-8 (a column value of a DataRow). */
    public String readUtf8(int length) {
        if (length < 0) {
            throw malformed("negative length " + length);
        }
        require(length);
        String s = body.toString(body.readerIndex(), length, UTF_8);
        body.skipBytes(length);
        return s;
    }

    public String readCString() {
        if (body.indexOf(body.readerIndex(), body.writerIndex(), (byte) 0) < 0) {
            throw malformed("string is missing its NUL terminator");
        }
        return Frames.readCString(body);
    }

    /**
     * A string that must be valid UTF-8, for values pgrelay decodes and later re-encodes for a server (startup
     * parameters): a lenient decoder would turn bad bytes into U+FFFD and send the server something else than
     * the client sent. Fails with PostgreSQL's 22021 "invalid byte sequence for encoding".
     */
    public String readValidCString() {
        int start = body.readerIndex();
        int terminator = body.indexOf(start, body.writerIndex(), (byte) 0);
        if (terminator < 0) {
            throw malformed("string is missing its NUL terminator");
        }
        try {
            String s = UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(body.nioBuffer(start, terminator - start)).toString();
            body.readerIndex(terminator + 1);
            return s;
        } catch (CharacterCodingException e) {
            throw new ProtocolException(SqlState.CHARACTER_NOT_IN_REPERTOIRE,
                    "invalid byte sequence for encoding \"UTF8\" in " + messageName + " message");
        }
    }

    public boolean hasRemaining() {
        return body.isReadable();
    }

    /** Fails unless every byte was read: PostgreSQL rejects trailing bytes too ("invalid message format"). */
    public void requireEnd() {
        if (body.isReadable()) {
            throw malformed(body.readableBytes() + " unexpected trailing bytes");
        }
    }

    /** A protocol violation about this message, for checks the caller makes on the values it read. */
    public ProtocolException malformed(String problem) {
        return ProtocolException.violation("malformed " + messageName + " message: " + problem);
    }

    private void require(int bytes) {
        if (body.readableBytes() < bytes) {
            throw malformed("insufficient data left in message (needed " + bytes + " more bytes, found "
                    + body.readableBytes() + ")");
        }
    }
}
