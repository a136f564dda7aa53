package dev.pgrelay.testkit.junit;

import dev.pgrelay.PgRelay;
import dev.pgrelay.config.HostPort;
import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.testkit.Await;
import dev.pgrelay.testkit.ClusterException;
import dev.pgrelay.testkit.JdbcUrl;
import dev.pgrelay.testkit.LocalPostgresCluster;
import dev.pgrelay.testkit.PgNode;
import dev.pgrelay.testkit.fault.FaultProxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What a {@link PgRelayTest} gets: a running cluster, a running pgrelay in front of it, the config it was
 * started with, the URLs and credentials to reach both, one-call faults (kill the primary, fail over, cut the
 * network to one node) and the probes tests check their application's behaviour with.
 */
public final class PgRelayEnvironment implements AutoCloseable {

    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(30);

    private final LocalPostgresCluster cluster;
    private final NodeRoutes routes;
    private final String configYaml;
    private final PgRelayConfig config;
    private final PgRelay relay;

    PgRelayEnvironment(LocalPostgresCluster cluster, NodeRoutes routes, String configYaml, PgRelayConfig config,
                       PgRelay relay) {
        this.cluster = cluster;
        this.routes = routes;
        this.configYaml = configYaml;
        this.config = config;
        this.relay = relay;
    }

    /** An environment outside JUnit (a main method, the CLI): set it up, {@link PgRelayEnvironmentBuilder#start()}, close it. */
    public static PgRelayEnvironmentBuilder builder() {
        return new PgRelayEnvironmentBuilder();
    }

    /** Starts the cluster, then pgrelay; if pgrelay cannot start, the cluster is stopped before throwing. */
    static PgRelayEnvironment start(PgRelayTest settings) {
        return PgRelayEnvironmentBuilder.from(settings).start();
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
        return JdbcUrl.of(new HostPort(relayHost(), relayPort()), database);
    }

    /** JDBC URL of the primary itself (bypassing pgrelay) for the cluster's database. */
    public String primaryJdbcUrl() {
        return cluster.primary().jdbcUrl(cluster.database());
    }

    /** A DataSource for the cluster's database through pgrelay, with the cluster's credentials: hand it to the code under test. */
    public DataSource relayDataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {relayHost()});
        dataSource.setPortNumbers(new int[] {relayPort()});
        dataSource.setDatabaseName(database());
        dataSource.setUser(user());
        dataSource.setPassword(password());
        return dataSource;
    }

    /** A new JDBC connection through pgrelay to the cluster's database. */
    public Connection connect() throws SQLException {
        return relayDataSource().getConnection();
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

    // --- which node is which, as pgrelay sees it ---

    /** The address pgrelay knows {@code node} by: the node's own, or its fault proxy's when that is enabled. */
    public HostPort relayAddressOf(PgNode node) {
        return routes.addressOf(node);
    }

    /** The entry of pgrelay's {@code nodes:} config (and key of its topology and pools) for {@code node}. */
    public NodeConfig relayNodeOf(PgNode node) {
        HostPort address = relayAddressOf(node);
        return config.nodes().stream().filter(candidate -> candidate.address().equals(address)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(node + " is not in pgrelay's nodes: " + config.nodes()));
    }

    /** The cluster node behind one of pgrelay's nodes. */
    public PgNode nodeOf(NodeConfig relayNode) {
        return routes.nodeAt(relayNode.address())
                .orElseThrow(() -> new IllegalArgumentException(relayNode + " is none of this cluster's nodes"));
    }

    /** The node pgrelay sends writes to now, if it knows a primary. */
    public Optional<PgNode> relayPrimary() {
        return relay.topology().primary().map(this::nodeOf);
    }

    /** Waits until pgrelay sends writes to {@code node}. */
    public void awaitRelayPrimary(PgNode node, Duration timeout) {
        Await.until("pgrelay routes writes to " + node, timeout, () -> relayPrimary().filter(node::equals).isPresent());
    }

    // --- faults, each one call ---

    /** The running node that is not in recovery — the primary now, whichever node that is after failovers. */
    public PgNode currentPrimary() {
        List<PgNode> primaries = cluster.nodes().stream().filter(PgNode::isRunning).filter(node -> !node.isInRecovery()).toList();
        if (primaries.size() != 1) {
            throw new ClusterException("expected exactly one running primary, found " + primaries);
        }
        return primaries.get(0);
    }

    /** kill -9 of every process of the current primary; returns the killed node. */
    public PgNode killPrimary() {
        PgNode primary = currentPrimary();
        primary.kill();
        return primary;
    }

    /**
     * An unplanned failover: kills the current primary, promotes the first running replica and returns it once
     * pgrelay routes writes to it. Other replicas keep following the dead primary (they stay read-only).
     */
    public PgNode failover() {
        PgNode dead = killPrimary();
        PgNode successor = cluster.nodes().stream()
                .filter(node -> node != dead && node.isRunning() && node.isInRecovery())
                .findFirst()
                .orElseThrow(() -> new ClusterException("no running replica to promote in " + cluster));
        successor.promote();
        awaitRelayPrimary(successor, FAILOVER_TIMEOUT);
        return successor;
    }

    /**
     * The TCP fault proxy between pgrelay and {@code node}: add latency, slow queries, blackhole, refuse or
     * cut its connections. Needs {@code @PgRelayTest(faultProxy = true)}.
     */
    public FaultProxy network(PgNode node) {
        return routes.proxyOf(node);
    }

    // --- probes for assertions ---

    /** Starts writing through pgrelay in the background; close it when done. */
    public WriteProbe startWriteProbe() {
        return WriteProbe.start(this);
    }

    /** Opens {@code count} client connections through pgrelay and leaves them idle; close them when done. */
    public IdleClients openIdleClients(int count) {
        return IdleClients.open(this, count);
    }

    /** Sends {@code reads} read-only statements through pgrelay and tells which nodes answered them. */
    public ReadSpread measureReadSpread(int reads) {
        return ReadSpread.measure(this, reads);
    }

    /** Stops pgrelay (draining), then the fault proxies and the cluster; each is stopped even if one before fails. */
    @Override
    public void close() {
        try {
            relay.close();
        } finally {
            try {
                routes.close();
            } finally {
                cluster.close();
            }
        }
    }

    @Override
    public String toString() {
        return "pgrelay on " + relayHost() + ":" + relayPort() + " in front of " + cluster;
    }
}
