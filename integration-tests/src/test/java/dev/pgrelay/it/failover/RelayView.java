package dev.pgrelay.it.failover;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.proxy.topology.Topology;
import dev.pgrelay.testkit.PgNode;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * pgrelay's view of the test cluster: which configured node a {@link PgNode} is, and the moment something
 * becomes true about the topology — polled every millisecond, because these tests report how fast that was.
 */
final class RelayView {
    /** The failover tests' pgrelay settings: the documented defaults, spelled out because the figures depend on them. */
    static final String DEFAULT_HEALTH_AND_FAILOVER = """
            health: { interval: 1s, timeout: 1s, failures_before_down: 3 }
            failover: { wait_for_primary: 30s }
            """;

    private final PgRelayEnvironment env;

    private RelayView(PgRelayEnvironment env) {
        this.env = env;
    }

    /** Returns once pgrelay routes to the cluster's primary and the {@link WriteLoop} table exists. */
    static RelayView readyForWrites(PgRelayEnvironment env) throws Exception {
        RelayView relay = new RelayView(env);
        PgNode primary = env.cluster().primary();
        when("pgrelay routes to " + primary, Duration.ofSeconds(30), () -> relay.routesTo(primary));
        WriteLoop.createTable(env);
        return relay;
    }

    Topology topology() {
        return env.relay().topology();
    }

    /** pgrelay's node for {@code node}: its own address, or its fault proxy's when the test has one. */
    NodeConfig nodeOf(PgNode node) {
        return env.relayNodeOf(node);
    }

    Optional<NodeConfig> primary() {
        return topology().primary();
    }

    boolean routesTo(PgNode node) {
        return primary().equals(Optional.of(nodeOf(node)));
    }

    /** Waits until {@code condition} holds and returns System.nanoTime() of the first poll that saw it. */
    static long when(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting until " + what);
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
        return System.nanoTime();
    }

    static long millisBetween(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }
}
