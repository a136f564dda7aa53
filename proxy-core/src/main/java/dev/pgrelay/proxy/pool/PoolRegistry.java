package dev.pgrelay.proxy.pool;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.config.UserConfig;
import dev.pgrelay.proxy.server.ServerConnector;
import dev.pgrelay.proxy.server.ServerCredential;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Finds or creates the pool for a (node, user, database) and runs maintenance over all of them. Only nodes of
 * the running configuration get pools: a reload that removes a node retires its pools.
 */
public final class PoolRegistry {
    private final ConcurrentMap<PoolKey, ServerPool> pools = new ConcurrentHashMap<>();
    /** Users without a password in the config (auth_query): what their latest successful client login proved. */
    private final ConcurrentMap<String, ServerCredential> loginCredentials = new ConcurrentHashMap<>();
    /** Replaced by {@link #reconfigure} on a reload. */
    private volatile PgRelayConfig config;
    /** The configured nodes, replaced together with {@link #config} (written before, so the check below holds). */
    private volatile Set<NodeConfig> nodes;
    private volatile BiConsumer<PoolKey, Long> leaseWaits = (key, nanos) -> { };
    private final List<Consumer<String>> databaseForgotten = new CopyOnWriteArrayList<>();
    private final ServerConnector connector;
    private final Consumer<NodeConfig> serverLost;

    /** {@code serverLost} hears of every pooled connection that the server or the network closed. */
    public PoolRegistry(PgRelayConfig config, ServerConnector connector, Consumer<NodeConfig> serverLost) {
        this.config = config;
        this.nodes = Set.copyOf(config.nodes());
        this.connector = connector;
        this.serverLost = serverLost;
    }

    public ServerPool pool(NodeConfig node, UserConfig user, String database) {
        PoolKey key = new PoolKey(node, user.name(), database);
        ServerPool existing = pools.get(key);
        return existing != null ? existing : create(key, user);
    }

    private ServerPool create(PoolKey key, UserConfig user) {
        ServerPool pool = pools.computeIfAbsent(key, k -> {
            ServerPool created = new ServerPool(k, credentialOf(user), connector, settingsFor(config, k.user()),
                    serverLost);
            BiConsumer<PoolKey, Long> listener = leaseWaits;
            created.onLeaseWait(nanos -> listener.accept(k, nanos));
            return created;
        });
        // A router that chose the node just before a reload removed it may get here after the reload retired
        // the node's pools: this pool must not outlive the node either. The reload writes the node set before
        // it looks at the pools, and this reads it after adding the pool, so one of the two sees the other.
        if (!nodes.contains(key.node())) {
            retire(key, pool);
        }
        return pool;
    }

    /**
     * A listed user's pools log in with its password; the pools of a user found through auth_query with what its
     * latest client login proved ({@link #rememberLogin}), read at each connect. Such pools exist only after a
     * login, so min_idle never opens connections for a user nobody has logged in as.
     */
    private Supplier<ServerCredential> credentialOf(UserConfig user) {
        if (user.password() != null) {
            ServerCredential password = ServerCredential.password(user.password());
            return () -> password;
        }
        return () -> loginCredentials.get(user.name());
    }

    /**
     * A client of a user pgrelay has no password for logged in, proving {@code credential}; its pools use it from
     * now on (a newer login replaces it, so a password changed in PostgreSQL takes effect with the next login).
     */
    public void rememberLogin(String userName, ServerCredential credential) {
        loginCredentials.put(userName, credential);
    }

    /** The limits a pool for {@code userName} gets under {@code current}: pool.* and the user's pool_size. */
    private static PoolSettings settingsFor(PgRelayConfig current, String userName) {
        int size = current.user(userName).flatMap(user -> user.poolSize().isPresent()
                ? java.util.Optional.of(user.poolSize().getAsInt()) : java.util.Optional.empty())
                .orElse(current.pool().size());
        return PoolSettings.from(current.pool(), size);
    }

    /** Every pool that exists now, for the admin console and metrics. */
    public List<ServerPool> pools() {
        return List.copyOf(pools.values());
    }

    /** {@code listener} hears how long each successful lease of pools created from now on waited (nanoseconds). */
    public void onLeaseWait(BiConsumer<PoolKey, Long> listener) {
        this.leaseWaits = listener;
    }

    /**
     * A reload: pools created from now on use {@code reloaded}, and every existing pool takes its new limits
     * live (see {@link ServerPool#resize}). Pools of users that no longer exist keep their limits and serve
     * their connected clients until those leave. Pools of nodes that no longer exist are retired (see
     * {@link ServerPool#retireRemovedNode}) and forgotten: their leased connections close when released.
     */
    public void reconfigure(PgRelayConfig reloaded) {
        this.config = reloaded;
        this.nodes = Set.copyOf(reloaded.nodes());
        for (ServerPool pool : pools.values()) {
            if (!nodes.contains(pool.key().node())) {
                retire(pool.key(), pool);
            } else if (reloaded.user(pool.key().user()).isPresent()) {
                pool.resize(settingsFor(reloaded, pool.key().user()));
            }
        }
    }

    private void retire(PoolKey key, ServerPool pool) {
        pools.remove(key, pool);
        pool.retireRemovedNode();
    }

    public List<PoolStats> stats() {
        return pools.values().stream().map(ServerPool::stats).toList();
    }

    /** Server connections leased to clients, or being opened for them, over all pools. */
    public int leasedConnections() {
        return pools.values().stream().mapToInt(pool -> pool.stats().active()).sum();
    }

    /** Server connections leased (or being opened) on one node, for least-connections balancing. */
    public int leasedConnections(NodeConfig node) {
        return leasedConnections(key -> key.node().equals(node));
    }

    /** Server connections leased (or being opened) for {@code database}, over all nodes and users (PAUSE db). */
    public int leasedConnections(String database) {
        return leasedConnections(key -> key.database().equals(database));
    }

    private int leasedConnections(Predicate<PoolKey> which) {
        int leased = 0;
        for (ServerPool pool : pools.values()) {
            if (which.test(pool.key())) {
                leased += pool.stats().active();
            }
        }
        return leased;
    }

    /** Drains every pool of {@code node} (see {@link ServerPool#drain()}). */
    public void drain(NodeConfig node) {
        pools.values().stream().filter(pool -> pool.key().node().equals(node)).forEach(ServerPool::drain);
    }

    /**
     * {@code listener} hears the name of each database whose last pool (of any node and user) was forgotten for
     * never having connected (see {@link #maintain}), so per-database state kept elsewhere can go too.
     */
    public void onDatabaseForgotten(Consumer<String> listener) {
        databaseForgotten.add(listener);
    }

    /**
     * Once a second: forget pools that never got a connection logged in and are unused (a client's made-up
     * database name must not leave a pool behind, nor a min_idle that retries it forever), close expired idle
     * connections, then open what min_idle asks for.
     */
    public void maintain(io.netty.channel.EventLoop loop) {
        List<PoolKey> forgotten = new ArrayList<>();
        for (ServerPool pool : pools.values()) {
            if (pool.forgetIfNeverConnected()) {
                pools.remove(pool.key(), pool);
                forgotten.add(pool.key());
                continue;
            }
            pool.evictExpired();
            pool.topUpMinIdle(loop);
        }
        if (!forgotten.isEmpty()) {
            tellDatabasesForgotten(forgotten);
        }
    }

    private void tellDatabasesForgotten(List<PoolKey> forgotten) {
        Set<String> stillPooled = new HashSet<>();
        pools.keySet().forEach(key -> stillPooled.add(key.database()));
        forgotten.stream().map(PoolKey::database)
                .filter(stillPooled::add)   // no pool left, and told once
                .forEach(database -> databaseForgotten.forEach(listener -> listener.accept(database)));
    }

    public void closeAll() {
        pools.values().forEach(ServerPool::close);
    }
}
