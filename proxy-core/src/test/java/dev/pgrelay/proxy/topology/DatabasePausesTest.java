package dev.pgrelay.proxy.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PAUSE db holds only that database's new leases; PAUSE holds every database, also ones first seen later. */
class DatabasePausesTest {
    private final DatabasePauses pauses = new DatabasePauses();
    private final EventLoop loop = new DefaultEventLoop();
    /** Databases that still have a server connection leased. */
    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private boolean noServerLeased(String database) {
        return !busy.contains(database);
    }

    @Test
    void pausingOneDatabaseHoldsItsLeasesAndNotTheOthers() throws InterruptedException {
        Future<Void> quiet = pauses.pause("orders", loop, this::noServerLeased);
        assertThat(quiet.awaitUninterruptibly(5, TimeUnit.SECONDS)).isTrue();
        CountDownLatch resumed = new CountDownLatch(1);

        assertThat(pauses.gate("orders").holdIfPaused(loop, resumed::countDown)).isTrue();
        assertThat(pauses.gate("billing").enter(loop, () -> { })).isTrue();
        assertThat(pauses.isPaused("orders")).isTrue();
        assertThat(pauses.isPaused("billing")).isFalse();
        assertThat(pauses.isPausedAll()).isFalse();

        pauses.resume("orders");

        assertThat(resumed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(pauses.isPaused("orders")).isFalse();
    }

    @Test
    void pauseOfOneDatabaseWaitsOnlyForThatDatabasesServers() {
        pauses.gate("billing");
        busy.add("billing");
        busy.add("orders");

        Future<Void> quiet = pauses.pause("orders", loop, this::noServerLeased);
        assertThat(quiet.awaitUninterruptibly(100)).isFalse();
        busy.remove("orders");

        assertThat(quiet.awaitUninterruptibly(5, TimeUnit.SECONDS)).isTrue();
        assertThat(quiet.isSuccess()).isTrue();
    }

    @Test
    void pauseAllWaitsForEveryDatabaseAndHoldsDatabasesFirstSeenWhilePaused() {
        pauses.gate("orders");
        pauses.gate("billing");
        busy.add("billing");

        Future<Void> quiet = pauses.pauseAll(loop, this::noServerLeased);
        assertThat(quiet.awaitUninterruptibly(100)).isFalse();
        busy.remove("billing");
        assertThat(quiet.awaitUninterruptibly(5, TimeUnit.SECONDS)).isTrue();

        assertThat(pauses.gate("reports").holdIfPaused(loop, () -> { })).isTrue();
        pauses.resumeAll();
        assertThat(pauses.isPausedAll()).isFalse();
        assertThat(pauses.gate("reports").isPaused()).isFalse();
        assertThat(pauses.gate("orders").isPaused()).isFalse();
    }

    @Test
    void pauseAllWithNoDatabaseSeenYetIsQuietAtOnce() {
        assertThat(pauses.pauseAll(loop, this::noServerLeased).isSuccess()).isTrue();
    }

    @Test
    void theGateOfADatabaseNobodyUsesIsForgottenButNotOneThatIsPausedOrLeasing() {
        SwitchoverPause unused = pauses.gate("made_up");
        SwitchoverPause leasing = pauses.gate("orders");
        assertThat(leasing.enter(loop, () -> { })).isTrue();
        pauses.pause("billing", loop, this::noServerLeased);
        SwitchoverPause paused = pauses.gate("billing");

        pauses.forgetIfUnused("made_up");
        pauses.forgetIfUnused("orders");
        pauses.forgetIfUnused("billing");

        assertThat(pauses.gate("made_up")).as("a new gate").isNotSameAs(unused);
        assertThat(unused.tryEnter(loop, () -> { })).as("the old one lets nothing through")
                .isEqualTo(SwitchoverPause.Entry.RETIRED);
        assertThat(pauses.gate("orders")).isSameAs(leasing);
        assertThat(pauses.gate("billing")).isSameAs(paused);
        assertThat(pauses.isPaused("billing")).isTrue();

        leasing.exit();
        pauses.forgetIfUnused("orders");
        assertThat(pauses.gate("orders")).isNotSameAs(leasing);
    }

    @Test
    void aLeaseHoldingADroppedGatePassesTheDatabasesCurrentOneAndAPauseHoldsIt() {
        SwitchoverPause seenBefore = pauses.gate("orders");   // e.g. by a lease waiting for a primary
        pauses.forgetIfUnused("orders");
        pauses.pause("orders", loop, this::noServerLeased);
        CountDownLatch resumed = new CountDownLatch(1);

        assertThat(seenBefore.tryEnter(loop, () -> { })).isEqualTo(SwitchoverPause.Entry.RETIRED);
        assertThat(pauses.enter("orders", loop, resumed::countDown)).as("held by the pause").isNull();
        pauses.resume("orders");

        SwitchoverPause entered = pauses.enter("orders", loop, () -> { });
        assertThat(entered).isSameAs(pauses.gate("orders")).isNotSameAs(seenBefore);
        entered.exit();
    }
}
