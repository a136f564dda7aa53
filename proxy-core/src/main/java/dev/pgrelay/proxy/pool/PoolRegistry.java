package dev.pgrelay.proxy.pool;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.config.UserConfig;
import dev.pgrelay.proxy.server.ServerConnector;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/** Finds or creates the pool for a (node, user, database) and runs maintenance over all of them. */
public final class PoolRegistry {
    private final ConcurrentMap<PoolKey, ServerPool> pools = new ConcurrentHashMap<>();
    private final PgRelayConfig config;
    private final ServerConnector connector;
    private final Consumer<NodeConfig> serverLost;

    /** {@code serverLost} hears of every pooled connection that the server or the network closed. */
    public PoolRegistry(PgRelayConfig config, ServerConnector connector, Consumer<NodeConfig> serverLost) {
        this.config = config;
        this.connector = connector;
        this.serverLost = serverLost;
    }

    public ServerPool pool(NodeConfig node, UserConfig user, String database) {
        PoolKey key = new PoolKey(node, user.name(), database);
        return pools.computeIfAbsent(key, k -> new ServerPool(k, user.password(), connector,
                PoolSettings.from(config.pool(), user.poolSize().orElse(config.pool().size())), serverLost));
    }

    public List<PoolStats> stats() {
        return pools.values().stream().map(ServerPool::stats).toList();
    }

    /** Server connections leased to clients, or being opened for them, over all pools. */
    public int leasedConnections() {
        return pools.values().stream().mapToInt(pool -> pool.stats().active()).sum();
    }

    /** Drains every pool of {@code node} (see {@link ServerPool#drain()}). */
    public void drain(NodeConfig node) {
        pools.values().stream().filter(pool -> pool.key().node().equals(node)).forEach(ServerPool::drain);
    }

    public void evictExpired() {
        pools.values().forEach(ServerPool::evictExpired);
    }

    public void closeAll() {
        pools.values().forEach(ServerPool::close);
    }
}
