package dev.pgrelay.proxy.pool;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.protocol.SqlState;
import dev.pgrelay.proxy.PgErrorException;
import dev.pgrelay.proxy.server.ServerConnection;
import dev.pgrelay.proxy.server.ServerCredential;
import dev.pgrelay.proxy.server.ServerConnector;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server connections for one (node, user, database): at most {@code size} of them, idle ones reused newest
 * first (preferring the caller's EventLoop), and a queue of clients waiting for one ({@link WaitQueue}), each
 * with a deadline after which it gets SQLSTATE 53300. Nothing here blocks an EventLoop: waiting is a callback. When its node goes
 * down or is fenced the pool is drained: idle connections close, and leased ones close when they come back.
 * When a reload removes its node, or pgrelay shuts down, the pool is retired for good: it leases nothing more.
 * A pool that never got a single connection logged in (an unknown database, a refused role) is forgotten by its
 * registry once nobody uses it ({@link #forgetIfNeverConnected}), so made-up names do not pile up pools.
 */
public final class ServerPool {
    private static final Duration TOP_UP_BACKOFF = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(ServerPool.class);

    private final PoolKey key;
    /** Asked at every connect: an auth_query user's credential is the one its latest client login left. */
    private final Supplier<ServerCredential> credential;
    private final ServerConnector connector;
    /** Replaced by {@link #resize} on a reload; read once per decision. */
    private volatile PoolSettings settings;
    /** Hears how long each successful lease waited, in nanoseconds (the pool wait time histogram). */
    private volatile java.util.function.LongConsumer leaseWaits = nanos -> { };
    private final Consumer<NodeConfig> serverLost;

    // Guarded by this. Critical sections are a few field updates; callbacks always run outside the lock.
    private final ArrayDeque<ServerConnection> idle = new ArrayDeque<>();
    private final WaitQueue waiters = new WaitQueue();
    private int warming;       // connections being opened for min_idle, not for a client
    private long lastTopUpFailureNanos = System.nanoTime() - TOP_UP_BACKOFF.toNanos();
    private int open;          // connections open or being opened, bounded by settings.size()
    private Lifecycle lifecycle = Lifecycle.OPEN;
    private boolean drained;
    private long drainedAtNanos;   // connections created before this are not reused, if drained
    private boolean everConnected; // a connection to the server has logged in at least once
    private boolean forgotten;     // the registry no longer lists it: connections close instead of going idle

    /** Whether the pool still leases connections, and if not, why not. */
    private enum Lifecycle { OPEN, NODE_REMOVED, CLOSED }

    /** {@code serverLost} hears of every connection that the server or the network closed, not pgrelay. */
    public ServerPool(PoolKey key, Supplier<ServerCredential> credential, ServerConnector connector,
                      PoolSettings settings, Consumer<NodeConfig> serverLost) {
        this.key = key;
        this.credential = credential;
        this.connector = connector;
        this.settings = settings;
        this.serverLost = serverLost;
    }

    public PoolKey key() {
        return key;
    }

    /** Leases a connection for a client on {@code loop}; listeners of the returned future run on that loop. */
    public Future<ServerConnection> acquire(EventLoop loop) {
        Promise<ServerConnection> promise = loop.newPromise();
        long askedNanos = System.nanoTime();
        ServerConnection reused = null;
        boolean create = false;
        Waiter waiter = null;
        synchronized (this) {
            if (lifecycle != Lifecycle.OPEN) {
                return promise.setFailure(refusal(lifecycle));
            }
            reused = takeIdle(loop);
            if (reused == null && open < settings.size()) {
                open++;
                create = true;
            } else if (reused == null) {
                waiter = new Waiter(loop, promise, askedNanos);
                waiters.add(waiter);
            }
        }
        if (reused != null) {
            leaseWaits.accept(0);   // served on the spot: no listener to allocate on the hot path
            handOver(reused, promise);
            return promise;
        }
        promise.addListener(f -> {
            if (f.isSuccess()) {
                leaseWaits.accept(System.nanoTime() - askedNanos);
            }
        });
        if (create) {
            openFor(loop, promise);
        } else {
            scheduleWaitTimeout(waiter);
        }
        return promise;
    }

    private ServerConnection takeIdle(EventLoop loop) {
        ServerConnection fallback = null;
        for (Iterator<ServerConnection> it = idle.iterator(); it.hasNext(); ) {
            ServerConnection candidate = it.next();
            if (!candidate.isOpen()) {
                continue;   // closing; onClosed will forget it
            }
            if (candidate.eventLoop() == loop) {
                it.remove();
                return candidate;
            }
            if (fallback == null) {
                fallback = candidate;
            }
        }
        if (fallback != null) {
            idle.remove(fallback);
        }
        return fallback;
    }

    private void handOver(ServerConnection server, Promise<ServerConnection> promise) {
        server.state(ServerConnection.State.ACTIVE);
        if (!promise.trySuccess(server)) {
            release(server);   // the client gave up meanwhile
        }
    }

    private void scheduleWaitTimeout(Waiter waiter) {
        Duration wait = settings.waitTimeout();
        waiter.promise().addListener(f -> {
            if (f.isCancelled()) {
                synchronized (this) {
                    waiters.remove(waiter);
                }
            }
        });
        if (wait.isZero()) {
            return;   // 0 = wait as long as it takes, as PgBouncer's query_wait_timeout = 0
        }
        waiter.timeout(waiter.loop().schedule(() -> {
            boolean stillWaiting;
            synchronized (this) {
                stillWaiting = waiters.remove(waiter);
            }
            if (stillWaiting) {
                waiter.promise().tryFailure(PgErrorException.fatal(SqlState.TOO_MANY_CONNECTIONS,
                        "no server connection available for " + key + " within " + wait.toMillis() + " ms: all "
                                + settings.size() + " are in use",
                        "Raise pool.size or pool.wait_timeout, or use transaction pooling."));
            }
        }, wait.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void openFor(EventLoop loop, Promise<ServerConnection> promise) {
        connector.connect(key.node(), key.user(), credential.get(), key.database(), loop).addListener(
                (Future<ServerConnection> f) -> {
                    if (f.isSuccess()) {
                        ServerConnection server = f.getNow();
                        synchronized (this) {
                            everConnected = true;
                        }
                        server.channel().closeFuture().addListener(c -> {
                            // Lost, unless pgrelay closed it on its own account (see endedByServer).
                            if (server.endedByServer()) {
                                serverLost.accept(key.node());
                            }
                            onClosed(server);
                        });
                        log.debug("{}: opened {}", key, server);
                        handOver(server, promise);
                    } else {
                        synchronized (this) {
                            open--;
                        }
                        promise.tryFailure(f.cause());
                        serveWaiterWithNewConnection();
                    }
                });
    }

    /** Takes back a connection a client is done with. It must be clean; anything else is closed. */
    public void release(ServerConnection server) {
        if (server.deferWhileCancelling(() -> release(server))) {
            return;
        }
        if (!server.isClean() || expired(server, System.nanoTime()) || openedBeforeDrain(server) || oversized()) {
            server.close();
            return;
        }
        while (true) {
            Waiter next;
            synchronized (this) {
                next = lifecycle != Lifecycle.OPEN ? null : waiters.pollFor(server.eventLoop());
                if (next == null) {
                    if (lifecycle != Lifecycle.OPEN || forgotten) {
                        break;
                    }
                    server.state(ServerConnection.State.IDLE);
                    idle.addFirst(server);
                    return;
                }
            }
            next.cancelTimeout();
            server.state(ServerConnection.State.ACTIVE);
            if (next.promise().trySuccess(server)) {
                return;
            }
        }
        server.close();
    }

    private void onClosed(ServerConnection server) {
        synchronized (this) {
            open--;
            idle.remove(server);
        }
        log.debug("{}: closed {}", key, server);
        serveWaiterWithNewConnection();
    }

    /** A slot freed up: if a client is waiting, open a connection for it rather than leave it to time out. */
    private void serveWaiterWithNewConnection() {
        Waiter next;
        synchronized (this) {
            if (lifecycle != Lifecycle.OPEN || waiters.isEmpty() || open >= settings.size()) {
                return;
            }
            next = waiters.poll();
            open++;
        }
        next.cancelTimeout();
        openFor(next.loop(), next.promise());
    }

    /**
     * Closes idle connections past server_idle_timeout or server_lifetime (0 turns either off), keeping min_idle
     * of the merely idle ones.
     */
    public void evictExpired() {
        long now = System.nanoTime();
        List<ServerConnection> evicted = new ArrayList<>();
        synchronized (this) {
            int keep = settings.minIdle();
            for (Iterator<ServerConnection> it = idle.descendingIterator(); it.hasNext(); ) {
                ServerConnection server = it.next();
                boolean idleTooLong = !settings.serverIdleTimeout().isZero()
                        && now - server.idleSinceNanos() > settings.serverIdleTimeout().toNanos();
                if (expired(server, now) || (idleTooLong && idle.size() - evicted.size() > keep)) {
                    it.remove();
                    evicted.add(server);
                }
            }
        }
        evicted.forEach(ServerConnection::close);
    }

    /**
     * Opens connections until min_idle of them are idle (never beyond pool.size), so a burst after a quiet period
     * finds warm connections. After a failed attempt it waits {@code TOP_UP_BACKOFF} before trying again, so a
     * node that is down is not hammered.
     */
    public void topUpMinIdle(EventLoop loop) {
        int missing;
        synchronized (this) {
            if (lifecycle != Lifecycle.OPEN || System.nanoTime() - lastTopUpFailureNanos < TOP_UP_BACKOFF.toNanos()) {
                return;
            }
            missing = Math.min(settings.minIdle() - idle.size() - warming, settings.size() - open);
            if (missing <= 0) {
                return;
            }
            open += missing;
            warming += missing;
        }
        for (int i = 0; i < missing; i++) {
            Promise<ServerConnection> warmed = loop.newPromise();
            warmed.addListener((Future<ServerConnection> f) -> {
                synchronized (this) {
                    warming--;
                    if (!f.isSuccess()) {
                        lastTopUpFailureNanos = System.nanoTime();
                    }
                }
                if (f.isSuccess()) {
                    release(f.getNow());
                }
            });
            openFor(loop, warmed);
        }
    }

    /** server_lifetime = 0 means connections never expire by age. */
    private boolean expired(ServerConnection server, long now) {
        return !settings.serverLifetime().isZero()
                && now - server.createdAtNanos() > settings.serverLifetime().toNanos();
    }

    /**
     * The node went down or was fenced: closes idle connections, fails waiters with 08006 (so the router
     * looks for the primary again), and closes connections opened until now when their clients release them.
     * The pool stays usable: connections it opens later, once the node is back, are kept as usual.
     */
    public void drain() {
        retire(Lifecycle.OPEN, PgErrorException.fatal(SqlState.CONNECTION_FAILURE,
                "server " + key.node().name() + " is down or fenced"));
    }

    /**
     * A reload removed the node: as {@link #drain()}, but for good — every later lease fails with 08006, which
     * the router answers by choosing another node, so no client is dropped for it.
     */
    public void retireRemovedNode() {
        retire(Lifecycle.NODE_REMOVED, refusal(Lifecycle.NODE_REMOVED));
    }

    /** Closes every idle connection and fails waiters; leased ones close when their clients release them. */
    public void close() {
        retire(Lifecycle.CLOSED, PgErrorException.fatal(SqlState.ADMIN_SHUTDOWN, "pgrelay is shutting down"));
    }

    /** Whether pgrelay is shutting down this pool (not merely retiring a removed node's). */
    public synchronized boolean isClosed() {
        return lifecycle == Lifecycle.CLOSED;
    }

    /** Why a retired pool leases nothing. */
    private PgErrorException refusal(Lifecycle reason) {
        return PgErrorException.fatal(SqlState.CONNECTION_FAILURE, reason == Lifecycle.NODE_REMOVED
                ? "server " + key.node().name() + " was removed from pgrelay's nodes by a reload"
                : "the pool for " + key + " is closed");
    }

    /** Closes idle connections and fails waiters; {@code next} OPEN drains, anything else retires for good. */
    private void retire(Lifecycle next, PgErrorException waiterError) {
        List<ServerConnection> toClose;
        List<Waiter> toFail;
        synchronized (this) {
            if (next == Lifecycle.OPEN) {
                drained = true;
                drainedAtNanos = System.nanoTime();
            } else if (lifecycle != Lifecycle.CLOSED) {
                lifecycle = next;
            }
            toClose = new ArrayList<>(idle);
            idle.clear();
            toFail = waiters.removeAll();
        }
        toClose.forEach(ServerConnection::close);
        for (Waiter waiter : toFail) {
            waiter.cancelTimeout();
            waiter.promise().tryFailure(waiterError);
        }
    }

    /**
     * The registry is about to stop listing this pool: agrees (true) only if no connection to the server ever
     * logged in, none is open or being opened, and nobody waits — what is left of a client asking for a database
     * that does not exist. A lease that found the pool just before still works; its connection closes when released.
     */
    public synchronized boolean forgetIfNeverConnected() {
        if (lifecycle != Lifecycle.OPEN || forgotten || everConnected || open > 0 || !waiters.isEmpty()) {
            return false;
        }
        forgotten = true;
        return true;
    }

    /** More connections open than a reload now allows, and nobody waiting who could use this one. */
    private synchronized boolean oversized() {
        return open > settings.size() && waiters.isEmpty();
    }

    private synchronized boolean openedBeforeDrain(ServerConnection server) {
        return drained && server.createdAtNanos() - drainedAtNanos <= 0;
    }

    /** The idle connections now, newest first, for SHOW SERVERS. */
    public synchronized List<ServerConnection> idleConnections() {
        return List.copyOf(idle);
    }

    public PoolSettings settings() {
        return settings;
    }

    /** {@code listener} hears how long each successful lease waited for its connection, in nanoseconds. */
    public void onLeaseWait(java.util.function.LongConsumer listener) {
        this.leaseWaits = listener;
    }

    /** How long the longest-waiting client has waited so far, in nanoseconds; 0 when nobody waits. */
    public synchronized long longestWaitNanos() {
        Waiter first = waiters.peek();
        return first == null ? 0 : System.nanoTime() - first.sinceNanos();
    }

    /**
     * Applies reloaded limits without dropping anything: a larger size opens connections for waiting clients
     * at once; a smaller one closes surplus idle connections now and leased ones as they come back.
     */
    public void resize(PoolSettings reloaded) {
        List<ServerConnection> surplus = new ArrayList<>();
        synchronized (this) {
            settings = reloaded;
            while (open - surplus.size() > reloaded.size() && !idle.isEmpty()) {
                surplus.add(idle.pollLast());
            }
        }
        surplus.forEach(ServerConnection::close);
        int grown = Math.max(0, reloaded.size() - stats().open());
        for (int i = 0; i < grown; i++) {
            serveWaiterWithNewConnection();
        }
    }

    public synchronized PoolStats stats() {
        return new PoolStats(key, open, idle.size(), waiters.size());
    }
}
