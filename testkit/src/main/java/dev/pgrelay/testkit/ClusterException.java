package dev.pgrelay.testkit;

/** A local PostgreSQL cluster could not be set up, driven or torn down as asked. */
public final class ClusterException extends RuntimeException {

    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
