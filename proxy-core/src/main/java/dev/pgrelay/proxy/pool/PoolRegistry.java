package dev.pgrelay.proxy.pool;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.config.UserConfig;
import dev.pgrelay.proxy.server.ServerConnector;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Finds or creates the pool for a (node, user, database) and runs maintenance over all of them. */
public final class PoolRegistry {
    private final ConcurrentMap<PoolKey, ServerPool> pools = new ConcurrentHashMap<>();
    private final PgRelayConfig config;
    private final ServerConnector connector;

    public PoolRegistry(PgRelayConfig config, ServerConnector connector) {
        this.config = config;
        this.connector = connector;
    }

    public ServerPool pool(NodeConfig node, UserConfig user, String database) {
        PoolKey key = new PoolKey(node, user.name(), database);
        return pools.computeIfAbsent(key, k -> new ServerPool(k, user.password(), connector,
                PoolSettings.from(config.pool(), user.poolSize().orElse(config.pool().size()))));
    }

    public List<PoolStats> stats() {
        return pools.values().stream().map(ServerPool::stats).toList();
    }

    public void evictExpired() {
        pools.values().forEach(ServerPool::evictExpired);
    }

    public void closeAll() {
        pools.values().forEach(ServerPool::close);
    }
}
