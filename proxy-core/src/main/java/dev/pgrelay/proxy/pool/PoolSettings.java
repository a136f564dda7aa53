package dev.pgrelay.proxy.pool;

import dev.pgrelay.config.PoolConfig;
import java.time.Duration;

/** The pool limits one (node, user, database) pool runs with, taken from pool.* and the user's pool_size. */
public record PoolSettings(int size, int minIdle, Duration waitTimeout, Duration serverIdleTimeout,
                           Duration serverLifetime) {

    public static PoolSettings from(PoolConfig pool, int size) {
        return new PoolSettings(size, pool.minIdle(), pool.waitTimeout(), pool.serverIdleTimeout(),
                pool.serverLifetime());
    }
}
