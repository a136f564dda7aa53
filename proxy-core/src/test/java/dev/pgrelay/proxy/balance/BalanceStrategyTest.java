package dev.pgrelay.proxy.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.config.NodeConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BalanceStrategyTest {
    private static final NodeConfig A = new NodeConfig("a", "127.0.0.1", 5432, 1);
    private static final NodeConfig B = new NodeConfig("b", "127.0.0.1", 5433, 2);
    private static final NodeConfig C = new NodeConfig("c", "127.0.0.1", 5434, 1);

    private static Map<NodeConfig, Integer> share(BalanceStrategy strategy, List<ReadCandidate> candidates, int n) {
        Map<NodeConfig, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(strategy.choose(candidates), 1, Integer::sum);
        }
        return counts;
    }

    private static List<ReadCandidate> idle(NodeConfig... nodes) {
        return java.util.Arrays.stream(nodes).map(node -> new ReadCandidate(node, 0, 1.0)).toList();
    }

    @Test
    void roundRobinSpreadsEvenly() {
        assertThat(share(new RoundRobinBalance(), idle(A, B, C), 300)).containsEntry(A, 100).containsEntry(B, 100)
                .containsEntry(C, 100);
    }

    @Test
    void weightedFollowsTheWeightsAndInterleaves() {
        WeightedBalance weighted = new WeightedBalance();
        List<ReadCandidate> candidates = idle(A, B, C);   // weights 1, 2, 1
        assertThat(share(weighted, candidates, 400)).containsEntry(A, 100).containsEntry(B, 200).containsEntry(C, 100);
        NodeConfig previous = null;
        int longestRun = 0;
        int run = 0;
        for (int i = 0; i < 40; i++) {
            NodeConfig chosen = weighted.choose(candidates);
            run = chosen.equals(previous) ? run + 1 : 1;
            longestRun = Math.max(longestRun, run);
            previous = chosen;
        }
        assertThat(longestRun).as("smooth: never more reads in a row than the node's weight").isLessThanOrEqualTo(2);
    }

    @Test
    void weightZeroOnlyServesWhenAlone() {
        NodeConfig zero = new NodeConfig("z", "127.0.0.1", 5439, 0);
        WeightedBalance weighted = new WeightedBalance();
        assertThat(share(weighted, List.of(new ReadCandidate(zero, 0, 1), new ReadCandidate(A, 0, 1)), 50))
                .containsOnlyKeys(A);
        assertThat(weighted.choose(List.of(new ReadCandidate(zero, 0, 1)))).isEqualTo(zero);
    }

    @Test
    void leastConnectionsPicksTheLeastBusyAndRotatesTies() {
        LeastConnectionsBalance least = new LeastConnectionsBalance();
        assertThat(least.choose(List.of(new ReadCandidate(A, 5, 1), new ReadCandidate(B, 2, 1),
                new ReadCandidate(C, 7, 1)))).isEqualTo(B);
        assertThat(share(least, idle(A, B), 100)).containsEntry(A, 50).containsEntry(B, 50);
    }

    @Test
    void powerOfTwoChoicesPrefersTheFasterNode() {
        PowerOfTwoChoicesBalance p2c = new PowerOfTwoChoicesBalance();
        List<ReadCandidate> candidates = List.of(new ReadCandidate(A, 0, 1.0), new ReadCandidate(B, 0, 50.0));
        assertThat(share(p2c, candidates, 100)).containsOnlyKeys(A);
        List<ReadCandidate> three = List.of(new ReadCandidate(A, 0, 1.0), new ReadCandidate(B, 0, 2.0),
                new ReadCandidate(C, 0, 50.0));
        Map<NodeConfig, Integer> counts = share(p2c, three, 3000);
        assertThat(counts.getOrDefault(C, 0)).as("the slowest never wins a pair").isZero();
        assertThat(counts.get(A)).isGreaterThan(counts.get(B));
    }
}
