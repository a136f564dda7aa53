package dev.pgrelay.proxy.client;

import dev.pgrelay.config.LimitsConfig;
import dev.pgrelay.protocol.SqlState;
import dev.pgrelay.proxy.PgErrorException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The two timers of one client session, run on its EventLoop: limits.idle_transaction_timeout (a client that
 * sits inside a transaction without sending anything is disconnected, as PostgreSQL's
 * idle_in_transaction_session_timeout does) and limits.query_wait_timeout (a statement that waits longer than
 * this for a server connection, whatever it waits for: pool, primary, pause, is failed). Zero turns either off.
 * Each timer takes the limit running when it starts, so a reload reaches connected clients too.
 */
final class ClientTimeouts {
    private final EventLoop loop;
    private final Supplier<LimitsConfig> limits;
    /** The query_wait_timeout the running wait was started with, for its error message. */
    private Duration queryWaitLimit = Duration.ZERO;
    private ScheduledFuture<?> idleInTransaction;
    private ScheduledFuture<?> queryWait;
    private boolean queryWaitExpired;

    ClientTimeouts(EventLoop loop, Supplier<LimitsConfig> limits) {
        this.loop = loop;
        this.limits = limits;
    }

    /** The client is inside a transaction and the server has answered everything: the idle clock starts. */
    void idleInTransaction(Runnable onTimeout) {
        cancel(idleInTransaction);
        idleInTransaction = schedule(limits.get().idleTransactionTimeout(), onTimeout);
    }

    /** The client sent something: it is not idle. */
    void clientActive() {
        cancel(idleInTransaction);
        idleInTransaction = null;
    }

    /** A lease for a server connection has started; past the limit it is cancelled. */
    void waitingForServer(Future<?> lease) {
        cancel(queryWait);
        queryWaitExpired = false;
        queryWaitLimit = limits.get().queryWaitTimeout();
        queryWait = schedule(queryWaitLimit, () -> {
            queryWaitExpired = true;   // set first: cancel() runs the lease's listeners before it returns
            queryWaitExpired = lease.cancel(false);
        });
    }

    /** The lease ended (either way). */
    void serverLeaseEnded() {
        cancel(queryWait);
        queryWait = null;
    }

    /** Why the lease failed, as the client should hear it: the timeout when it was the timeout that cancelled it. */
    Throwable leaseFailure(Throwable cause) {
        if (!queryWaitExpired) {
            return cause;
        }
        queryWaitExpired = false;
        return PgErrorException.fatal(SqlState.TOO_MANY_CONNECTIONS,
                "no server connection within query_wait_timeout (" + queryWaitLimit.toMillis() + " ms)",
                "The pool is busy or no primary is available; raise limits.query_wait_timeout or pool.size.");
    }

    static PgErrorException idleInTransactionError() {
        // PostgreSQL's own SQLSTATE and wording for idle_in_transaction_session_timeout.
        return PgErrorException.fatal(SqlState.IDLE_IN_TRANSACTION_TIMEOUT,
                "terminating connection due to idle-in-transaction timeout");
    }

    void cancelAll() {
        clientActive();
        serverLeaseEnded();
    }

    private ScheduledFuture<?> schedule(Duration limit, Runnable action) {
        return limit.isZero() ? null : loop.schedule(action, limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
