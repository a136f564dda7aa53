package dev.pgrelay.bench.idle;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Many logged-in, idle client connections to one address, opened by a few threads in parallel (a SCRAM login
 * costs the client 4096 PBKDF2 rounds) and then held by their sockets alone until {@link #close}.
 */
final class IdleConnections implements AutoCloseable {
    private static final int PROGRESS_EVERY = 1000;

    private final List<Socket> sockets;

    private IdleConnections(List<Socket> sockets) {
        this.sockets = sockets;
    }

    /**
     * Opens {@code count} connections with {@code threads} threads; the first failed login stops the others and
     * closes what was opened.
     *
     * @throws IOException the first failure, saying after how many successful logins it happened
     */
    static IdleConnections open(InetSocketAddress address, PgLogin login, int count, int threads) throws IOException {
        List<Socket> opened = Collections.synchronizedList(new ArrayList<>(count));
        AtomicInteger remaining = new AtomicInteger(count);
        AtomicReference<IOException> failure = new AtomicReference<>();
        Runnable worker = () -> {
            while (failure.get() == null && remaining.getAndDecrement() > 0) {
                try {
                    opened.add(login.open(address));
                    if (opened.size() % PROGRESS_EVERY == 0) {
                        System.err.printf("  %d of %d clients logged in%n", opened.size(), count);
                    }
                } catch (IOException e) {
                    failure.compareAndSet(null, e);
                }
            }
        };
        List<Thread> workers = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(worker, "idle-login-" + i);
            thread.start();
            workers.add(thread);
        }
        joinAll(workers);
        IdleConnections connections = new IdleConnections(opened);
        if (failure.get() != null) {
            connections.close();
            throw new IOException("login failed after " + opened.size() + " of " + count + " clients: "
                    + failure.get().getMessage(), failure.get());
        }
        return connections;
    }

    int size() {
        return sockets.size();
    }

    /** Closes every connection; the server sees them go away as a client would leave. */
    @Override
    public void close() {
        synchronized (sockets) {
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // Closing a socket the server already dropped changes nothing for the measurement.
                }
            }
            sockets.clear();
        }
    }

    private static void joinAll(List<Thread> threads) throws IOException {
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening connections", e);
        }
    }
}
