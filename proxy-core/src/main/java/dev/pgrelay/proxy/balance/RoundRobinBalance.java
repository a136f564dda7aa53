package dev.pgrelay.proxy.balance;

import dev.pgrelay.config.NodeConfig;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Each read goes to the next node in turn: even spread when nodes are alike. */
final class RoundRobinBalance implements BalanceStrategy {
    private final AtomicLong next = new AtomicLong();

    @Override
    public NodeConfig choose(List<ReadCandidate> candidates) {
        return candidates.get((int) Math.floorMod(next.getAndIncrement(), (long) candidates.size())).node();
    }
}
