package dev.pgrelay.testkit.junit;

import dev.pgrelay.PgRelay;
import dev.pgrelay.config.ConfigLoader;
import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.testkit.LocalPostgresCluster;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What a {@link PgRelayTest} gets: a running cluster, a running pgrelay in front of it, the config it was
 * started with, and the URLs and credentials to reach both.
 */
public final class PgRelayEnvironment implements AutoCloseable {

    private final LocalPostgresCluster cluster;
    private final String configYaml;
    private final PgRelayConfig config;
    private final PgRelay relay;

    private PgRelayEnvironment(LocalPostgresCluster cluster, String configYaml, PgRelayConfig config, PgRelay relay) {
        this.cluster = cluster;
        this.configYaml = configYaml;
        this.config = config;
        this.relay = relay;
    }

    /** Starts the cluster, then pgrelay; if pgrelay cannot start, the cluster is stopped before throwing. */
    static PgRelayEnvironment start(PgRelayTest settings) {
        LocalPostgresCluster.Builder builder = LocalPostgresCluster.builder().replicas(settings.replicas());
        for (String setting : settings.postgresSettings()) {
            int equals = setting.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("@PgRelayTest postgresSettings entries are name=value, got: " + setting);
            }
            builder.setting(setting.substring(0, equals).strip(), setting.substring(equals + 1).strip());
        }
        LocalPostgresCluster cluster = builder.start();
        try {
            String yaml = RelayConfigYaml.forCluster(cluster, settings.poolMode(), settings.poolSize(), settings.config());
            PgRelayConfig config = ConfigLoader.parse(yaml, "@PgRelayTest config");
            return new PgRelayEnvironment(cluster, yaml, config, PgRelay.start(config));
        } catch (Throwable e) {
            // Throwable: Netty rethrows checked exceptions (a failed bind) without declaring them.
            try {
                cluster.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    public LocalPostgresCluster cluster() {
        return cluster;
    }

    public PgRelay relay() {
        return relay;
    }

    public String relayHost() {
        return relay.host();
    }

    public int relayPort() {
        return relay.port();
    }

    /** JDBC URL of pgrelay for the cluster's database. */
    public String relayJdbcUrl() {
        return relayJdbcUrl(cluster.database());
    }

    public String relayJdbcUrl(String database) {
        return "jdbc:postgresql://" + relayHost() + ":" + relayPort() + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
    }

    /** JDBC URL of the primary itself (bypassing pgrelay) for the cluster's database. */
    public String primaryJdbcUrl() {
        return cluster.primary().jdbcUrl(cluster.database());
    }

    public String user() {
        return cluster.user();
    }

    public String password() {
        return cluster.password();
    }

    public String database() {
        return cluster.database();
    }

    public PgRelayConfig config() {
        return config;
    }

    /** The YAML pgrelay's config was parsed from, for failure messages. */
    public String configYaml() {
        return configYaml;
    }

    /** Stops pgrelay (draining) and then the cluster; the cluster is stopped even if pgrelay's close fails. */
    @Override
    public void close() {
        try {
            relay.close();
        } finally {
            cluster.close();
        }
    }

    @Override
    public String toString() {
        return "pgrelay on " + relayHost() + ":" + relayPort() + " in front of " + cluster;
    }
}
