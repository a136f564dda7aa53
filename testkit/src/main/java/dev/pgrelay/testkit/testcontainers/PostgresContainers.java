package dev.pgrelay.testkit.testcontainers;

import dev.pgrelay.config.HostPort;
import dev.pgrelay.testkit.RelayConfigYaml;
import java.util.List;
import java.util.function.Function;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL containers pgrelay fronts and the login they share. pgrelay's config has one user that both
 * clients and pgrelay itself log in with, so every node must have the same user, password and database.
 */
final class PostgresContainers {

    private final List<PostgreSQLContainer> nodes;

    private PostgresContainers(List<PostgreSQLContainer> nodes) {
        this.nodes = nodes;
    }

    /** @throws IllegalArgumentException when there is no node or two nodes differ in user, password or database */
    static PostgresContainers of(List<PostgreSQLContainer> nodes) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("pgrelay needs at least one PostgreSQLContainer");
        }
        PostgreSQLContainer first = nodes.get(0);
        for (int index = 1; index < nodes.size(); index++) {
            PostgreSQLContainer node = nodes.get(index);
            if (!node.getUsername().equals(first.getUsername()) || !node.getPassword().equals(first.getPassword())
                    || !node.getDatabaseName().equals(first.getDatabaseName())) {
                throw new IllegalArgumentException("every PostgreSQLContainer behind pgrelay needs the same username,"
                        + " password and database (pgrelay logs in to all nodes as one user); node " + index + " "
                        + describe(node) + " differs from node 0 " + describe(first));
            }
        }
        return new PostgresContainers(List.copyOf(nodes));
    }

    List<PostgreSQLContainer> list() {
        return nodes;
    }

    String username() {
        return nodes.get(0).getUsername();
    }

    String password() {
        return nodes.get(0).getPassword();
    }

    String databaseName() {
        return nodes.get(0).getDatabaseName();
    }

    /** Fills in {@code config}'s nodes, each at the address pgrelay reaches it by, and the shared login. */
    RelayConfigYaml describeTo(RelayConfigYaml config, Function<PostgreSQLContainer, HostPort> addressOf) {
        return config.nodes(nodes.stream().map(addressOf).toList()).user(username(), password());
    }

    private static String describe(PostgreSQLContainer node) {
        // Never the password: it ends up in test reports. Nor the image name: asking for it pulls the image.
        return "(user " + node.getUsername() + ", database " + node.getDatabaseName() + ")";
    }
}
