package dev.pgrelay.proxy.balance;

import dev.pgrelay.config.NodeConfig;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Power of two choices: pick two nodes at random and send the read to the one with the lower smoothed latency
 * (ties: fewer leased connections). Nearly as good as always picking the best, without herding every client
 * onto the node that looked fastest a moment ago.
 */
final class PowerOfTwoChoicesBalance implements BalanceStrategy {

    @Override
    public NodeConfig choose(List<ReadCandidate> candidates) {
        if (candidates.size() == 1) {
            return candidates.get(0).node();
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int first = random.nextInt(candidates.size());
        int second = random.nextInt(candidates.size() - 1);
        if (second >= first) {
            second++;
        }
        ReadCandidate a = candidates.get(first);
        ReadCandidate b = candidates.get(second);
        if (a.latencyMillis() != b.latencyMillis()) {
            return a.latencyMillis() < b.latencyMillis() ? a.node() : b.node();
        }
        return a.activeConnections() <= b.activeConnections() ? a.node() : b.node();
    }
}
