package dev.pgrelay.protocol.frontend;

import dev.pgrelay.protocol.MessageType;
import dev.pgrelay.protocol.PgMessage;
import io.netty.buffer.ByteBuf;

/** Extended protocol: drop a prepared statement ('S') or portal ('P'); "" names the unnamed one. */
public record Close(char target, String name) implements PgMessage {
    public static final char STATEMENT = StatementOrPortal.STATEMENT;
    public static final char PORTAL = StatementOrPortal.PORTAL;

    public Close {
        StatementOrPortal.requireTarget(target);
    }

    public static Close decode(ByteBuf body) {
        return StatementOrPortal.decode(body, "Close", Close::new);
    }

    @Override
    public void writeTo(ByteBuf out) {
        StatementOrPortal.write(out, MessageType.CLOSE, target, name);
    }
}
