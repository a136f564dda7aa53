package dev.pgrelay.protocol.backend;

import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.codec.Frames;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** The server asks for the MD5 hash of the password, salted with these 4 random bytes. */
public final class AuthenticationMd5Password implements PgMessage {
    public static final int SALT_LENGTH = 4;

    private final byte[] salt;

    public AuthenticationMd5Password(byte[] salt) {
        if (salt.length != SALT_LENGTH) {
            throw new IllegalArgumentException("an MD5 salt is " + SALT_LENGTH + " bytes, got " + salt.length);
        }
        this.salt = salt.clone();
    }

    /** A copy of the salt. */
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public void writeTo(ByteBuf out) {
        int lengthIndex = Authentication.beginFrame(out, Authentication.MD5_PASSWORD);
        out.writeBytes(salt);
        Frames.endFrame(out, lengthIndex);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthenticationMd5Password other && Arrays.equals(salt, other.salt);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(salt);
    }

    @Override
    public String toString() {
        return "AuthenticationMd5Password";
    }
}
