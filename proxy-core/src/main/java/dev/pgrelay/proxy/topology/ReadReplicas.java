package dev.pgrelay.proxy.topology;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.config.ReplicaLagLimit;
import dev.pgrelay.config.RoutingConfig;
import dev.pgrelay.proxy.balance.ReadCandidate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Which nodes may serve a read now: replicas that are up, not suspected or fenced, within
 * routing.max_replica_lag, and — for read-your-writes — that have replayed up to the client's last commit; the
 * primary too when routing.primary_reads says so.
 */
public final class ReadReplicas {
    private final Topology topology;
    private final ToIntFunction<NodeConfig> leasedConnections;

    public ReadReplicas(Topology topology, ToIntFunction<NodeConfig> leasedConnections) {
        this.topology = topology;
        this.leasedConnections = leasedConnections;
    }

    /**
     * @param routing           the routing settings running now (a reload replaces them)
     * @param minReplayPosition a WAL position (bytes) each replica must have replayed, or 0 for none
     */
    public List<ReadCandidate> candidates(RoutingConfig routing, long minReplayPosition) {
        NodeConfig primary = topology.primary().orElse(null);
        List<ReadCandidate> candidates = new ArrayList<>();
        for (NodeConfig node : topology.nodes()) {
            NodeHealth health = topology.health(node);
            boolean usable = node.equals(primary) ? routing.primaryReads()
                    : isFreshReplica(node, health, routing.maxReplicaLag(), minReplayPosition);
            if (usable) {
                candidates.add(new ReadCandidate(node, leasedConnections.applyAsInt(node),
                        health.latency().toNanos() / 1e6));
            }
        }
        return candidates;
    }

    private boolean isFreshReplica(NodeConfig node, NodeHealth health, ReplicaLagLimit limit,
                                   long minReplayPosition) {
        if (health.role() != NodeHealth.Role.REPLICA || topology.isSuspected(node)
                || topology.fencedNodes().contains(node)) {
            return false;
        }
        if (minReplayPosition > 0 && health.sample().walPosition() < minReplayPosition) {
            return false;   // it has not replayed this client's last commit yet
        }
        if (limit.isBytes()) {
            long lag = health.replicationLagBytes();
            return lag >= 0 && lag <= limit.bytes();   // unknown lag (-1) is not "within the limit"
        }
        return health.replicationLag().compareTo(limit.time()) <= 0;
    }
}
