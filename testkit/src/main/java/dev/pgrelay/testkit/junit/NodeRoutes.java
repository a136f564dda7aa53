package dev.pgrelay.testkit.junit;

import dev.pgrelay.config.HostPort;
import dev.pgrelay.testkit.LocalPostgresCluster;
import dev.pgrelay.testkit.PgNode;
import dev.pgrelay.testkit.fault.FaultProxy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How pgrelay reaches each node of a cluster: straight at the node's port, or through a {@link FaultProxy} per
 * node. pgrelay names nodes by host:port, so this is also the map between a {@link PgNode} and the address
 * pgrelay's config, topology and pools know it by.
 */
final class NodeRoutes implements AutoCloseable {

    private final Map<PgNode, HostPort> addresses;
    private final Map<PgNode, FaultProxy> proxies;

    private NodeRoutes(Map<PgNode, HostPort> addresses, Map<PgNode, FaultProxy> proxies) {
        this.addresses = addresses;
        this.proxies = proxies;
    }

    static NodeRoutes direct(LocalPostgresCluster cluster) {
        Map<PgNode, HostPort> addresses = new LinkedHashMap<>();
        cluster.nodes().forEach(node -> addresses.put(node, new HostPort(node.host(), node.port())));
        return new NodeRoutes(addresses, Map.of());
    }

    static NodeRoutes throughFaultProxies(LocalPostgresCluster cluster) {
        Map<PgNode, HostPort> addresses = new LinkedHashMap<>();
        Map<PgNode, FaultProxy> proxies = new LinkedHashMap<>();
        NodeRoutes routes = new NodeRoutes(addresses, proxies);
        try {
            for (PgNode node : cluster.nodes()) {
                FaultProxy proxy = FaultProxy.start(node.name(), node.host(), node.port());
                proxies.put(node, proxy);
                addresses.put(node, new HostPort(proxy.host(), proxy.port()));
            }
            return routes;
        } catch (RuntimeException e) {
            routes.close();
            throw e;
        }
    }

    /** Every node's address as pgrelay sees it, in the cluster's node order. */
    List<HostPort> addresses() {
        return List.copyOf(addresses.values());
    }

    HostPort addressOf(PgNode node) {
        HostPort address = addresses.get(node);
        if (address == null) {
            throw new IllegalArgumentException(node + " was added after pgrelay started: pgrelay does not know it");
        }
        return address;
    }

    Optional<PgNode> nodeAt(HostPort address) {
        return addresses.entrySet().stream().filter(entry -> entry.getValue().equals(address)).map(Map.Entry::getKey)
                .findFirst();
    }

    FaultProxy proxyOf(PgNode node) {
        FaultProxy proxy = proxies.get(node);
        if (proxy == null) {
            throw new IllegalStateException(proxies.isEmpty()
                    ? "network faults need the fault proxy: @PgRelayTest(faultProxy = true) or builder().faultProxy(true)"
                    : node + " was added after pgrelay started: it has no fault proxy");
        }
        return proxy;
    }

    @Override
    public void close() {
        proxies.values().forEach(FaultProxy::close);
    }
}
