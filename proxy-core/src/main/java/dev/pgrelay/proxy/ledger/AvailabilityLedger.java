package dev.pgrelay.proxy.ledger;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.proxy.topology.NodeHealth;
import dev.pgrelay.proxy.topology.Topology;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pgrelay's availability ledger (the BCP/DRP view: availability %, RTO, RPO). Every {@value #TICK_MILLIS} ms it
 * looks at the topology and adds the time since the last look to write uptime (a usable primary) or downtime,
 * and to read uptime (any usable node) or downtime; it notices failovers and records each as a
 * {@link FailoverRecord}. Records are appended to ledger.path (when set) on their own thread, never an EventLoop.
 * Time before the first primary is known is not counted: a starting pgrelay is not an outage.
 */
public final class AvailabilityLedger implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AvailabilityLedger.class);
    static final long TICK_MILLIS = 50;
    private static final Duration FLUSH_EVERY = Duration.ofMinutes(1);
    /** How long a failover waits for a client transaction on the new primary before taking the promotion as the end. */
    private static final Duration CLIENT_WRITE_WAIT = Duration.ofSeconds(30);

    private final Topology topology;
    private final Optional<LedgerFile> file;
    private final String instance;
    private final ToLongFunction<NodeConfig> lastClientTransactionNanos;
    private final ScheduledExecutorService executor;

    // Touched only on the ledger's thread, or under this for the readers below.
    private final List<FailoverRecord> failovers = new ArrayList<>();
    private AvailabilityRecord history;   // flushed records of all runs, this one's included
    private final Map<NodeConfig, Long> lastReplicaPosition = new HashMap<>();
    private final Map<NodeConfig, Instant> lastHealthyAsPrimary = new HashMap<>();
    private final Map<NodeConfig, Long> lastPrimaryPosition = new HashMap<>();
    private boolean counting;
    private long lastTickNanos;
    private Instant intervalFrom;
    private long writeUpNanos;
    private long writeDownNanos;
    private long readUpNanos;
    private long readDownNanos;
    private boolean writeAvailable;
    private boolean readAvailable;
    private NodeConfig knownPrimary;
    private PendingFailover pending;
    private long lastFlushNanos;

    /** A failover between detection and the moment writes flow again. */
    private record PendingFailover(NodeConfig oldPrimary, Instant lostAt, Instant detectedAt, long oldPrimaryLsn,
                                   NodeConfig newPrimary, Instant promotedAt, long promotedNanos,
                                   long newPrimaryLsn) {
        PendingFailover promoted(NodeConfig node, long lsn) {
            return new PendingFailover(oldPrimary, lostAt, detectedAt, oldPrimaryLsn, node, Instant.now(),
                    System.nanoTime(), lsn);
        }
    }

    /**
     * @param lastClientTransactionNanos when (System.nanoTime()) a client transaction last completed on a node,
     *                                   0 if never: marks when writes flowed again after a failover
     */
    public AvailabilityLedger(Topology topology, Optional<LedgerFile> file, String instance,
                              ToLongFunction<NodeConfig> lastClientTransactionNanos) {
        this.topology = topology;
        this.file = file;
        this.instance = instance;
        this.lastClientTransactionNanos = lastClientTransactionNanos;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pgrelay-ledger");
            thread.setDaemon(true);
            return thread;
        });
        LedgerFile.Contents previous = file.map(LedgerFile::read)
                .orElse(new LedgerFile.Contents(List.of(), List.of(), List.of()));
        if (!previous.unreadableLines().isEmpty()) {
            log.warn("ledger {}: skipped {} unreadable line(s)", file.get().path(), previous.unreadableLines().size());
        }
        failovers.addAll(previous.failovers());
        history = previous.availability().stream().reduce(AvailabilityRecord::plus).orElse(null);
    }

    public void start() {
        executor.scheduleAtFixedRate(this::tickSafely, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("availability ledger: {}", e.toString(), e);
        }
    }

    private synchronized void tick() {
        long now = System.nanoTime();
        Optional<NodeConfig> primary = topology.primary();
        rememberPositions();
        if (!counting && primary.isPresent()) {
            counting = true;
            lastTickNanos = now;
            lastFlushNanos = now;
            intervalFrom = Instant.now();
            knownPrimary = primary.get();
        }
        if (!counting) {
            return;
        }
        long elapsed = now - lastTickNanos;
        lastTickNanos = now;
        if (writeAvailable) {
            writeUpNanos += elapsed;
        } else {
            writeDownNanos += elapsed;
        }
        if (readAvailable) {
            readUpNanos += elapsed;
        } else {
            readDownNanos += elapsed;
        }
        // The state seen now counts for the time until the next look.
        writeAvailable = primary.isPresent();
        readAvailable = primary.isPresent() || topology.nodes().stream().anyMatch(this::usable);
        followFailover(primary.orElse(null), now);
        if (now - lastFlushNanos >= FLUSH_EVERY.toNanos()) {
            flushAvailability();
        }
    }

    private boolean usable(NodeConfig node) {
        return topology.health(node).up() && !topology.isSuspected(node) && !topology.fencedNodes().contains(node);
    }

    /** The WAL positions RPO is computed from: each node's last as a replica, and as a healthy primary. */
    private void rememberPositions() {
        for (NodeConfig node : topology.nodes()) {
            NodeHealth health = topology.health(node);
            if (!health.up() || health.sample() == null || health.consecutiveFailures() > 0) {
                continue;
            }
            if (health.sample().inRecovery()) {
                lastReplicaPosition.put(node, Math.max(health.sample().walPosition(),
                        health.sample().receivedPosition()));
            } else {
                lastHealthyAsPrimary.put(node, health.checkedAt());
                lastPrimaryPosition.put(node, health.sample().walPosition());
            }
        }
    }

    private void followFailover(NodeConfig primary, long now) {
        if (pending == null) {
            if (primary == null || !primary.equals(knownPrimary)) {
                Instant detected = Instant.now();
                Instant lost = lastHealthyAsPrimary.getOrDefault(knownPrimary, detected);
                pending = new PendingFailover(knownPrimary, lost.isAfter(detected) ? detected : lost, detected,
                        lastPrimaryPosition.getOrDefault(knownPrimary, -1L), null, null, 0, -1);
                log.info("failover: {} lost at {} (detected {} ms later)", knownPrimary.name(), pending.lostAt(),
                        Duration.between(pending.lostAt(), detected).toMillis());
            }
        }
        if (pending == null) {
            return;
        }
        if (pending.newPrimary() == null && primary != null) {
            if (primary.equals(pending.oldPrimary())) {
                log.info("{} is primary again; an outage, not a failover", primary.name());
                pending = null;
                return;
            }
            pending = pending.promoted(primary, lastReplicaPosition.getOrDefault(primary, -1L));
        }
        if (pending.newPrimary() == null) {
            return;
        }
        if (!pending.newPrimary().equals(primary) && primary != null) {
            pending = pending.promoted(primary, lastReplicaPosition.getOrDefault(primary, -1L));
        }
        long clientWrite = lastClientTransactionNanos.applyAsLong(pending.newPrimary());
        boolean clientsWrote = clientWrite != 0 && clientWrite - pending.promotedNanos() >= 0;
        if (clientsWrote || now - pending.promotedNanos() >= CLIENT_WRITE_WAIT.toNanos()) {
            Instant resumed = clientsWrote
                    ? pending.promotedAt().plusNanos(clientWrite - pending.promotedNanos()) : pending.promotedAt();
            record(new FailoverRecord(instance, pending.oldPrimary().name(), pending.newPrimary().name(),
                    pending.lostAt(), pending.detectedAt(), pending.promotedAt(), resumed, clientsWrote,
                    pending.oldPrimaryLsn(), pending.newPrimaryLsn()));
            knownPrimary = pending.newPrimary();
            pending = null;
        }
    }

    private void record(FailoverRecord failover) {
        failovers.add(failover);
        log.info("failover recorded: {} -> {}, RTO {} ms, RPO {} bytes", failover.oldPrimary(),
                failover.newPrimary(), failover.rto().toMillis(), failover.rpoBytes());
        append(failover.toJson());
    }

    private void flushAvailability() {
        AvailabilityRecord interval = currentInterval();
        history = history == null ? interval : history.plus(interval);
        writeUpNanos = writeDownNanos = readUpNanos = readDownNanos = 0;
        intervalFrom = interval.to();
        lastFlushNanos = System.nanoTime();
        append(interval.toJson());
    }

    private AvailabilityRecord currentInterval() {
        Instant from = intervalFrom == null ? Instant.now() : intervalFrom;
        return new AvailabilityRecord(instance, from, Instant.now(), Duration.ofNanos(writeUpNanos),
                Duration.ofNanos(writeDownNanos), Duration.ofNanos(readUpNanos), Duration.ofNanos(readDownNanos));
    }

    private void append(String line) {
        if (file.isEmpty()) {
            return;
        }
        try {
            file.get().append(line);
        } catch (IOException e) {
            log.warn("cannot append to the ledger {}: {}", file.get().path(), e.toString());
        }
    }

    /** Every failover recorded, by earlier runs (from the file) and this one, oldest first. */
    public synchronized List<FailoverRecord> failovers() {
        return List.copyOf(failovers);
    }

    /** Availability over everything recorded plus this run's time not yet flushed. */
    public synchronized AvailabilityRecord availability() {
        AvailabilityRecord current = currentInterval();
        return history == null ? current : history.plus(current);
    }

    /** Whether there was a usable primary at the last look. */
    public synchronized boolean writeAvailableNow() {
        return writeAvailable;
    }

    /** Flushes this run's last stretch and stops looking. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (counting) {
                flushAvailability();
            }
        }
    }
}
