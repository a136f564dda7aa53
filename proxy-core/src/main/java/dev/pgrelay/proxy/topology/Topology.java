package dev.pgrelay.proxy.topology;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.protocol.SqlState;
import dev.pgrelay.proxy.PgErrorException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster as pgrelay currently sees it: each node's health and which node is the primary. Clients that need
 * a primary while there is none wait here (bounded by failover.wait_for_primary) instead of failing at once.
 */
public final class Topology {
    private static final Logger log = LoggerFactory.getLogger(Topology.class);

    private final List<NodeConfig> nodes;
    private final Map<NodeConfig, NodeHealth> health = new LinkedHashMap<>();   // guarded by this
    private final List<Promise<NodeConfig>> primaryWaiters = new ArrayList<>(); // guarded by this
    private volatile NodeConfig primary;

    public Topology(List<NodeConfig> nodes) {
        this.nodes = List.copyOf(nodes);
        nodes.forEach(node -> health.put(node, NodeHealth.unknown()));
    }

    public List<NodeConfig> nodes() {
        return nodes;
    }

    public Optional<NodeConfig> primary() {
        return Optional.ofNullable(primary);
    }

    public synchronized NodeHealth health(NodeConfig node) {
        return health.getOrDefault(node, NodeHealth.unknown());
    }

    /** Records a check result and re-decides the primary: the one node that is up and not in recovery. */
    void update(NodeConfig node, NodeHealth newHealth) {
        List<Promise<NodeConfig>> released = List.of();
        NodeConfig previous;
        NodeConfig current;
        synchronized (this) {
            health.put(node, newHealth);
            previous = primary;
            current = choosePrimary();
            primary = current;
            if (current != null && !primaryWaiters.isEmpty()) {
                released = new ArrayList<>(primaryWaiters);
                primaryWaiters.clear();
            }
        }
        if (previous != current) {
            log.info("primary is now {}", current == null ? "unknown (no node reports itself as primary)"
                    : current.name());
        }
        for (Promise<NodeConfig> waiter : released) {
            waiter.trySuccess(current);
        }
    }

    private NodeConfig choosePrimary() {
        List<NodeConfig> candidates = new ArrayList<>();
        health.forEach((node, h) -> {
            if (h.isUsablePrimary()) {
                candidates.add(node);
            }
        });
        if (candidates.size() > 1) {
            log.warn("more than one node reports itself as primary: {}; keeping {}", candidates,
                    candidates.contains(primary) ? primary.name() : candidates.get(0).name());
            return candidates.contains(primary) ? primary : candidates.get(0);
        }
        return candidates.isEmpty() ? null : candidates.get(0);
    }

    /** Completes with the primary as soon as there is one, or fails with 08006 after {@code timeout}. */
    public Future<NodeConfig> awaitPrimary(EventLoop loop, Duration timeout) {
        NodeConfig known = primary;
        if (known != null) {
            return loop.newSucceededFuture(known);
        }
        Promise<NodeConfig> promise = loop.newPromise();
        synchronized (this) {
            if (primary != null) {
                return promise.setSuccess(primary);
            }
            primaryWaiters.add(promise);
        }
        var deadline = loop.schedule(() -> {
            synchronized (this) {
                primaryWaiters.remove(promise);
            }
            promise.tryFailure(PgErrorException.fatal(SqlState.CONNECTION_FAILURE,
                    "no primary server available after waiting " + timeout.toMillis() + " ms",
                    "pgrelay found no node where pg_is_in_recovery() is false; check the nodes and failover."));
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        promise.addListener(f -> deadline.cancel(false));
        return promise;
    }
}
