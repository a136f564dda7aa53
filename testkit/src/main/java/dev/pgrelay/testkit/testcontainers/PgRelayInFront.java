package dev.pgrelay.testkit.testcontainers;

import dev.pgrelay.PgRelay;
import dev.pgrelay.config.ConfigLoader;
import dev.pgrelay.config.HostPort;
import dev.pgrelay.testkit.Await;
import dev.pgrelay.testkit.JdbcUrl;
import dev.pgrelay.testkit.RelayConfigYaml;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * pgrelay running in this JVM in front of PostgreSQL containers that Testcontainers started: its nodes are the
 * containers' mapped ports, its one user is their login. No pgrelay image is needed, and the test can reach
 * into the running {@link PgRelay} (topology, pools, metrics, reload). Closing it stops pgrelay, not the containers.
 */
public final class PgRelayInFront implements AutoCloseable {

    private final PostgresContainers nodes;
    private final String configYaml;
    private final PgRelay relay;

    private PgRelayInFront(PostgresContainers nodes, String configYaml, PgRelay relay) {
        this.nodes = nodes;
        this.configYaml = configYaml;
        this.relay = relay;
    }

    /** pgrelay in session mode in front of {@code nodes}, which must be running; it finds the primary itself. */
    public static PgRelayInFront of(PostgreSQLContainer... nodes) {
        return builder(nodes).start();
    }

    /** Set pool mode, size or extra YAML before {@link Builder#start()}. */
    public static Builder builder(PostgreSQLContainer... nodes) {
        return new Builder(PostgresContainers.of(List.of(nodes)));
    }

    public PgRelay relay() {
        return relay;
    }

    /** JDBC URL of pgrelay for the nodes' database. */
    public String jdbcUrl() {
        return JdbcUrl.of(new HostPort(relay.host(), relay.port()), nodes.databaseName());
    }

    public String host() {
        return relay.host();
    }

    public int port() {
        return relay.port();
    }

    /** {@code http://host:port} of pgrelay's admin_http; append /metrics, /health or /ready. */
    public String adminHttpUrl() {
        InetSocketAddress admin = relay.adminHttpAddress()
                .orElseThrow(() -> new IllegalStateException("admin_http was configured away: " + relay.config().adminHttp()));
        return "http://" + new HostPort(admin.getHostString(), admin.getPort());
    }

    public String username() {
        return nodes.username();
    }

    public String password() {
        return nodes.password();
    }

    public String databaseName() {
        return nodes.databaseName();
    }

    /** The YAML pgrelay's config was parsed from, for failure messages. */
    public String configYaml() {
        return configYaml;
    }

    /** Stops pgrelay, letting running transactions finish; the containers keep running. */
    @Override
    public void close() {
        relay.close();
    }

    @Override
    public String toString() {
        return "pgrelay on " + relay.host() + ":" + relay.port() + " in front of " + nodes.list().size() + " PostgreSQL container(s)";
    }

    /** The pool and extra config of a {@link PgRelayInFront}, then {@link #start()}. */
    public static final class Builder {

        private static final int PRIMARY_TIMEOUT_SECONDS = 60;

        private final PostgresContainers nodes;
        // admin_http on a free port, so /ready and /metrics can be checked as against the image.
        private final RelayConfigYaml relayConfig = new RelayConfigYaml().adminHttp(new HostPort("127.0.0.1", 0));

        private Builder(PostgresContainers nodes) {
            this.nodes = nodes;
        }

        /** {@code pool.mode}: session (the default), transaction or statement. */
        public Builder poolMode(String mode) {
            relayConfig.poolMode(mode);
            return this;
        }

        /** {@code pool.size}: server connections per (node, user, database); 10 unless set. */
        public Builder poolSize(int size) {
            relayConfig.poolSize(size);
            return this;
        }

        /** pgrelay YAML merged into the generated config; a top-level key it has replaces the generated block. */
        public Builder config(String yaml) {
            relayConfig.overrides(yaml);
            return this;
        }

        /**
         * Starts pgrelay on 127.0.0.1 and a free port and returns once it has found the primary — the moment
         * {@code /ready} would answer 200, as {@link PgRelayContainer} waits for.
         *
         * @throws IllegalStateException when a node has not been started
         * @throws dev.pgrelay.testkit.ClusterException when no primary is found within {@value #PRIMARY_TIMEOUT_SECONDS} s
         */
        public PgRelayInFront start() {
            for (PostgreSQLContainer node : nodes.list()) {
                if (node.getContainerId() == null) {
                    throw new IllegalStateException("start the PostgreSQLContainer before pgrelay (or let @Container"
                            + " start it): pgrelay connects to its mapped port, which exists only once it runs");
                }
            }
            String yaml = nodes.describeTo(relayConfig,
                    node -> new HostPort(node.getHost(), node.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT))).toYaml();
            PgRelay relay = PgRelay.start(ConfigLoader.parse(yaml, "PgRelayInFront config"));
            try {
                Await.until("pgrelay finds the primary among " + relay.config().nodes(),
                        Duration.ofSeconds(PRIMARY_TIMEOUT_SECONDS), () -> relay.topology().primary().isPresent());
            } catch (RuntimeException e) {
                relay.close();
                throw e;
            }
            return new PgRelayInFront(nodes, yaml, relay);
        }
    }
}
