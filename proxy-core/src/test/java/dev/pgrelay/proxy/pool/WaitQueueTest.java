package dev.pgrelay.proxy.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class WaitQueueTest {
    private static final EventLoop LOOP_A = new DefaultEventLoop();
    private static final EventLoop LOOP_B = new DefaultEventLoop();

    private final WaitQueue queue = new WaitQueue();

    @AfterAll
    static void stopLoops() {
        LOOP_A.shutdownGracefully();
        LOOP_B.shutdownGracefully();
    }

    @Test
    void clientsOnTheConnectionsLoopAreServedFirstComeFirstServed() {
        Waiter first = waitOn(LOOP_A);
        Waiter second = waitOn(LOOP_A);

        assertThat(queue.pollFor(LOOP_A)).isSameAs(first);
        assertThat(queue.pollFor(LOOP_A)).isSameAs(second);
        assertThat(queue.pollFor(LOOP_A)).isNull();
    }

    @Test
    void aClientOnTheConnectionsLoopMayGoBeforeOneOnAnotherLoop() {
        Waiter onB = waitOn(LOOP_B);
        Waiter onA = waitOn(LOOP_A);

        assertThat(queue.pollFor(LOOP_A)).isSameAs(onA);
        assertThat(onB.passedOver()).isTrue();
        assertThat(queue.pollFor(LOOP_A)).isSameAs(onB);
    }

    @Test
    void nobodyIsPassedOverTwice() {
        Waiter onB = waitOn(LOOP_B);
        Waiter firstOnA = waitOn(LOOP_A);
        Waiter secondOnA = waitOn(LOOP_A);

        assertThat(queue.pollFor(LOOP_A)).isSameAs(firstOnA);
        assertThat(queue.pollFor(LOOP_A)).as("passed over once already: its turn, across loops").isSameAs(onB);
        assertThat(queue.pollFor(LOOP_A)).isSameAs(secondOnA);
    }

    @Test
    void onlyTheNextFewClientsMayGoFirst() {
        Waiter head = waitOn(LOOP_B);
        for (int i = 0; i < WaitQueue.LOOKAHEAD; i++) {
            waitOn(LOOP_B);
        }
        waitOn(LOOP_A);   // beyond the lookahead

        assertThat(queue.pollFor(LOOP_A)).isSameAs(head);
        assertThat(head.passedOver()).isFalse();
    }

    @Test
    void newConnectionsGoToTheLongestWaitingClientWhateverItsLoop() {
        Waiter onB = waitOn(LOOP_B);
        waitOn(LOOP_A);

        assertThat(queue.poll()).isSameAs(onB);
    }

    @Test
    void removeAllEmptiesTheQueueOldestFirst() {
        Waiter first = waitOn(LOOP_A);
        Waiter second = waitOn(LOOP_B);

        assertThat(queue.removeAll()).containsExactly(first, second);
        assertThat(queue.isEmpty()).isTrue();
    }

    private Waiter waitOn(EventLoop loop) {
        Waiter waiter = new Waiter(loop, loop.newPromise(), System.nanoTime());
        queue.add(waiter);
        return waiter;
    }
}
