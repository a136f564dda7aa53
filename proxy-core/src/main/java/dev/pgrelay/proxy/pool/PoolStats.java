package dev.pgrelay.proxy.pool;

/** A consistent snapshot of one pool's counters, for the admin console, metrics and tests. */
public record PoolStats(PoolKey key, int open, int idle, int waiting) {
    public int active() {
        return open - idle;
    }
}
