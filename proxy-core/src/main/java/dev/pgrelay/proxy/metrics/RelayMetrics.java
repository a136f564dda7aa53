package dev.pgrelay.proxy.metrics;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.proxy.Router;
import dev.pgrelay.proxy.client.ClientInfo;
import dev.pgrelay.proxy.client.ClientTracker;
import dev.pgrelay.proxy.client.SessionPins;
import dev.pgrelay.proxy.ledger.AvailabilityLedger;
import dev.pgrelay.proxy.ledger.FailoverRecord;
import dev.pgrelay.proxy.pool.PoolKey;
import dev.pgrelay.proxy.pool.PoolRegistry;
import dev.pgrelay.proxy.pool.PoolStats;
import dev.pgrelay.proxy.server.ServerConnection;
import dev.pgrelay.proxy.sql.PinReason;
import dev.pgrelay.proxy.topology.NodeHealth;
import dev.pgrelay.proxy.topology.Topology;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.ChannelHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * pgrelay's Micrometer metrics in a Prometheus registry, named pgrelay_… in base units. Most are gauges and
 * function counters read at scrape time from what pools, topology, clients and the ledger already know; the hot
 * path only adds to LongAdders ({@link TrafficCounters}) and records to Timers ({@link ServerTrafficMeter}).
 */
public final class RelayMetrics {
    private static final List<String> CLIENT_STATES = List.of("login", "active", "waiting", "idle");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final TrafficCounters traffic = new TrafficCounters();
    private final Map<WorkKey, DatabaseWork> work = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> clientsByState = new ConcurrentHashMap<>();
    /** Each configured node's series, removed with the node when a reload removes it. */
    private final Map<NodeConfig, List<Meter>> nodeMeters = new ConcurrentHashMap<>();
    private final ClientTracker clients;

    private record WorkKey(NodeConfig node, String database) {
    }

    public RelayMetrics(ClientTracker clients) {
        this.clients = clients;
        CLIENT_STATES.forEach(state -> {
            AtomicLong count = new AtomicLong();
            clientsByState.put(state, count);
            Gauge.builder("pgrelay.clients", count, AtomicLong::get).tag("state", state)
                    .description("Client connections by state (PgBouncer's names)").register(registry);
        });
        bytes("pgrelay.client.received", "Bytes clients sent to pgrelay", traffic, TrafficCounters::clientReceived);
        bytes("pgrelay.client.sent", "Bytes pgrelay sent to clients", traffic, TrafficCounters::clientSent);
        bytes("pgrelay.server.received", "Bytes servers sent to pgrelay", traffic, TrafficCounters::serverReceived);
        bytes("pgrelay.server.sent", "Bytes pgrelay sent to servers", traffic, TrafficCounters::serverSent);
    }

    private <T> void bytes(String name, String description, T source, ToDoubleFunction<T> read) {
        FunctionCounter.builder(name, source, read).baseUnit("bytes").description(description).register(registry);
    }

    /** The pool wait time histogram, fed by every pool. */
    public void observe(PoolRegistry pools) {
        pools.onLeaseWait((PoolKey key, Long nanos) -> work(key.node(), key.database()).poolWait(nanos));
        Gauge.builder("pgrelay.clients.waiting.for.server", pools,
                p -> p.stats().stream().mapToInt(PoolStats::waiting).sum())
                .description("Clients queued in pools for a server connection").register(registry);
    }

    /** Per node: server connections, health, role, lag, plus split brains; nodes follow reloads. */
    public void observe(Topology topology, PoolRegistry pools) {
        topology.nodes().forEach(node -> observe(topology, pools, node));
        topology.onNodesChanged(changes -> {
            changes.added().forEach(node -> observe(topology, pools, node));
            for (NodeConfig removed : changes.removed()) {
                List<Meter> meters = nodeMeters.remove(removed);
                if (meters != null) {
                    meters.forEach(registry::remove);
                }
            }
        });
        FunctionCounter.builder("pgrelay.split.brains", topology, Topology::splitBrainCount)
                .description("Times two or more nodes claimed to be primary at once").register(registry);
    }

    private void observe(Topology topology, PoolRegistry pools, NodeConfig node) {
        Tags tags = Tags.of("node", node.name());
        List<Meter> meters = new ArrayList<>();
        for (String state : List.of("active", "idle")) {
            meters.add(Gauge.builder("pgrelay.server.connections", pools, p -> serverConnections(p, node, state))
                    .tags(tags.and("state", state)).description("Server connections by node and state")
                    .register(registry));
        }
        meters.add(nodeGauge("pgrelay.node.up", "1 when the node passes its health checks", topology, node, tags,
                health -> health.up() ? 1 : 0, null));
        meters.add(nodeGauge("pgrelay.node.health.check.failures", "Consecutive failed health checks", topology,
                node, tags, NodeHealth::consecutiveFailures, null));
        meters.add(nodeGauge("pgrelay.node.health.check.latency", "Duration of the last health check", topology,
                node, tags, health -> health.latency().toNanos() / 1e9, "seconds"));
        meters.add(nodeGauge("pgrelay.node.replication.lag", "Replica replay position behind the primary's WAL",
                topology, node, tags, health -> health.replicationLagBytes(), "bytes"));
        meters.add(nodeGauge("pgrelay.node.replay.delay", "How long the replica's replay trails what it received",
                topology, node, tags, health -> health.replicationLag().toNanos() / 1e9, "seconds"));
        meters.add(nodeGauge("pgrelay.node.timeline", "Timeline the node reported last", topology, node, tags,
                NodeHealth::timeline, null));
        for (NodeHealth.Role role : NodeHealth.Role.values()) {
            String roleName = role.name().toLowerCase(java.util.Locale.ROOT);
            meters.add(Gauge.builder("pgrelay.node.role", topology, t -> t.health(node).role() == role ? 1 : 0)
                    .tags(tags.and("role", roleName)).description("1 for the role the node reported last")
                    .register(registry));
        }
        meters.add(Gauge.builder("pgrelay.node.routed.primary", topology,
                        t -> t.primary().map(node::equals).orElse(false) ? 1 : 0)
                .tags(tags).description("1 for the node pgrelay sends writes to").register(registry));
        meters.add(Gauge.builder("pgrelay.node.fenced", topology, t -> t.fencedNodes().contains(node) ? 1 : 0)
                .tags(tags).description("1 when the node claims primary but is fenced").register(registry));
        nodeMeters.put(node, meters);
    }

    private Meter nodeGauge(String name, String description, Topology topology, NodeConfig node, Tags tags,
                            ToDoubleFunction<NodeHealth> read, String unit) {
        return Gauge.builder(name, topology, t -> read.applyAsDouble(t.health(node))).tags(tags).baseUnit(unit)
                .description(description).register(registry);
    }

    public void observe(SessionPins pins) {
        for (PinReason reason : PinReason.values()) {
            FunctionCounter.builder("pgrelay.pinned.clients", pins, p -> p.count(reason))
                    .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
                    .description("Clients pinned to their server connection, by reason").register(registry);
        }
    }

    public void observe(Router router) {
        Gauge.builder("pgrelay.paused", router, r -> r.isPaused() ? 1 : 0)
                .description("1 while PAUSE holds new transactions").register(registry);
    }

    public void observe(AvailabilityLedger ledger) {
        FunctionCounter.builder("pgrelay.failovers", ledger, l -> l.failovers().size())
                .description("Failovers recorded in the ledger (all runs)").register(registry);
        Gauge.builder("pgrelay.failover.last.rto", ledger, l -> last(l).map(f -> f.rto().toMillis() / 1e3)
                        .orElse(Double.NaN)).baseUnit("seconds")
                .description("RTO of the last failover: primary lost until writes flowed again").register(registry);
        Gauge.builder("pgrelay.failover.last.rpo", ledger, l -> last(l).map(f -> (double) f.rpoBytes())
                        .orElse(Double.NaN)).baseUnit("bytes")
                .description("WAL the last failover lost (-1 unknown)").register(registry);
        Gauge.builder("pgrelay.write.availability.ratio", ledger, l -> l.availability().writeAvailability())
                .description("Time with a usable primary / time observed").register(registry);
        Gauge.builder("pgrelay.read.availability.ratio", ledger, l -> l.availability().readAvailability())
                .description("Time with any usable node / time observed").register(registry);
        FunctionCounter.builder("pgrelay.write.downtime", ledger,
                        l -> l.availability().writeDown().toMillis() / 1e3).baseUnit("seconds")
                .description("Time without a usable primary").register(registry);
        FunctionCounter.builder("pgrelay.write.uptime", ledger, l -> l.availability().writeUp().toMillis() / 1e3)
                .baseUnit("seconds").description("Time with a usable primary").register(registry);
        Gauge.builder("pgrelay.write.available", ledger, l -> l.writeAvailableNow() ? 1 : 0)
                .description("1 while there is a usable primary").register(registry);
    }

    private static java.util.Optional<FailoverRecord> last(AvailabilityLedger ledger) {
        List<FailoverRecord> all = ledger.failovers();
        return all.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(all.get(all.size() - 1));
    }

    private static double serverConnections(PoolRegistry pools, NodeConfig node, String state) {
        return pools.stats().stream().filter(stats -> stats.key().node().equals(node))
                .mapToInt(stats -> "idle".equals(state) ? stats.idle() : stats.active()).sum();
    }

    /** The Prometheus text exposition, with the client counts taken fresh. */
    public String scrape() {
        Map<String, Long> counts = new java.util.HashMap<>();
        for (ClientInfo client : clients.clients()) {
            counts.merge(client.state(), 1L, Long::sum);
        }
        clientsByState.forEach((state, gauge) -> gauge.set(counts.getOrDefault(state, 0L)));
        return registry.scrape();
    }

    public TrafficCounters traffic() {
        return traffic;
    }

    /** A handler that counts one client connection's bytes (it keeps per-connection state: one per pipeline). */
    public ChannelHandler clientByteMeter() {
        return new ClientByteMeter(traffic);
    }

    /** The handler that meters one server connection (bytes, queries, transactions). */
    public ChannelHandler serverMeter(ServerConnection server) {
        return new ServerTrafficMeter(server, traffic, () -> work(server.node(), server.database()));
    }

    /** When a client transaction last completed on {@code node} (System.nanoTime()), 0 if never. */
    public long lastTransactionNanos(NodeConfig node) {
        long last = 0;
        for (Map.Entry<WorkKey, DatabaseWork> entry : work.entrySet()) {
            long at = entry.getValue().lastTransactionNanos();
            if (entry.getKey().node().equals(node) && at != 0 && (last == 0 || at - last > 0)) {
                last = at;
            }
        }
        return last;
    }

    /** Every (node, database) clients have worked on, for SHOW STATS. */
    public List<DatabaseWork> work() {
        return List.copyOf(work.values());
    }

    /**
     * The meters of a (node, database), made at its first lease or first work for a client — never for a database
     * that does not exist (no login succeeds) nor for pgrelay's own health checks, so made-up database names cannot
     * grow /metrics and SHOW STATS.
     */
    private DatabaseWork work(NodeConfig node, String database) {
        return work.computeIfAbsent(new WorkKey(node, database),
                key -> new DatabaseWork(node.name(), database, registry));
    }
}
