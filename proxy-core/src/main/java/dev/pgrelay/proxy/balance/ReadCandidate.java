package dev.pgrelay.proxy.balance;

import dev.pgrelay.config.NodeConfig;

/**
 * A node that may serve a read right now, with what the strategies weigh: its configured weight, the server
 * connections currently leased on it, and its smoothed latency.
 */
public record ReadCandidate(NodeConfig node, int activeConnections, double latencyMillis) {
    public int weight() {
        return node.weight();
    }
}
