package dev.pgrelay.testkit.testcontainers;

import java.util.List;
import java.util.Objects;
import org.testcontainers.containers.Network;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Picks the one Docker network pgrelay's container shares with its PostgreSQL nodes and puts every node that
 * has none on it. Docker attaches a container to its networks when it starts, so a node that is already
 * running keeps whatever network it started with.
 */
final class SharedNetwork {

    private SharedNetwork() {
    }

    /**
     * The nodes' network if they have one, else {@code relayNetwork} if pgrelay's container has one, else a new
     * network (Testcontainers removes it when the JVM exits).
     *
     * @throws IllegalArgumentException when the nodes, or the nodes and pgrelay's container, are on different networks
     * @throws IllegalStateException when a node without a network is already running
     */
    static Network joining(List<PostgreSQLContainer> nodes, Network relayNetwork) {
        List<Network> nodeNetworks = nodes.stream().map(PostgreSQLContainer::getNetwork).filter(Objects::nonNull)
                .distinct().toList();
        if (nodeNetworks.size() > 1 || (nodeNetworks.size() == 1 && relayNetwork != null && nodeNetworks.get(0) != relayNetwork)) {
            throw new IllegalArgumentException("pgrelay's container and its PostgreSQL nodes must share one Network;"
                    + " leave the nodes' network unset to have them put on pgrelay's");
        }
        Network shared = !nodeNetworks.isEmpty() ? nodeNetworks.get(0)
                : relayNetwork != null ? relayNetwork
                : Network.newNetwork();
        for (PostgreSQLContainer node : nodes) {
            if (node.getNetwork() == null) {
                if (node.getContainerId() != null) {
                    throw new IllegalStateException("a PostgreSQL node started without a Network cannot join pgrelay's:"
                            + " call withNodes(...) before starting it, or start it withNetwork(...)");
                }
                node.withNetwork(shared);
            }
        }
        return shared;
    }
}
