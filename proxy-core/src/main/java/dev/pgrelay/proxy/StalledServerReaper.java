package dev.pgrelay.proxy;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.proxy.client.ClientTracker;
import dev.pgrelay.proxy.server.ServerConnection;
import dev.pgrelay.proxy.topology.NodeHealth;
import dev.pgrelay.proxy.topology.Topology;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees clients stuck on a node that has vanished from the network. When packets are dropped rather than refused
 * (a partition, a dead host, a stuck load balancer) a leased connection gets no error for many minutes, and its
 * client waits as long — past a failover that has long since given every other client a new primary. Once health
 * checks mark a node down, each leased connection to it that owes its client an answer and has heard nothing for
 * health.timeout is closed: the client gets 08006 at once (in transaction pooling its connection stays and its
 * next transaction goes to the current primary). A connection still receiving data, or not waiting for any, is
 * left alone; this is HAProxy's {@code on-marked-down shutdown-sessions}, limited to sessions that are stuck.
 */
public final class StalledServerReaper {
    private static final Logger log = LoggerFactory.getLogger(StalledServerReaper.class);

    private final Topology topology;
    private final ClientTracker clients;
    private final Supplier<Duration> grace;

    /** {@code grace} is read at every sweep, so a reload of health.timeout applies. */
    public StalledServerReaper(Topology topology, ClientTracker clients, Supplier<Duration> grace) {
        this.topology = topology;
        this.clients = clients;
        this.grace = grace;
    }

    /** Looks at the leased connections of nodes marked down; call periodically (pgrelay does every second). */
    public void sweep() {
        Set<NodeConfig> down = topology.nodes().stream().filter(this::markedDown).collect(Collectors.toSet());
        if (down.isEmpty()) {
            return;
        }
        long graceNanos = grace.get().toNanos();
        for (ClientTracker.LeasedServer leased : clients.leasedServers()) {
            ServerConnection server = leased.server();
            if (down.contains(server.node())) {
                // On the client's EventLoop: that is where the requests it sent, and so what it is owed, are tracked.
                leased.clientLoop().execute(() -> abandonIfStalled(server, graceNanos));
            }
        }
    }

    private boolean markedDown(NodeConfig node) {
        NodeHealth health = topology.health(node);
        return health.checked() && !health.up();
    }

    private static void abandonIfStalled(ServerConnection server, long graceNanos) {
        String why = "server " + server.node().name() + " stopped answering and health checks mark it down";
        if (server.abandonIfStalled(graceNanos, why)) {
            log.warn("{}: closed: it owes its client an answer, heard nothing for {} ms, and {} is down", server,
                    graceNanos / 1_000_000, server.node().name());
        }
    }
}
