package dev.pgrelay.proxy.topology;

import dev.pgrelay.config.HealthConfig;
import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.config.UserConfig;
import dev.pgrelay.proxy.server.ServerConnector;
import io.netty.channel.EventLoopGroup;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks every node every health.interval (each check bounded by health.timeout) over a dedicated connection
 * per node, reporting role, timeline, WAL positions, lag and latency to the {@link Topology}. A node the
 * topology suspects, and every node while there is no primary, is checked every 100 ms instead; the topology
 * asks for an immediate check when a server connection fails (see {@link Topology#suspect}). A reload may add
 * and remove nodes and change the health settings and the probe's login ({@link #reconfigure}).
 */
public final class HealthChecker implements AutoCloseable {
    private final Topology topology;
    private final ServerConnector connector;
    private final String probeDatabase;
    private final EventLoopGroup group;
    private final Map<NodeConfig, NodeProbe> probes = new ConcurrentHashMap<>();
    /** What every probe reads at each check; replaced by a reload. */
    private volatile ProbeSettings settings;

    /** How the probes check: health.* and the user they log in as. */
    record ProbeSettings(HealthConfig health, UserConfig user) {
    }

    public HealthChecker(Topology topology, ServerConnector connector, HealthConfig health, UserConfig probeUser,
                         String probeDatabase, EventLoopGroup group) {
        this.topology = topology;
        this.connector = connector;
        this.probeDatabase = probeDatabase;
        this.group = group;
        this.settings = new ProbeSettings(health, probeUser);
        topology.nodes().forEach(this::addProbe);
    }

    private NodeProbe addProbe(NodeConfig node) {
        NodeProbe probe = new NodeProbe(node, group.next(), topology, connector, () -> settings, probeDatabase);
        probes.put(node, probe);
        return probe;
    }

    public void start() {
        topology.onUrgentCheck(this::checkNow);
        probes.values().forEach(NodeProbe::checkSoon);
    }

    /**
     * A reload: probes of removed nodes stop, added nodes are checked at once, and when the health settings
     * changed every probe reschedules its next check to the new interval (a 10 s wait does not outlast a reload
     * to 1 s). The probe user's new password counts from the next login; an open probe connection is kept.
     */
    public void reconfigure(Topology.NodeChanges changes, HealthConfig health, UserConfig probeUser) {
        boolean paceChanged = !health.equals(settings.health());
        settings = new ProbeSettings(health, probeUser);
        for (NodeConfig removed : changes.removed()) {
            NodeProbe probe = probes.remove(removed);
            if (probe != null) {
                probe.stop();
            }
        }
        changes.added().forEach(node -> addProbe(node).checkSoon());
        if (paceChanged) {
            probes.values().forEach(NodeProbe::reschedule);
        }
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
