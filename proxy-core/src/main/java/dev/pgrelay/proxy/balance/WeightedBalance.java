package dev.pgrelay.proxy.balance;

import dev.pgrelay.config.NodeConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Smooth weighted round robin (as nginx does it): over any window, node i gets weight_i / Σweight of the reads,
 * interleaved rather than in bursts. A node with weight 0 gets reads only when it is the only candidate.
 */
final class WeightedBalance implements BalanceStrategy {
    private final Map<NodeConfig, Long> current = new HashMap<>();   // guarded by this

    @Override
    public synchronized NodeConfig choose(List<ReadCandidate> candidates) {
        long total = 0;
        ReadCandidate best = null;
        long bestWeight = Long.MIN_VALUE;
        for (ReadCandidate candidate : candidates) {
            long weight = candidate.weight();
            total += weight;
            long updated = current.getOrDefault(candidate.node(), 0L) + weight;
            current.put(candidate.node(), updated);
            if (updated > bestWeight) {
                bestWeight = updated;
                best = candidate;
            }
        }
        if (total == 0) {
            return candidates.get(0).node();
        }
        current.put(best.node(), bestWeight - total);
        return best.node();
    }
}
