package dev.pgrelay.proxy.topology;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The gate that holds new server leases during a planned switchover, with PgBouncer's PAUSE/RESUME semantics:
 * {@link #pause} closes the gate and completes once no lease is in progress and no server connection is
 * leased (every running transaction has finished); {@link #resume} opens it and lets the held leases go on,
 * on their own EventLoops, to whatever the primary is then. A held lease does not time out while paused.
 */
public final class SwitchoverPause {
    /** How often a pending pause looks whether the last transaction has finished. */
    private static final long QUIET_POLL_MILLIS = 5;

    private record Held(EventLoop loop, Runnable lease) {
    }

    /** What {@link #tryEnter} did with a lease. */
    enum Entry { ENTERED, HELD, RETIRED }

    private boolean paused;                                      // guarded by this
    private boolean retired;                                     // guarded by this: dropped by DatabasePauses
    private int leasesInProgress;                                // guarded by this
    private final List<Held> held = new ArrayList<>();           // guarded by this
    private final List<Promise<Void>> pendingPauses = new ArrayList<>();  // guarded by this

    public synchronized boolean isPaused() {
        return paused;
    }

    /**
     * Retires the gate if it is open with no lease held, in progress or waited for by a pause; a retired gate
     * lets nothing through ({@link #tryEnter}), so a lease that still holds it looks up the database's new one.
     */
    synchronized boolean retireIfUnused() {
        if (paused || leasesInProgress != 0 || !held.isEmpty() || !pendingPauses.isEmpty()) {
            return false;
        }
        retired = true;
        return true;
    }

    /** {@link #enter}, unless the gate was retired meanwhile: then nothing happens and the caller asks again. */
    synchronized Entry tryEnter(EventLoop loop, Runnable onResume) {
        if (retired) {
            return Entry.RETIRED;
        }
        return enter(loop, onResume) ? Entry.ENTERED : Entry.HELD;
    }

    /** While paused, keeps {@code onResume} to run on {@code loop} at resume and returns true; else false. */
    public synchronized boolean holdIfPaused(EventLoop loop, Runnable onResume) {
        if (paused) {
            held.add(new Held(loop, onResume));
        }
        return paused;
    }

    /**
     * Lets a lease through to acquire a server connection (true), counting it as in progress until
     * {@link #exit()}, or, while paused, holds {@code onResume} as {@link #holdIfPaused} does (false).
     */
    public synchronized boolean enter(EventLoop loop, Runnable onResume) {
        if (holdIfPaused(loop, onResume)) {
            return false;
        }
        leasesInProgress++;
        return true;
    }

    /** The lease that {@link #enter}ed has its connection, or has failed to get one. */
    public synchronized void exit() {
        leasesInProgress--;
    }

    /** Closes the gate without waiting for quiet: for a database first seen while every database is paused. */
    public synchronized void hold() {
        paused = true;
    }

    /**
     * Closes the gate; the returned future completes once nothing is leasing and {@code noServerLeased} holds,
     * polled on {@code poller}, or fails with a {@link CancellationException} if {@link #resume} comes first.
     */
    public Future<Void> pause(EventExecutor poller, BooleanSupplier noServerLeased) {
        Promise<Void> quiet = poller.newPromise();
        synchronized (this) {
            paused = true;
            pendingPauses.add(quiet);
        }
        ScheduledFuture<?> polling = poller.scheduleWithFixedDelay(() -> {
            boolean done;
            synchronized (this) {
                done = paused && leasesInProgress == 0 && noServerLeased.getAsBoolean();
                if (done) {
                    pendingPauses.remove(quiet);
                }
            }
            if (done) {
                quiet.trySuccess(null);
            }
        }, 0, QUIET_POLL_MILLIS, TimeUnit.MILLISECONDS);
        quiet.addListener(f -> polling.cancel(false));
        return quiet;
    }

    /** Opens the gate: held leases continue; a pause still waiting for quiet fails. Harmless when not paused. */
    public void resume() {
        List<Held> released;
        List<Promise<Void>> abandoned;
        synchronized (this) {
            paused = false;
            released = new ArrayList<>(held);
            held.clear();
            abandoned = new ArrayList<>(pendingPauses);
            pendingPauses.clear();
        }
        abandoned.forEach(pause -> pause.tryFailure(
                new CancellationException("resumed before every running transaction had finished")));
        released.forEach(lease -> lease.loop().execute(lease.lease()));
    }
}
