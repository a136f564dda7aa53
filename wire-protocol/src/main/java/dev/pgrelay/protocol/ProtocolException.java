package dev.pgrelay.protocol;

/**
 * Malformed or unsupported protocol input, carrying the SQLSTATE the peer should be told
 * (a Netty decoder wraps it in a DecoderException; the cause is this exception).
 */
public class ProtocolException extends RuntimeException {
    private final String sqlState;

    public ProtocolException(String sqlState, String message) {
        super(message);
        this.sqlState = sqlState;
    }

    /** A protocol violation (08P01), the SQLSTATE PostgreSQL uses for every malformed message. */
    public static ProtocolException violation(String message) {
        return new ProtocolException(SqlState.PROTOCOL_VIOLATION, message);
    }

    public String sqlState() {
        return sqlState;
    }
}
