package dev.pgrelay.proxy.balance;

import dev.pgrelay.config.NodeConfig;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node with the fewest leased server connections gets the read: adapts to slow nodes and long queries.
 * Ties rotate, so equally idle nodes share the load.
 */
final class LeastConnectionsBalance implements BalanceStrategy {
    private final AtomicLong tieBreak = new AtomicLong();

    @Override
    public NodeConfig choose(List<ReadCandidate> candidates) {
        int start = (int) Math.floorMod(tieBreak.getAndIncrement(), (long) candidates.size());
        ReadCandidate best = null;
        for (int i = 0; i < candidates.size(); i++) {
            ReadCandidate candidate = candidates.get((start + i) % candidates.size());
            if (best == null || candidate.activeConnections() < best.activeConnections()) {
                best = candidate;
            }
        }
        return best.node();
    }
}
