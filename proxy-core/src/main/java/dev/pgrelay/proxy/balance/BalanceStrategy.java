package dev.pgrelay.proxy.balance;

import dev.pgrelay.config.NodeConfig;
import java.util.List;

/**
 * Picks the node for the next read among the usable ones (routing.balance). One small interface so that users
 * can compare strategies side by side with the benchmark harness.
 */
public interface BalanceStrategy {

    /** Chooses one of {@code candidates} (never empty). Called from any EventLoop: implementations are thread-safe. */
    NodeConfig choose(List<ReadCandidate> candidates);

    static BalanceStrategy of(dev.pgrelay.config.BalanceStrategy kind) {
        return switch (kind) {
            case ROUND_ROBIN -> new RoundRobinBalance();
            case WEIGHTED -> new WeightedBalance();
            case LEAST_CONNECTIONS -> new LeastConnectionsBalance();
            case P2C_LATENCY -> new PowerOfTwoChoicesBalance();
        };
    }
}
