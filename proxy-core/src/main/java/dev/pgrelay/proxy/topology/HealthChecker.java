package dev.pgrelay.proxy.topology;

import dev.pgrelay.config.HealthConfig;
import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.config.UserConfig;
import dev.pgrelay.proxy.server.ServerConnector;
import io.netty.channel.EventLoopGroup;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks every node every health.interval (each check bounded by health.timeout) over a dedicated connection
 * per node, reporting role, timeline, WAL positions, lag and latency to the {@link Topology}. A node the
 * topology suspects, and every node while there is no primary, is checked every 100 ms instead; the topology
 * asks for an immediate check when a server connection fails (see {@link Topology#suspect}).
 */
public final class HealthChecker implements AutoCloseable {
    private final Topology topology;
    private final Map<NodeConfig, NodeProbe> probes = new LinkedHashMap<>();

    public HealthChecker(Topology topology, ServerConnector connector, HealthConfig settings, UserConfig probeUser,
                         String probeDatabase, EventLoopGroup group) {
        this.topology = topology;
        for (NodeConfig node : topology.nodes()) {
            probes.put(node, new NodeProbe(node, group.next(), topology, connector, settings, probeUser,
                    probeDatabase));
        }
    }

    public void start() {
        topology.onUrgentCheck(this::checkNow);
        probes.values().forEach(NodeProbe::checkSoon);
    }

    /** Checks {@code node} now, or as soon as the fast pace allows; a check already running is not repeated. */
    public void checkNow(NodeConfig node) {
        NodeProbe probe = probes.get(node);
        if (probe != null) {
            probe.checkSoon();
        }
    }

    @Override
    public void close() {
        probes.values().forEach(NodeProbe::stop);
    }
}
