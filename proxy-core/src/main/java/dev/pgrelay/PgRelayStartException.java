package dev.pgrelay;

/** pgrelay could not start, for a reason a person can act on (port in use, bad address). */
public final class PgRelayStartException extends RuntimeException {
    public PgRelayStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
