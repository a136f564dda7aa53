package dev.pgrelay.protocol.frontend;

import dev.pgrelay.protocol.MessageType;
import dev.pgrelay.protocol.PgMessage;
import io.netty.buffer.ByteBuf;

/** Extended protocol: ask for the parameter and row description of a statement ('S') or portal ('P'). */
public record Describe(char target, String name) implements PgMessage {
    public static final char STATEMENT = StatementOrPortal.STATEMENT;
    public static final char PORTAL = StatementOrPortal.PORTAL;

    public Describe {
        StatementOrPortal.requireTarget(target);
    }

    public static Describe decode(ByteBuf body) {
        return StatementOrPortal.decode(body, "Describe", Describe::new);
    }

    @Override
    public void writeTo(ByteBuf out) {
        StatementOrPortal.write(out, MessageType.DESCRIBE, target, name);
    }
}
