package dev.pgrelay.protocol.backend;

import dev.pgrelay.protocol.MessageType;
import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;

/**
 * The server is ready for the next query; its status byte says whether a transaction is open, which
 * decides when a pooled server connection may be released. Only the three singletons exist, so
 * comparing with {@code ==} is safe.
 */
public final class ReadyForQuery implements PgMessage {
    public static final ReadyForQuery IDLE = new ReadyForQuery('I');
    public static final ReadyForQuery IN_TRANSACTION = new ReadyForQuery('T');
    /** In a transaction that failed: everything up to ROLLBACK is refused. */
    public static final ReadyForQuery FAILED = new ReadyForQuery('E');

    private final char status;

    private ReadyForQuery(char status) {
        this.status = status;
    }

    /** The singleton for a status byte; anything but 'I', 'T', 'E' is a protocol violation. */
    public static ReadyForQuery of(char status) {
        return switch (status) {
            case 'I' -> IDLE;
            case 'T' -> IN_TRANSACTION;
            case 'E' -> FAILED;
            default -> throw ProtocolException.violation("invalid ReadyForQuery transaction status "
                    + (int) status);
        };
    }

    /** Reads the status of a ReadyForQuery body without allocating or moving its indexes. */
    public static char status(ByteBuf body) {
        if (body.readableBytes() != 1) {
            throw ProtocolException.violation("malformed ReadyForQuery message: body is "
                    + body.readableBytes() + " bytes, expected 1");
        }
        return of((char) body.getByte(body.readerIndex())).status;
    }

    public static ReadyForQuery decode(ByteBuf body) {
        ReadyForQuery ready = of(status(body));
        body.skipBytes(1);
        return ready;
    }

    public char status() {
        return status;
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeByte(MessageType.READY_FOR_QUERY);
        out.writeInt(5);
        out.writeByte(status);
    }

    @Override
    public String toString() {
        return "ReadyForQuery[" + status + "]";
    }
}
