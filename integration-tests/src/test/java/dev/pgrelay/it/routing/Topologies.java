package dev.pgrelay.it.routing;

import dev.pgrelay.PgRelay;
import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.proxy.topology.NodeHealth;
import dev.pgrelay.testkit.Await;
import dev.pgrelay.testkit.PgNode;
import java.time.Duration;
import java.util.function.Predicate;

/** Waits for pgrelay's view of the cluster to reach a state a routing test needs. */
final class Topologies {
    private Topologies() {
    }

    static NodeConfig configFor(PgRelay relay, PgNode node) {
        return relay.topology().nodes().stream().filter(n -> n.port() == node.port()).findFirst().orElseThrow();
    }

    static void awaitHealth(PgRelay relay, PgNode node, String what, Predicate<NodeHealth> condition) {
        NodeConfig config = configFor(relay, node);
        Await.until(what, Duration.ofSeconds(30), () -> condition.test(relay.topology().health(config)));
    }

    static void awaitReplica(PgRelay relay, PgNode node) {
        awaitHealth(relay, node, node.name() + " seen as an up-to-date replica",
                h -> h.role() == NodeHealth.Role.REPLICA && h.replicationLagBytes() >= 0);
    }
}
