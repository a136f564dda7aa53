package dev.pgrelay.protocol.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;

/**
 * Builds expected wire bytes by hand, field by field, so tests pin the format independently of the
 * code under test (plain Java arrays: nothing to release).
 */
public final class WireBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public static WireBytes bytes() {
        return new WireBytes();
    }

    public WireBytes int8(int value) {
        out.write(value);
        return this;
    }

    public WireBytes int16(int value) {
        return int8(value >>> 8).int8(value);
    }

    public WireBytes int32(int value) {
        return int16(value >>> 16).int16(value);
    }

    public WireBytes cstring(String s) {
        return raw(s.getBytes(UTF_8)).int8(0);
    }

    public WireBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    public WireBytes raw(String ascii) {
        return raw(ascii.getBytes(UTF_8));
    }

    public byte[] toArray() {
        return out.toByteArray();
    }

    /** A normal-phase frame: type byte, length counting itself, then this body. */
    public byte[] asFrame(char type) {
        byte[] body = toArray();
        return bytes().int8(type).int32(body.length + 4).raw(body).toArray();
    }

    /** A startup-phase packet: length counting itself, then this body. */
    public byte[] asStartupPacket() {
        byte[] body = toArray();
        return bytes().int32(body.length + 4).raw(body).toArray();
    }

    /** {@code parts} joined end to end, as they would arrive in one read. */
    public static byte[] concat(byte[]... parts) {
        WireBytes joined = bytes();
        for (byte[] part : parts) {
            joined.raw(part);
        }
        return joined.toArray();
    }
}
