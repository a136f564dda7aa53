package dev.pgrelay.proxy.client;

import io.netty.channel.Channel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every open client connection, including ones still logging in (the registry only knows logged-in clients):
 * graceful shutdown must reach them all.
 */
public final class ClientTracker {
    private final Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();

    void track(ClientSession session, Channel channel) {
        sessions.add(session);
        channel.closeFuture().addListener(f -> {
            sessions.remove(session);
            synchronized (this) {
                notifyAll();
            }
        });
    }

    /** Waits (on the caller's thread, never an EventLoop) until every client has gone, or the timeout passes. */
    public synchronized boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!sessions.isEmpty()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, remaining);
        }
        return true;
    }

    public int size() {
        return sessions.size();
    }

    public void beginShutdown() {
        sessions.forEach(ClientSession::beginShutdown);
    }
}
