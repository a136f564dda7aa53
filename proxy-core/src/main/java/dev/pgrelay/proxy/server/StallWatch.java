package dev.pgrelay.proxy.server;

/**
 * Tells whether a server connection owes an answer and has stayed silent: what a connection into a network
 * partition looks like, where packets vanish without an error and TCP would wait for many minutes. The connection's
 * handler counts read bursts ({@link #heard()}); {@link #silentLongerThan} compares that count between looks.
 * Both run on the connection's EventLoop, so the fields need no synchronization and the hot path pays one increment
 * per read burst.
 */
public final class StallWatch {
    private int bursts;
    private int burstsAtLastLook;
    private long silentSinceNanos;   // 0: owed nothing at the last look

    /** The server sent something. */
    void heard() {
        bursts++;
    }

    /**
     * Whether {@code pending} is waiting for an answer and nothing has arrived for at least {@code graceNanos}, as
     * far as looks this far apart can tell: silence counts from the first look that found the connection owing an
     * answer, or from the latest look that found something had arrived since the one before.
     */
    boolean silentLongerThan(PendingResponses pending, long nowNanos, long graceNanos) {
        if (pending.isEmpty()) {
            burstsAtLastLook = bursts;
            silentSinceNanos = 0;
            return false;
        }
        if (silentSinceNanos == 0 || bursts != burstsAtLastLook) {
            burstsAtLastLook = bursts;
            silentSinceNanos = nowNanos;
            return false;
        }
        return nowNanos - silentSinceNanos >= graceNanos;
    }
}
