package dev.pgrelay.proxy.client;

import dev.pgrelay.config.HealthConfig;
import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.proxy.net.Transport;
import dev.pgrelay.proxy.server.ServerConnection;
import dev.pgrelay.proxy.topology.NodeHealth;
import dev.pgrelay.proxy.topology.Topology;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees clients stuck on a node that has vanished from the network. When packets are dropped rather than refused
 * (a partition, a dead host, a stuck load balancer) a leased connection gets no error for many minutes, and its
 * client waits as long — past a failover that has long since given every other client a new primary. Once health
 * checks mark a node down, each leased connection to it that owes its client an answer and has heard nothing for
 * as long as the health checks needed to call the node down (the larger of health.interval and health.timeout,
 * times failures_before_down) is cancelled and closed: the client gets 08006 (in transaction pooling its
 * connection stays and its next transaction goes to the current primary). A connection still receiving data, or
 * not waiting for any, is left alone; this is HAProxy's {@code on-marked-down shutdown-sessions}, limited to
 * sessions that are stuck. Should the node only look down (health checks refused by a full server), the cancel
 * stops the backend's query instead of leaving it to run.
 */
public final class StalledServerReaper {
    private static final Logger log = LoggerFactory.getLogger(StalledServerReaper.class);

    private final Topology topology;
    private final ClientTracker clients;
    private final Supplier<HealthConfig> health;
    private final CancelForwarder cancels;

    /** {@code health} is read at every sweep, so a reload of the health settings applies. */
    public StalledServerReaper(Topology topology, ClientTracker clients, Supplier<HealthConfig> health,
                               Transport transport) {
        this.topology = topology;
        this.clients = clients;
        this.health = health;
        this.cancels = new CancelForwarder(transport);
    }

    /** Looks at the leased connections of nodes marked down; call periodically (pgrelay does every second). */
    public void sweep() {
        Set<NodeConfig> down = topology.nodes().stream().filter(this::markedDown).collect(Collectors.toSet());
        if (down.isEmpty()) {
            return;
        }
        long graceNanos = grace(health.get());
        for (ClientTracker.LeasedServer leased : clients.leasedServers()) {
            if (down.contains(leased.server().node())) {
                try {
                    // On the client's EventLoop: there the requests it sent, and so what it is owed, are tracked.
                    leased.clientLoop().execute(() -> abandonIfStalled(leased, graceNanos));
                } catch (RejectedExecutionException shuttingDown) {
                    return;
                }
            }
        }
    }

    /** As long as the health checks needed, at least, to call the node down. */
    static long grace(HealthConfig health) {
        long perCheck = Math.max(health.interval().toNanos(), health.timeout().toNanos());
        return perCheck * Math.max(1, health.failuresBeforeDown());
    }

    private boolean markedDown(NodeConfig node) {
        NodeHealth nodeHealth = topology.health(node);
        return nodeHealth.checked() && !nodeHealth.up();
    }

    private void abandonIfStalled(ClientTracker.LeasedServer leased, long graceNanos) {
        ServerConnection server = leased.server();
        if (leased.session().leasedServer() != server || !server.stalledFor(graceNanos)) {
            return;   // released or handed on meanwhile, or not stuck
        }
        log.warn("{}: cancelling and closing: it owes its client an answer, heard nothing for {} ms, and {} is"
                + " down", server, graceNanos / 1_000_000, server.node().name());
        cancels.send(server);
        server.abandon("server " + server.node().name() + " stopped answering and health checks mark it down");
    }
}
