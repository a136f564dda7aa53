package dev.pgrelay.proxy.metrics;

import java.util.concurrent.atomic.LongAdder;

/** Bytes through pgrelay on each side, counted on the hot path with LongAdders and read by metrics and SHOW STATS. */
public final class TrafficCounters {
    private final LongAdder clientReceived = new LongAdder();
    private final LongAdder clientSent = new LongAdder();
    private final LongAdder serverReceived = new LongAdder();
    private final LongAdder serverSent = new LongAdder();

    void clientReceived(long bytes) {
        clientReceived.add(bytes);
    }

    void clientSent(long bytes) {
        clientSent.add(bytes);
    }

    void serverReceived(long bytes) {
        serverReceived.add(bytes);
    }

    void serverSent(long bytes) {
        serverSent.add(bytes);
    }

    /** Bytes clients sent to pgrelay. */
    public long clientReceived() {
        return clientReceived.sum();
    }

    /** Bytes pgrelay sent to clients. */
    public long clientSent() {
        return clientSent.sum();
    }

    /** Bytes servers sent to pgrelay. */
    public long serverReceived() {
        return serverReceived.sum();
    }

    /** Bytes pgrelay sent to servers. */
    public long serverSent() {
        return serverSent.sum();
    }
}
