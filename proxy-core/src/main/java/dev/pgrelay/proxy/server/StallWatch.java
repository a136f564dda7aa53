package dev.pgrelay.proxy.server;

/**
 * Tells whether a server connection owes an answer and has stayed silent: what a connection into a network
 * partition looks like, where packets vanish without an error and TCP would wait for many minutes. The connection's
 * handler counts read bursts ({@link #heard()}, on the connection's EventLoop); {@link #silentLongerThan} compares
 * that count between looks, on the EventLoop of the client holding the connection, which tracks what it is owed —
 * usually the same loop, but not always, hence the volatile count: one store per read burst on the hot path.
 */
public final class StallWatch {
    private volatile int bursts;   // written by the connection's EventLoop only
    private int burstsAtLastLook;
    private long silentSinceNanos;   // 0: owed nothing at the last look

    /** The server sent something. */
    void heard() {
        bursts = bursts + 1;
    }

    /**
     * Whether {@code pending} is waiting for an answer and nothing has arrived for at least {@code graceNanos}, as
     * far as looks this far apart can tell: silence counts from the first look that found the connection owing an
     * answer, or from the latest look that found something had arrived since the one before, or found pgrelay not
     * {@code reading} from it (back-pressure from a slow client holds the answer back; that is not silence).
     */
    boolean silentLongerThan(PendingResponses pending, boolean reading, long nowNanos, long graceNanos) {
        if (pending.isEmpty()) {
            burstsAtLastLook = bursts;
            silentSinceNanos = 0;
            return false;
        }
        if (silentSinceNanos == 0 || bursts != burstsAtLastLook || !reading) {
            burstsAtLastLook = bursts;
            silentSinceNanos = nowNanos;
            return false;
        }
        return nowNanos - silentSinceNanos >= graceNanos;
    }
}
