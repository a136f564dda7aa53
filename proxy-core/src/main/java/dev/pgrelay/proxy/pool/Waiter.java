package dev.pgrelay.proxy.pool;

import dev.pgrelay.proxy.server.ServerConnection;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;

/** One client waiting for a server connection of a pool: where it runs, what to complete, and since when. */
final class Waiter {
    private final EventLoop loop;
    private final Promise<ServerConnection> promise;
    private final long sinceNanos;
    private ScheduledFuture<?> timeout;
    /** Whether a later client on another EventLoop was once served first (see {@link WaitQueue}). */
    private boolean passedOver;

    Waiter(EventLoop loop, Promise<ServerConnection> promise, long sinceNanos) {
        this.loop = loop;
        this.promise = promise;
        this.sinceNanos = sinceNanos;
    }

    EventLoop loop() {
        return loop;
    }

    Promise<ServerConnection> promise() {
        return promise;
    }

    long sinceNanos() {
        return sinceNanos;
    }

    void timeout(ScheduledFuture<?> timeout) {
        this.timeout = timeout;
    }

    /** Stops the wait_timeout timer: the wait ended another way. */
    void cancelTimeout() {
        ScheduledFuture<?> scheduled = timeout;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }

    boolean passedOver() {
        return passedOver;
    }

    void passOver() {
        passedOver = true;
    }
}
