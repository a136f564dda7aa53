package dev.pgrelay.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throw-away PostgreSQL primary with streaming replicas, run from local binaries in a temporary directory.
 * {@link Builder#start()} returns when every node accepts connections and every replica streams;
 * {@link #close()} (or the JVM's exit) stops every server and deletes every file.
 */
public final class LocalPostgresCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgresCluster.class);
    private static final Duration STREAMING_TIMEOUT = Duration.ofSeconds(60);

    private final ClusterContext context;
    private final String database;
    private final Map<String, String> settings;
    private final List<String> hbaRules;
    private final List<PgNode> nodes = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalPostgresCluster(ClusterContext context, String database, Map<String, String> settings, List<String> hbaRules) {
        this.context = context;
        this.database = database;
        this.settings = settings;
        this.hbaRules = hbaRules;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The node started as primary (it stays {@code primary()} after a failover). */
    public PgNode primary() {
        return nodes.get(0);
    }

    /** Every node but {@link #primary()}, in creation order. */
    public List<PgNode> replicas() {
        return List.copyOf(nodes.subList(1, nodes.size()));
    }

    public List<PgNode> nodes() {
        return List.copyOf(nodes);
    }

    /** The superuser every node knows, with {@link #password()}. */
    public String user() {
        return context.user();
    }

    public String password() {
        return context.password();
    }

    /** The database the cluster was built with; {@code postgres} exists as well. */
    public String database() {
        return database;
    }

    public PgBinaries binaries() {
        return context.binaries();
    }

    /** The temporary directory holding data directories ({@code node0}…) and logs ({@code node0.log}…). */
    public Path directory() {
        return context.directory();
    }

    /**
     * Waits until every running replica has replayed all WAL the running primary had written when this
     * method was called — after it, what was committed on the primary is visible on every replica.
     */
    public void awaitReplicasCaughtUp(Duration timeout) {
        List<PgNode> running = nodes.stream().filter(PgNode::isRunning).toList();
        List<PgNode> primaries = new ArrayList<>();
        List<PgNode> replicas = new ArrayList<>();
        for (PgNode node : running) {
            (node.isInRecovery() ? replicas : primaries).add(node);
        }
        if (primaries.size() != 1) {
            throw new ClusterException("expected exactly one running primary, found " + primaries);
        }
        PgNode source = primaries.get(0);
        String target = source.flushedWalLsn();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (PgNode replica : replicas) {
            Duration remaining = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            Await.until(replica + " has replayed " + source + "'s WAL up to " + target, remaining,
                    () -> replica.hasReplayed(target));
        }
    }

    /**
     * Adds one streaming replica of the node that is primary now (pg_basebackup) and returns when it streams.
     * With the embedded binaries, which lack pg_basebackup, this briefly stops and restarts the primary.
     */
    public synchronized PgNode addReplica() {
        return addReplicas(1).get(0);
    }

    /** Stops every server (immediate shutdown, then SIGKILL for any leftover) and deletes the directory. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Concurrently.forEach(nodes(), LocalPostgresCluster::stopForGood);
            DirectoryTrees.delete(context.directory());
        } finally {
            JvmScratch.forget(this);
        }
    }

    @Override
    public String toString() {
        return "LocalPostgresCluster" + nodes + " in " + context.directory();
    }

    private void start(int replicaCount) {
        long started = System.nanoTime();
        List<PgNode> created = newNodes(1 + replicaCount);
        PgNode primary = created.get(0);
        List<PgNode> replicas = created.subList(1, created.size());
        Path template = DataDirectoryTemplates.templateFor(context.binaries(), context.user(), context.password(), database);
        // Copies of one never-started directory are a primary and its standbys already: no base backup needed.
        Concurrently.forEach(created, node -> {
            DirectoryTrees.copyDataDirectory(template, node.dataDir(), context.osUser());
            context.configFiles().writeSharedSettings(node.dataDir(), settings);
            context.configFiles().writeHba(node.dataDir(), context.user(), hbaRules);
        });
        primary.startOnFreePort();
        startStandbys(primary, replicas);
        LOG.info("PostgreSQL {} primary + {} replicas up in {} ms: {}", context.binaries().version(), replicaCount,
                Duration.ofNanos(System.nanoTime() - started).toMillis(), nodes);
    }

    private synchronized List<PgNode> addReplicas(int count) {
        PgNode source = nodes.stream().filter(node -> node.isRunning() && !node.isInRecovery()).findFirst()
                .orElseThrow(() -> new ClusterException("no running primary to clone a replica from in " + this));
        List<PgNode> added = newNodes(count);
        ReplicaSeeding.forRunningPrimary(context).seed(source, added);
        startStandbys(source, added);
        return added;
    }

    private void startStandbys(PgNode primary, List<PgNode> standbys) {
        Concurrently.forEach(standbys, standby -> {
            context.configFiles().makeStandby(standby.dataDir(), context.conninfoWithPassword(primary, standby.name()));
            standby.startOnFreePort();
            standby.awaitStreaming(STREAMING_TIMEOUT);
        });
    }

    private List<PgNode> newNodes(int count) {
        List<PgNode> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            created.add(newNode());
        }
        return created;
    }

    /** Registers the node before its directory exists, so close() cleans up even when creating it fails. */
    private PgNode newNode() {
        PgNode node = new PgNode("node" + nodes.size(), context);
        nodes.add(node);
        return node;
    }

    private static void stopForGood(PgNode node) {
        try {
            node.stop(StopMode.IMMEDIATE);
        } catch (RuntimeException e) {
            LOG.warn("immediate stop of {} failed, killing it: {}", node, e.getMessage());
        } finally {
            node.kill();
        }
    }

    /** Collects the cluster's shape; {@link #start()} builds it. Defaults: no replica, user app/secret, database app. */
    public static final class Builder {

        private int replicas;
        private String user = "app";
        private String password = "secret";
        private String database = "app";
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final List<String> hbaRules = new ArrayList<>();
        private PgBinaries binaries;

        private Builder() {
        }

        /** How many streaming replicas to start beside the primary. */
        public Builder replicas(int replicas) {
            if (replicas < 0) {
                throw new IllegalArgumentException("replicas must be >= 0, was " + replicas);
            }
            this.replicas = replicas;
            return this;
        }

        /** The superuser initdb creates, authenticated with SCRAM-SHA-256. */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** A database that exists when the cluster has started (besides {@code postgres}). */
        public Builder database(String database) {
            this.database = database;
            return this;
        }

        /** An extra postgresql.conf setting for every node; it overrides the testkit's defaults. */
        public Builder setting(String name, String value) {
            settings.put(name, value);
            return this;
        }

        /** An extra pg_hba.conf line, matched before the testkit's (which let every role in with SCRAM). */
        public Builder hbaRule(String line) {
            hbaRules.add(line);
            return this;
        }

        /** The binaries to run; {@link PgBinaries#locate()} when not set. */
        public Builder binaries(PgBinaries binaries) {
            this.binaries = binaries;
            return this;
        }

        /** Starts the cluster; on any failure stops what was started and deletes the directory before throwing. */
        public LocalPostgresCluster start() {
            PgBinaries chosen = binaries != null ? binaries : PgBinaries.locate();
            ServerOsUser osUser = ServerOsUser.current();
            Path directory = createClusterDirectory(osUser);
            Map<String, String> allSettings = ServerConfigFiles.settings(settings);
            ClusterContext context = new ClusterContext(chosen, osUser, directory, user, password, new ServerConfigFiles(osUser));
            LocalPostgresCluster cluster = new LocalPostgresCluster(context, database, allSettings, List.copyOf(hbaRules));
            JvmScratch.closeAtExit(cluster);
            try {
                cluster.start(replicas);
                return cluster;
            } catch (Throwable e) {
                try {
                    cluster.close();
                } catch (RuntimeException closeFailure) {
                    e.addSuppressed(closeFailure);
                }
                throw e;
            }
        }

        private static Path createClusterDirectory(ServerOsUser osUser) {
            try {
                Path directory = Files.createTempDirectory(JvmScratch.directory(), "cluster-");
                Files.setPosixFilePermissions(directory, DirectoryTrees.OPEN_DIRECTORY);
                osUser.handOver(directory);
                return directory;
            } catch (IOException e) {
                throw new UncheckedIOException("could not create a cluster directory", e);
            }
        }
    }
}
