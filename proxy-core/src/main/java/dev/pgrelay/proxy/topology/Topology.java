package dev.pgrelay.proxy.topology;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.protocol.SqlState;
import dev.pgrelay.proxy.PgErrorException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster as pgrelay currently sees it: each node's health, which node is the primary and which nodes are
 * fenced. Clients that need a primary while there is none wait here (bounded by failover.wait_for_primary).
 *
 * <p>The rules, re-applied after every check result and every suspicion:
 * <ul>
 * <li>No primary is chosen until every node has been checked once, so a restarted pgrelay cannot pick a stale
 *     old primary merely because it answered first. A node a reload adds later does not hold the choice up: it
 *     joins when its first check succeeds, and an old primary on a lower timeline is fenced as usual.</li>
 * <li>A node that is up and not in recovery claims to be primary. Of the claimants, the one on the highest
 *     timeline ever seen on a primary wins (ties keep the current choice, else the first configured node);
 *     only the winner gets traffic. Because the highest timeline is remembered, an old primary that comes back
 *     on its old timeline never wins again, even after the new primary dies.</li>
 * <li>Two or more claimants whose last check succeeded and that are not suspected are a split brain: logged
 *     and counted, and every such claimant but the winner is <em>fenced</em> (its pools are drained). A primary
 *     that is merely failing its checks while its successor is promoted is an ordinary failover, not that.</li>
 * <li>A <em>suspected</em> node (a server connection to it failed, see {@link #suspect}) is not routed to
 *     until a check that started after the suspicion succeeds; meanwhile it is checked fast.</li>
 * </ul>
 */
public final class Topology {
    private static final Logger log = LoggerFactory.getLogger(Topology.class);

    /** The configured nodes; replaced by {@link #reconfigure} (under the lock), read without it. */
    private volatile List<NodeConfig> nodes;
    private final Map<NodeConfig, NodeHealth> health = new LinkedHashMap<>();   // guarded by this
    private final Map<NodeConfig, Long> suspectedSince = new HashMap<>();       // guarded by this; nanoTime
    private final Set<NodeConfig> fenced = new LinkedHashSet<>();               // guarded by this
    private final List<Promise<NodeConfig>> primaryWaiters = new ArrayList<>(); // guarded by this
    private final List<Consumer<NodeConfig>> urgentCheckListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<NodeConfig>> retiredNodeListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<NodeChanges>> nodeChangeListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong splitBrains = new AtomicLong();
    /** The claimant chosen last, kept while it is suspected so a tie on the timeline does not flip the choice. */
    private NodeConfig leader;            // guarded by this
    private long highestPrimaryTimeline;  // guarded by this
    private boolean splitBrain;           // guarded by this
    /** Every node configured at start has been checked once; from then on a primary may be chosen. */
    private boolean firstRoundChecked;    // guarded by this
    private volatile NodeConfig primary;

    /** What one re-decision changed, collected under the lock and acted on (logs, callbacks) outside it. */
    private record Decision(NodeConfig previousPrimary, NodeConfig primary, List<Promise<NodeConfig>> released,
                            Set<NodeConfig> newlyFenced, List<NodeConfig> splitBrainClaimants) {
    }

    /** The nodes a reload added and removed; a node whose weight alone changed is the same node, in neither. */
    public record NodeChanges(List<NodeConfig> added, List<NodeConfig> removed) {
        public NodeChanges {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
        }
    }

    public Topology(List<NodeConfig> nodes) {
        this.nodes = List.copyOf(nodes);
        nodes.forEach(node -> health.put(node, NodeHealth.unknown()));
    }

    /**
     * A reload changed {@code nodes}: added nodes start unknown and get traffic once a check says they are fine;
     * removed nodes are forgotten — health, suspicion, fencing — and if the primary was one of them, writes wait
     * for the next primary as they do in a failover. Kept nodes keep their health (and take a new weight).
     */
    public NodeChanges reconfigure(List<NodeConfig> configured) {
        NodeChanges changes;
        Decision decision;
        synchronized (this) {
            List<NodeConfig> added = configured.stream().filter(node -> !health.containsKey(node)).toList();
            List<NodeConfig> removed = nodes.stream().filter(node -> !configured.contains(node)).toList();
            nodes = List.copyOf(configured);
            added.forEach(node -> health.put(node, NodeHealth.unknown()));
            for (NodeConfig node : removed) {
                health.remove(node);
                suspectedSince.remove(node);
                fenced.remove(node);
                if (node.equals(leader)) {
                    leader = null;
                }
            }
            changes = new NodeChanges(added, removed);
            decision = decide();
        }
        if (!changes.added().isEmpty() || !changes.removed().isEmpty()) {
            log.info("nodes reloaded: added {}, removed {}", names(changes.added()), names(changes.removed()));
        }
        nodeChangeListeners.forEach(listener -> listener.accept(changes));
        publish(decision);
        return changes;
    }

    public List<NodeConfig> nodes() {
        return nodes;
    }

    /** The node traffic that needs a primary goes to now, if any. */
    public Optional<NodeConfig> primary() {
        return Optional.ofNullable(primary);
    }

    public synchronized NodeHealth health(NodeConfig node) {
        return health.getOrDefault(node, NodeHealth.unknown());
    }

    public synchronized boolean isSuspected(NodeConfig node) {
        return suspectedSince.containsKey(node);
    }

    /** Live nodes that claim to be primary but lost to the primary (a higher, or equal but already chosen, timeline). */
    public synchronized Set<NodeConfig> fencedNodes() {
        return Set.copyOf(fenced);
    }

    /** How many times two or more nodes have claimed to be primary at once since pgrelay started. */
    public long splitBrainCount() {
        return splitBrains.get();
    }

    /** {@code listener} is told when a node should be checked now rather than at its next interval. */
    public void onUrgentCheck(Consumer<NodeConfig> listener) {
        urgentCheckListeners.add(listener);
    }

    /** {@code listener} is told which nodes each reload added and removed. */
    public void onNodesChanged(Consumer<NodeChanges> listener) {
        nodeChangeListeners.add(listener);
    }

    /** {@code listener} is told when a node went down or was fenced: its server connections must not be reused. */
    public void onNodeRetired(Consumer<NodeConfig> listener) {
        retiredNodeListeners.add(listener);
    }

    /**
     * A server connection to {@code node} failed or was refused: stop routing to it until a fresh check
     * succeeds, and check it now. Cheap to call repeatedly; only the first call of a suspicion does anything.
     */
    public void suspect(NodeConfig node) {
        Decision decision;
        synchronized (this) {
            if (!health.containsKey(node) || suspectedSince.containsKey(node)) {
                return;
            }
            suspectedSince.put(node, System.nanoTime());
            decision = decide();
        }
        log.info("{} is suspected after a server connection failure; checking it now", node.name());
        urgentCheckListeners.forEach(listener -> listener.accept(node));
        publish(decision);
    }

    /** Whether {@code node} should be checked at the fast pace: it is suspected, or there is no primary. */
    synchronized boolean needsFastChecks(NodeConfig node) {
        return suspectedSince.containsKey(node) || primary == null;
    }

    /** Records a successful check that started at {@code startedNanos} (System.nanoTime()). */
    void checkSucceeded(NodeConfig node, HealthSample sample, Duration latency, long startedNanos) {
        NodeHealth previous;
        NodeHealth current;
        Decision decision;
        synchronized (this) {
            previous = health.get(node);
            if (previous == null) {
                return;   // a check that finished after a reload removed its node
            }
            current = previous.succeeded(sample, latency, lagBehindPrimary(node, sample));
            health.put(node, current);
            Long since = suspectedSince.get(node);
            if (since != null && startedNanos - since >= 0) {
                suspectedSince.remove(node);   // only a check begun after the suspicion can clear it
            }
            decision = decide();
        }
        if (previous.role() != current.role()) {
            log.info("{} is {} on timeline {}", node.name(), current.role().name().toLowerCase(),
                    current.timeline());
        }
        publish(decision);
    }

    /** Records a failed check; the node goes down after {@code failuresBeforeDown} failures in a row. */
    void checkFailed(NodeConfig node, String error, int failuresBeforeDown) {
        NodeHealth previous;
        NodeHealth current;
        Decision decision;
        synchronized (this) {
            previous = health.get(node);
            if (previous == null) {
                return;   // a check that finished after a reload removed its node
            }
            current = previous.failed(error, failuresBeforeDown);
            health.put(node, current);
            decision = decide();
        }
        if (current.consecutiveFailures() == 1) {
            log.warn("health check of {} failed: {}", node.name(), error);
        }
        boolean wentDown = previous.up() && !current.up();
        if (wentDown) {
            log.warn("{} is down after {} failed health check(s): {}", node.name(), current.consecutiveFailures(),
                    error);
        }
        publish(decision);
        if (wentDown) {
            retiredNodeListeners.forEach(listener -> listener.accept(node));
        }
    }

    /** A replica's replay position behind the primary's last sampled WAL position; see {@link NodeHealth}. */
    private long lagBehindPrimary(NodeConfig node, HealthSample sample) {
        if (!sample.inRecovery()) {
            return 0;
        }
        NodeConfig current = primary;
        HealthSample primarySample = current == null || current.equals(node) ? null : health.get(current).sample();
        if (primarySample == null || primarySample.walPosition() < 0 || sample.walPosition() < 0) {
            return -1;
        }
        return Math.max(0, primarySample.walPosition() - sample.walPosition());
    }

    /** Applies the rules in the class comment to the current health; called with the lock held. */
    private Decision decide() {
        NodeConfig previousPrimary = primary;
        Set<NodeConfig> previouslyFenced = Set.copyOf(fenced);
        fenced.clear();
        List<NodeConfig> claimants = new ArrayList<>();
        boolean everyNodeChecked = true;
        for (NodeConfig node : nodes) {
            NodeHealth h = health.get(node);
            everyNodeChecked &= h.checked();
            if (h.role() == NodeHealth.Role.PRIMARY) {
                claimants.add(node);
            }
        }
        NodeConfig chosen = null;
        List<NodeConfig> liveClaimants = List.of();
        firstRoundChecked |= everyNodeChecked;
        if (firstRoundChecked) {
            for (NodeConfig claimant : claimants) {
                highestPrimaryTimeline = Math.max(highestPrimaryTimeline, health.get(claimant).timeline());
            }
            List<NodeConfig> onHighest = claimants.stream()
                    .filter(node -> health.get(node).timeline() == highestPrimaryTimeline).toList();
            leader = onHighest.contains(leader) ? leader : onHighest.isEmpty() ? null : onHighest.get(0);
            chosen = leader != null && !suspectedSince.containsKey(leader) ? leader : null;
            liveClaimants = claimants.stream().filter(node -> health.get(node).consecutiveFailures() == 0
                    && !suspectedSince.containsKey(node)).toList();
            liveClaimants.stream().filter(node -> !node.equals(leader)).forEach(fenced::add);
        }
        primary = chosen;
        List<NodeConfig> splitBrainClaimants = List.of();
        if (liveClaimants.size() > 1 && !splitBrain) {
            splitBrains.incrementAndGet();
            splitBrainClaimants = liveClaimants;
        }
        splitBrain = liveClaimants.size() > 1;
        List<Promise<NodeConfig>> released = List.of();
        if (chosen != null && !primaryWaiters.isEmpty()) {
            released = new ArrayList<>(primaryWaiters);
            primaryWaiters.clear();
        }
        Set<NodeConfig> newlyFenced = new LinkedHashSet<>(fenced);
        newlyFenced.removeAll(previouslyFenced);
        return new Decision(previousPrimary, chosen, released, newlyFenced, splitBrainClaimants);
    }

    /** Logs what a decision changed and tells waiters and listeners, outside the lock. */
    private void publish(Decision decision) {
        if (!decision.splitBrainClaimants().isEmpty()) {
            log.warn("split brain: {} all report themselves as primary (timelines {})",
                    names(decision.splitBrainClaimants()), decision.splitBrainClaimants().stream()
                            .map(node -> health(node).timeline()).toList());
        }
        for (NodeConfig node : decision.newlyFenced()) {
            NodeConfig winner = leader();
            log.warn("fencing {}: it reports itself as primary on timeline {}, but {}; it gets no traffic",
                    node.name(), health(node).timeline(), winner == null
                            ? "a primary on a higher timeline has been seen"
                            : winner.name() + " is primary on timeline " + health(winner).timeline());
        }
        if (decision.previousPrimary() != decision.primary()) {
            log.info("primary is now {}", decision.primary() == null
                    ? "unknown (no node both reports itself as primary and is above suspicion)"
                    : decision.primary().name() + " (timeline " + health(decision.primary()).timeline() + ")");
        }
        for (Promise<NodeConfig> waiter : decision.released()) {
            waiter.trySuccess(decision.primary());
        }
        if (decision.primary() == null && decision.previousPrimary() != null) {
            // Nobody can write now: find the next primary at the fast pace instead of the next interval.
            nodes.forEach(node -> urgentCheckListeners.forEach(listener -> listener.accept(node)));
        }
        for (NodeConfig node : decision.newlyFenced()) {
            retiredNodeListeners.forEach(listener -> listener.accept(node));
        }
    }

    private synchronized NodeConfig leader() {
        return leader;
    }

    private static List<String> names(List<NodeConfig> nodes) {
        return nodes.stream().map(NodeConfig::name).toList();
    }

    /** Completes with the primary as soon as there is one, or fails with 08006 after {@code timeout}. */
    public Future<NodeConfig> awaitPrimary(EventLoop loop, Duration timeout) {
        NodeConfig known = primary;
        if (known != null) {
            return loop.newSucceededFuture(known);
        }
        Promise<NodeConfig> promise = loop.newPromise();
        synchronized (this) {
            if (primary != null) {
                return promise.setSuccess(primary);
            }
            primaryWaiters.add(promise);
        }
        var deadline = loop.schedule(() -> {
            synchronized (this) {
                primaryWaiters.remove(promise);
            }
            promise.tryFailure(PgErrorException.fatal(SqlState.CONNECTION_FAILURE,
                    "no primary server available after waiting " + timeout.toMillis() + " ms",
                    "pgrelay found no node where pg_is_in_recovery() is false and that is reachable and not fenced;"
                            + " check the nodes and failover."));
        }, Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
        promise.addListener(f -> deadline.cancel(false));
        return promise;
    }
}
