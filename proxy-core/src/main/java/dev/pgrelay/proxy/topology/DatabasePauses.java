package dev.pgrelay.proxy.topology;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * PgBouncer's PAUSE [db] and RESUME [db]: one {@link SwitchoverPause} gate per database, so pausing one database
 * holds only its clients' new transactions while every other database keeps working. A lease passes exactly the
 * gate of its database — one map lookup, as cheap as the single gate was. Pausing every database closes every
 * gate, and a database first seen meanwhile starts closed.
 */
public final class DatabasePauses {
    private final ConcurrentMap<String, SwitchoverPause> gates = new ConcurrentHashMap<>();
    private boolean pausedAll;   // guarded by this

    /** The gate leases for {@code database} pass. */
    public SwitchoverPause gate(String database) {
        SwitchoverPause gate = gates.get(database);
        return gate != null ? gate : newGate(database);
    }

    /** Synchronized with {@link #pauseAll} so that a gate is either closed by it or born closed. */
    private synchronized SwitchoverPause newGate(String database) {
        return gates.computeIfAbsent(database, name -> {
            SwitchoverPause gate = new SwitchoverPause();
            if (pausedAll) {
                gate.hold();
            }
            return gate;
        });
    }

    /**
     * Closes the gate of {@code database}; completes once its running transactions have finished, i.e. no lease
     * is in progress and {@code noServerLeased} holds for it (polled on {@code poller}).
     */
    public Future<Void> pause(String database, EventExecutor poller, Predicate<String> noServerLeased) {
        return gate(database).pause(poller, () -> noServerLeased.test(database));
    }

    /** Closes every gate; completes once every database is quiet, or fails as soon as one pause is resumed. */
    public Future<Void> pauseAll(EventExecutor poller, Predicate<String> noServerLeased) {
        List<Future<Void>> quiet;
        synchronized (this) {
            pausedAll = true;
            quiet = gates.keySet().stream().map(database -> pause(database, poller, noServerLeased)).toList();
        }
        return allOf(poller, quiet);
    }

    private static Future<Void> allOf(EventExecutor poller, List<Future<Void>> parts) {
        Promise<Void> all = poller.newPromise();
        AtomicInteger pending = new AtomicInteger(parts.size());
        if (parts.isEmpty()) {
            return all.setSuccess(null);
        }
        for (Future<Void> part : parts) {
            part.addListener(done -> {
                if (!done.isSuccess()) {
                    all.tryFailure(done.cause());
                } else if (pending.decrementAndGet() == 0) {
                    all.trySuccess(null);
                }
            });
        }
        return all;
    }

    /** Opens the gate of {@code database}; harmless when it is not paused. */
    public void resume(String database) {
        SwitchoverPause gate = gates.get(database);
        if (gate != null) {
            gate.resume();
        }
    }

    /** Opens every gate, including those paused one by one. */
    public void resumeAll() {
        synchronized (this) {
            pausedAll = false;
        }
        gates.values().forEach(SwitchoverPause::resume);
    }

    /** Whether PAUSE without a database is in effect. */
    public synchronized boolean isPausedAll() {
        return pausedAll;
    }

    public boolean isPaused(String database) {
        SwitchoverPause gate = gates.get(database);
        return gate != null && gate.isPaused();
    }

    /**
     * Lets a lease of {@code database} through its gate, returning the gate to {@link SwitchoverPause#exit()}
     * later, or holds it while paused as {@link SwitchoverPause#enter} does (null). A gate dropped by
     * {@link #forgetIfUnused} since the caller last saw it lets nothing through: this asks the current one.
     */
    public SwitchoverPause enter(String database, EventLoop loop, Runnable onResume) {
        while (true) {
            SwitchoverPause gate = gate(database);
            switch (gate.tryEnter(loop, onResume)) {
                case ENTERED -> {
                    return gate;
                }
                case HELD -> {
                    return null;
                }
                case RETIRED -> {
                    // dropped meanwhile: look again
                }
            }
        }
    }

    /**
     * Drops the gate of a database nobody uses any more (open, nothing held or leasing), so that made-up
     * database names do not pile up gates; a later lease for it makes a new one.
     */
    public synchronized void forgetIfUnused(String database) {
        gates.computeIfPresent(database, (name, gate) -> gate.retireIfUnused() ? null : gate);
    }
}
