package dev.pgrelay.proxy;

import dev.pgrelay.protocol.backend.ErrorResponse;

/**
 * A failure that must reach the client as a PostgreSQL ErrorResponse: carries the SQLSTATE, message and hint
 * (or a server's own ErrorResponse, forwarded unchanged so the client sees exactly what PostgreSQL said).
 */
public final class PgErrorException extends RuntimeException {
    private final ErrorResponse error;

    public PgErrorException(ErrorResponse error) {
        super(error.sqlState() + ": " + error.message(), null, false, false);
        this.error = error;
    }

    public static PgErrorException fatal(String sqlState, String message) {
        return new PgErrorException(ErrorResponse.of("FATAL", sqlState, message));
    }

    public static PgErrorException fatal(String sqlState, String message, String hint) {
        return new PgErrorException(ErrorResponse.of("FATAL", sqlState, message, hint));
    }

    public static PgErrorException error(String sqlState, String message) {
        return new PgErrorException(ErrorResponse.of("ERROR", sqlState, message));
    }

    public ErrorResponse error() {
        return error;
    }

    /** The error as the client should see it: a server error passes unchanged, anything else becomes 08006. */
    public static ErrorResponse toClientError(Throwable cause, String context) {
        Throwable root = cause;
        while (root.getCause() != null && !(root instanceof PgErrorException)) {
            root = root.getCause();
        }
        if (root instanceof PgErrorException pg) {
            return pg.error();
        }
        String detail = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return ErrorResponse.of("FATAL", dev.pgrelay.protocol.SqlState.CONNECTION_FAILURE, context + ": " + detail);
    }
}
