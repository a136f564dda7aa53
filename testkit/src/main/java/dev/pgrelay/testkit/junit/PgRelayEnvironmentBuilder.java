package dev.pgrelay.testkit.junit;

import dev.pgrelay.PgRelay;
import dev.pgrelay.config.ConfigLoader;
import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.testkit.LocalPostgresCluster;
import dev.pgrelay.testkit.RelayConfigYaml;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shape of a {@link PgRelayEnvironment} — replicas, pool, extra pgrelay YAML, PostgreSQL settings, fault
 * proxy — and the one place that starts it: {@link PgRelayTest} and the CLI's {@code testkit up} both come here.
 */
public final class PgRelayEnvironmentBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(PgRelayEnvironmentBuilder.class);

    private final LocalPostgresCluster.Builder cluster = LocalPostgresCluster.builder();
    private final RelayConfigYaml relayConfig = new RelayConfigYaml();
    private boolean faultProxy;

    PgRelayEnvironmentBuilder() {
    }

    static PgRelayEnvironmentBuilder from(PgRelayTest settings) {
        PgRelayEnvironmentBuilder builder = new PgRelayEnvironmentBuilder()
                .replicas(settings.replicas())
                .poolMode(settings.poolMode())
                .poolSize(settings.poolSize())
                .config(settings.config())
                .faultProxy(settings.faultProxy());
        for (String setting : settings.postgresSettings()) {
            int equals = setting.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("@PgRelayTest postgresSettings entries are name=value, got: " + setting);
            }
            builder.postgresSetting(setting.substring(0, equals).strip(), setting.substring(equals + 1).strip());
        }
        for (String rule : settings.postgresHbaRules()) {
            builder.postgresHbaRule(rule);
        }
        return builder;
    }

    /** Streaming replicas beside the primary; each becomes a pgrelay node after the primary. */
    public PgRelayEnvironmentBuilder replicas(int replicas) {
        cluster.replicas(replicas);
        return this;
    }

    /** {@code pool.mode}: session, transaction or statement. */
    public PgRelayEnvironmentBuilder poolMode(String poolMode) {
        relayConfig.poolMode(poolMode);
        return this;
    }

    /** {@code pool.size}: server connections per (node, user, database). */
    public PgRelayEnvironmentBuilder poolSize(int poolSize) {
        relayConfig.poolSize(poolSize);
        return this;
    }

    /** YAML merged into the generated pgrelay config; a top-level key it has replaces the generated block. */
    public PgRelayEnvironmentBuilder config(String yaml) {
        relayConfig.overrides(yaml);
        return this;
    }

    /** An extra postgresql.conf setting for every node. */
    public PgRelayEnvironmentBuilder postgresSetting(String name, String value) {
        cluster.setting(name, value);
        return this;
    }

    /** An extra pg_hba.conf line for every node, matched before the testkit's own. */
    public PgRelayEnvironmentBuilder postgresHbaRule(String line) {
        cluster.hbaRule(line);
        return this;
    }

    /** Whether pgrelay reaches each node through a {@link dev.pgrelay.testkit.fault.FaultProxy} (for network faults). */
    public PgRelayEnvironmentBuilder faultProxy(boolean enabled) {
        this.faultProxy = enabled;
        return this;
    }

    /** Starts the cluster, the fault proxies and pgrelay; whatever started is stopped again if a later step fails. */
    public PgRelayEnvironment start() {
        long started = System.nanoTime();
        LocalPostgresCluster startedCluster = cluster.start();
        NodeRoutes routes = null;
        try {
            routes = faultProxy ? NodeRoutes.throughFaultProxies(startedCluster) : NodeRoutes.direct(startedCluster);
            String yaml = relayConfig.nodes(routes.addresses())
                    .user(startedCluster.user(), startedCluster.password())
                    .toYaml();
            PgRelayConfig config = ConfigLoader.parse(yaml, "@PgRelayTest config");
            PgRelayEnvironment environment = new PgRelayEnvironment(startedCluster, routes, yaml, config, PgRelay.start(config));
            LOG.info("pgrelay test environment up in {} ms: {}", Duration.ofNanos(System.nanoTime() - started).toMillis(),
                    environment);
            return environment;
        } catch (Throwable e) {
            // Throwable: Netty rethrows checked exceptions (a failed bind) without declaring them.
            closeAfterFailure(routes, e);
            closeAfterFailure(startedCluster, e);
            throw e;
        }
    }

    private static void closeAfterFailure(AutoCloseable resource, Throwable failure) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception closeFailure) {
            failure.addSuppressed(closeFailure);
        }
    }
}
