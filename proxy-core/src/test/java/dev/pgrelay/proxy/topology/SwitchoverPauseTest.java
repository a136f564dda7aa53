package dev.pgrelay.proxy.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PAUSE waits for running work to finish and holds new leases; RESUME lets them go on. */
class SwitchoverPauseTest {
    private final SwitchoverPause gate = new SwitchoverPause();
    private final EventLoop loop = new DefaultEventLoop();
    private final AtomicBoolean serversIdle = new AtomicBoolean(true);

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void leasesPassWhileNotPaused() {
        assertThat(gate.holdIfPaused(loop, () -> { })).isFalse();
        assertThat(gate.enter(loop, () -> { })).isTrue();
    }

    @Test
    void pauseCompletesOnlyOnceNoServerIsLeasedAndNoLeaseIsInProgress() {
        assertThat(gate.enter(loop, () -> { })).isTrue();
        serversIdle.set(false);

        Future<Void> quiet = gate.pause(loop, serversIdle::get);
        assertThat(quiet.awaitUninterruptibly(100)).isFalse();
        gate.exit();
        assertThat(quiet.awaitUninterruptibly(100)).isFalse();
        serversIdle.set(true);

        assertThat(quiet.awaitUninterruptibly(5, TimeUnit.SECONDS)).isTrue();
        assertThat(quiet.isSuccess()).isTrue();
    }

    @Test
    void leasesArrivingWhilePausedAreHeldUntilResume() throws InterruptedException {
        gate.pause(loop, serversIdle::get).awaitUninterruptibly(5, TimeUnit.SECONDS);
        CountDownLatch resumed = new CountDownLatch(2);

        assertThat(gate.holdIfPaused(loop, resumed::countDown)).isTrue();
        assertThat(gate.enter(loop, resumed::countDown)).isFalse();
        assertThat(resumed.await(100, TimeUnit.MILLISECONDS)).isFalse();

        gate.resume();

        assertThat(resumed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(gate.isPaused()).isFalse();
    }

    @Test
    void resumeBeforeTheRunningWorkFinishedAbandonsThePause() {
        serversIdle.set(false);
        Future<Void> quiet = gate.pause(loop, serversIdle::get);

        gate.resume();

        assertThat(quiet.awaitUninterruptibly(5, TimeUnit.SECONDS)).isTrue();
        assertThat(quiet.cause()).isInstanceOf(CancellationException.class);
    }
}
