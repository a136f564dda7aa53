package dev.pgrelay.protocol.backend;

import dev.pgrelay.protocol.MessageType;
import io.netty.buffer.ByteBuf;
import java.util.Map;

/** An error; with severity FATAL or PANIC the server closes the connection after sending it. */
public final class ErrorResponse extends DiagnosticMessage {
    public static final String ERROR = "ERROR";
    public static final String FATAL = "FATAL";
    public static final String PANIC = "PANIC";

    public ErrorResponse(Map<Character, String> fields) {
        super(MessageType.ERROR_RESPONSE, fields);
    }

    public static ErrorResponse of(String severity, String sqlState, String message) {
        return of(severity, sqlState, message, null);
    }

    /** An error as PostgreSQL would send it; {@code hint} may be null. */
    public static ErrorResponse of(String severity, String sqlState, String message, String hint) {
        return new ErrorResponse(standardFields(severity, sqlState, message, hint));
    }

    public static ErrorResponse decode(ByteBuf body) {
        return new ErrorResponse(decodeFields(body, "ErrorResponse"));
    }

    /** Whether the session ends with this error. */
    public boolean isFatal() {
        String severity = severity();
        return FATAL.equals(severity) || PANIC.equals(severity);
    }
}
