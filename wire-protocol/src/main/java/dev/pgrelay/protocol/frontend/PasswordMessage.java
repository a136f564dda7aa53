package dev.pgrelay.protocol.frontend;

import dev.pgrelay.protocol.MessageType;
import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.codec.BodyReader;
import dev.pgrelay.protocol.codec.Frames;
import io.netty.buffer.ByteBuf;

/** The client's answer to a cleartext or MD5 password request: the password or its "md5..." hash. */
public record PasswordMessage(String password) implements PgMessage {

    public static PasswordMessage decode(ByteBuf body) {
        return new PasswordMessage(BodyReader.readOnlyCString(body, "PasswordMessage"));
    }

    @Override
    public void writeTo(ByteBuf out) {
        Frames.writeCStringFrame(out, MessageType.PASSWORD, password);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "PasswordMessage[password=<redacted>]";
    }
}
