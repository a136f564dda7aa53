package dev.pgrelay.proxy.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.proxy.PgErrorException;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The primary-choosing rules: one claimant wins, split brains fence, suspicion and failures stop routing. */
class TopologyTest {
    private static final int FAILURES_BEFORE_DOWN = 3;

    private final NodeConfig a = node("a", 5432);
    private final NodeConfig b = node("b", 5433);
    private final NodeConfig c = node("c", 5434);
    private final Topology topology = new Topology(List.of(a, b, c));
    private final EventLoop loop = new DefaultEventLoop();
    private final List<NodeConfig> retired = new CopyOnWriteArrayList<>();
    private final List<NodeConfig> urgentChecks = new CopyOnWriteArrayList<>();

    TopologyTest() {
        topology.onNodeRetired(retired::add);
        topology.onUrgentCheck(urgentChecks::add);
    }

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static NodeConfig node(String name, int port) {
        return new NodeConfig(name, "127.0.0.1", port, 1);
    }

    private static HealthSample primaryOn(long timeline, long walPosition) {
        return new HealthSample(false, timeline, walPosition, -1, Duration.ZERO);
    }

    private static HealthSample replicaAt(long walPosition) {
        return new HealthSample(true, 1, walPosition, walPosition, Duration.ZERO);
    }

    private void answers(NodeConfig node, HealthSample sample) {
        topology.checkSucceeded(node, sample, Duration.ofMillis(1), System.nanoTime());
    }

    private void fails(NodeConfig node, int times) {
        for (int i = 0; i < times; i++) {
            topology.checkFailed(node, "connection refused", FAILURES_BEFORE_DOWN);
        }
    }

    private void aIsPrimaryOnTimelineOneAndTheOthersReplicas() {
        answers(a, primaryOn(1, 100));
        answers(b, replicaAt(100));
        answers(c, replicaAt(100));
    }

    @Test
    void noPrimaryIsChosenUntilEveryNodeHasBeenCheckedOnce() {
        answers(a, primaryOn(1, 100));
        answers(b, replicaAt(100));
        assertThat(topology.primary()).isEmpty();

        fails(c, 1);

        assertThat(topology.primary()).contains(a);
    }

    @Test
    void theOneNodeOutOfRecoveryIsThePrimary() {
        answers(a, replicaAt(100));
        answers(b, primaryOn(1, 100));
        answers(c, replicaAt(100));

        assertThat(topology.primary()).contains(b);
        assertThat(topology.fencedNodes()).isEmpty();
        assertThat(topology.splitBrainCount()).isZero();
    }

    @Test
    void aSplitBrainPrefersTheHigherTimelineAndFencesTheOtherPrimary() {
        answers(a, primaryOn(1, 100));
        answers(b, primaryOn(2, 50));
        answers(c, replicaAt(50));

        assertThat(topology.primary()).contains(b);
        assertThat(topology.fencedNodes()).containsExactly(a);
        assertThat(topology.splitBrainCount()).isEqualTo(1);
        assertThat(retired).containsExactly(a);
    }

    @Test
    void aSplitBrainIsCountedOncePerEpisode() {
        answers(a, primaryOn(1, 100));
        answers(c, replicaAt(100));
        answers(b, primaryOn(2, 50));
        answers(a, primaryOn(1, 100));
        fails(a, FAILURES_BEFORE_DOWN);
        answers(a, primaryOn(1, 100));

        assertThat(topology.splitBrainCount()).isEqualTo(2);
    }

    @Test
    void anOldPrimaryOnALowerTimelineStaysFencedWhenTheNewPrimaryDies() {
        answers(a, primaryOn(1, 100));
        answers(b, primaryOn(2, 50));
        answers(c, replicaAt(50));

        fails(b, FAILURES_BEFORE_DOWN);

        assertThat(topology.primary()).isEmpty();
        assertThat(topology.fencedNodes()).containsExactly(a);
    }

    @Test
    void aPrimaryFailingItsChecksWhenItsSuccessorIsPromotedIsAFailoverNotASplitBrain() {
        aIsPrimaryOnTimelineOneAndTheOthersReplicas();
        topology.suspect(a);
        fails(a, 1);

        answers(b, primaryOn(2, 100));

        assertThat(topology.primary()).contains(b);
        assertThat(topology.splitBrainCount()).isZero();
        assertThat(topology.fencedNodes()).isEmpty();
    }

    @Test
    void primariesOnTheSameTimelineKeepTheCurrentChoice() {
        answers(a, replicaAt(100));
        answers(b, primaryOn(1, 100));
        answers(c, replicaAt(100));
        answers(a, primaryOn(1, 100));

        assertThat(topology.primary()).contains(b);
        assertThat(topology.fencedNodes()).containsExactly(a);
    }

    @Test
    void aSuspectedPrimaryGetsNoTrafficUntilACheckBegunAfterTheSuspicionSucceeds() {
        aIsPrimaryOnTimelineOneAndTheOthersReplicas();
        long checkBegunEarlier = System.nanoTime();

        topology.suspect(a);

        assertThat(topology.primary()).isEmpty();
        assertThat(topology.isSuspected(a)).isTrue();
        assertThat(topology.needsFastChecks(a)).isTrue();
        assertThat(urgentChecks).contains(a);
        topology.checkSucceeded(a, primaryOn(1, 100), Duration.ofMillis(1), checkBegunEarlier);
        assertThat(topology.primary()).isEmpty();

        answers(a, primaryOn(1, 100));

        assertThat(topology.primary()).contains(a);
        assertThat(topology.isSuspected(a)).isFalse();
        assertThat(topology.needsFastChecks(a)).isFalse();
    }

    @Test
    void losingThePrimaryAsksForAnUrgentCheckOfEveryNode() {
        aIsPrimaryOnTimelineOneAndTheOthersReplicas();
        urgentChecks.clear();

        topology.suspect(a);

        assertThat(urgentChecks).contains(a, b, c);
        assertThat(topology.needsFastChecks(b)).isTrue();
    }

    @Test
    void aNodeIsDownAfterFailuresBeforeDownAndUpAgainAfterOneSuccess() {
        aIsPrimaryOnTimelineOneAndTheOthersReplicas();

        fails(a, FAILURES_BEFORE_DOWN - 1);
        assertThat(topology.health(a).up()).isTrue();
        assertThat(topology.primary()).contains(a);
        assertThat(retired).isEmpty();

        fails(a, 1);
        assertThat(topology.health(a).up()).isFalse();
        assertThat(topology.health(a).role()).isEqualTo(NodeHealth.Role.UNKNOWN);
        assertThat(topology.primary()).isEmpty();
        assertThat(retired).containsExactly(a);

        answers(a, primaryOn(1, 120));
        assertThat(topology.health(a).up()).isTrue();
        assertThat(topology.primary()).contains(a);
    }

    @Test
    void aFormerPrimaryThatComesBackAsAReplicaIsNotUsedAsPrimary() {
        aIsPrimaryOnTimelineOneAndTheOthersReplicas();
        fails(a, FAILURES_BEFORE_DOWN);
        answers(b, primaryOn(2, 100));

        answers(a, replicaAt(100));

        assertThat(topology.primary()).contains(b);
        assertThat(topology.fencedNodes()).isEmpty();
    }

    @Test
    void replicationLagIsTheReplicaReplayPositionBehindThePrimarysWalPosition() {
        answers(a, primaryOn(1, 1000));
        answers(b, replicaAt(400));
        answers(c, replicaAt(400));
        answers(b, replicaAt(400));

        assertThat(topology.health(a).replicationLagBytes()).isZero();
        assertThat(topology.health(b).replicationLagBytes()).isEqualTo(600);
    }

    @Test
    void awaitPrimaryCompletesAsSoonAsAPrimaryAppears() {
        Future<NodeConfig> waiting = topology.awaitPrimary(loop, Duration.ofSeconds(10));
        answers(a, replicaAt(100));
        answers(b, replicaAt(100));
        answers(c, replicaAt(100));
        assertThat(waiting.isDone()).isFalse();

        answers(b, primaryOn(2, 100));

        assertThat(waiting.awaitUninterruptibly(5, TimeUnit.SECONDS)).isTrue();
        assertThat(waiting.getNow()).isEqualTo(b);
    }

    @Test
    void awaitPrimaryFailsWithAConnectionFailureAfterTheTimeout() {
        Future<NodeConfig> waiting = topology.awaitPrimary(loop, Duration.ofMillis(50));

        assertThat(waiting.awaitUninterruptibly(5, TimeUnit.SECONDS)).isTrue();
        assertThat(waiting.cause()).isInstanceOfSatisfying(PgErrorException.class, e -> {
            assertThat(e.error().sqlState()).isEqualTo("08006");
            assertThat(e.error().message()).isEqualTo("no primary server available after waiting 50 ms");
        });
    }

    @Test
    void aNodeAddedByAReloadDoesNotHoldUpThePrimaryAndJoinsOnceChecked() {
        aIsPrimaryOnTimelineOneAndTheOthersReplicas();
        NodeConfig d = node("d", 5435);
        List<Topology.NodeChanges> heard = new CopyOnWriteArrayList<>();
        topology.onNodesChanged(heard::add);

        Topology.NodeChanges changes = topology.reconfigure(List.of(a, b, c, d));

        assertThat(changes.added()).containsExactly(d);
        assertThat(changes.removed()).isEmpty();
        assertThat(heard).containsExactly(changes);
        assertThat(topology.primary()).contains(a);
        assertThat(topology.health(d).role()).isEqualTo(NodeHealth.Role.UNKNOWN);
        answers(d, replicaAt(100));
        assertThat(topology.health(d).role()).isEqualTo(NodeHealth.Role.REPLICA);
    }

    @Test
    void removingThePrimaryLeavesWritesWaitingForTheNextOne() {
        aIsPrimaryOnTimelineOneAndTheOthersReplicas();

        Topology.NodeChanges changes = topology.reconfigure(List.of(b, c));

        assertThat(changes.removed()).containsExactly(a);
        assertThat(topology.nodes()).containsExactly(b, c);
        assertThat(topology.primary()).isEmpty();
        answers(a, primaryOn(1, 200));   // a check that was running when the node was removed
        assertThat(topology.primary()).isEmpty();
        answers(b, primaryOn(2, 300));
        assertThat(topology.primary()).contains(b);
    }

    @Test
    void aNewWeightKeepsTheNodeItsHealth() {
        aIsPrimaryOnTimelineOneAndTheOthersReplicas();
        NodeConfig heavierB = new NodeConfig("b", "127.0.0.1", 5433, 5);

        Topology.NodeChanges changes = topology.reconfigure(List.of(a, heavierB, c));

        assertThat(changes.added()).isEmpty();
        assertThat(changes.removed()).isEmpty();
        assertThat(topology.health(b).role()).isEqualTo(NodeHealth.Role.REPLICA);
        assertThat(topology.nodes()).extracting(NodeConfig::weight).containsExactly(1, 5, 1);
    }
}
