package dev.pgrelay.proxy;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.config.RoutingConfig;
import dev.pgrelay.config.UserConfig;
import dev.pgrelay.proxy.balance.BalanceStrategy;
import dev.pgrelay.proxy.balance.ReadCandidate;
import dev.pgrelay.proxy.topology.ReadReplicas;
import dev.pgrelay.protocol.SqlState;
import dev.pgrelay.proxy.pool.PoolRegistry;
import dev.pgrelay.proxy.pool.ServerPool;
import dev.pgrelay.proxy.server.ServerConnection;
import dev.pgrelay.proxy.topology.DatabasePauses;
import dev.pgrelay.proxy.topology.SwitchoverPause;
import dev.pgrelay.proxy.topology.Topology;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which server connection serves a client's next piece of work: writes, transactions and sessions go
 * to the primary; with routing.read_write_split, read-only work may go to a replica ({@link #leaseForRead}). A lease rides out a failover: it waits for a primary, and when connecting to it fails
 * the way a dead or restarting server fails, it marks the node suspect and waits for a (new) primary again —
 * until failover.wait_for_primary has passed since the lease began. A planned switchover pauses leases
 * altogether ({@link #pause}, {@link #resume}), or those of one database. A reload replaces the routing and
 * failover settings ({@link #reconfigure}); each lease reads them once, with one volatile load.
 */
public final class Router {
    private static final Logger log = LoggerFactory.getLogger(Router.class);

    private final Topology topology;
    private final PoolRegistry pools;
    private final DatabasePauses pauses = new DatabasePauses();
    private final ReadReplicas readReplicas;
    private volatile Policy policy;

    /** routing.* and failover.wait_for_primary as one immutable snapshot, so a reload swaps them together. */
    private record Policy(RoutingConfig routing, BalanceStrategy balance, Duration waitForPrimary) {
    }

    /** A leased server connection and the pool it must go back to. */
    public record Lease(ServerPool pool, ServerConnection server) {
    }

    public Router(Topology topology, PoolRegistry pools, Duration waitForPrimary, RoutingConfig routing) {
        this.topology = topology;
        this.pools = pools;
        this.readReplicas = new ReadReplicas(topology, pools::leasedConnections);
        this.policy = new Policy(routing, BalanceStrategy.of(routing.balance()), waitForPrimary);
        pools.onDatabaseForgotten(pauses::forgetIfUnused);
    }

    /**
     * A reload: leases from now on use the new routing and wait_for_primary. A strategy that did not change keeps
     * its state (the round-robin position, the weighted counters), so balancing does not restart.
     */
    public void reconfigure(RoutingConfig routing, Duration waitForPrimary) {
        Policy current = policy;
        BalanceStrategy balance = current.routing().balance() == routing.balance()
                ? current.balance() : BalanceStrategy.of(routing.balance());
        policy = new Policy(routing, balance, waitForPrimary);
    }

    /**
     * Leases a connection for a read-only transaction or statement: a usable replica chosen by routing.balance
     * (see {@link ReadReplicas}), or the primary when none qualifies or a replica cannot be reached.
     *
     * @param minReplayPosition for read-your-writes, the WAL position (bytes) the node must have replayed; 0 for none
     */
    public Future<Lease> leaseForRead(UserConfig user, String database, EventLoop loop, long minReplayPosition) {
        Promise<Lease> result = loop.newPromise();
        leaseForRead(user, database, loop, minReplayPosition, result);
        return result;
    }

    private void leaseForRead(UserConfig user, String database, EventLoop loop, long minReplayPosition,
                              Promise<Lease> result) {
        Runnable retry = () -> leaseForRead(user, database, loop, minReplayPosition, result);
        if (pauses.gate(database).holdIfPaused(loop, retry)) {
            return;
        }
        Policy current = policy;
        List<ReadCandidate> candidates = readReplicas.candidates(current.routing(), minReplayPosition);
        NodeConfig node = candidates.isEmpty() ? null : current.balance().choose(candidates);
        if (node == null || node.equals(topology.primary().orElse(null))) {
            forward(leasePrimary(user, database, loop), result);
            return;
        }
        SwitchoverPause entered = pauses.enter(database, loop, retry);
        if (entered == null) {
            return;
        }
        ServerPool pool = pools.pool(node, user, database);
        pool.acquire(loop).addListener((Future<ServerConnection> leased) -> {
            entered.exit();
            if (leased.isSuccess()) {
                if (!result.trySuccess(new Lease(pool, leased.getNow()))) {
                    pool.release(leased.getNow());
                }
            } else if (isConnectionFailure(leased.cause())) {
                log.debug("replica {} unreachable ({}); reading from the primary", node.name(),
                        leased.cause().getMessage());
                topology.suspect(node);
                forward(leasePrimary(user, database, loop), result);
            } else {
                result.tryFailure(leased.cause());
            }
        });
    }

    private static void forward(Future<Lease> from, Promise<Lease> to) {
        from.addListener((Future<Lease> f) -> {
            if (f.isSuccess()) {
                if (!to.trySuccess(f.getNow())) {
                    f.getNow().pool().release(f.getNow().server());
                }
            } else {
                to.tryFailure(f.cause());
            }
        });
    }

    /**
     * Leases a connection to the primary for this user and database; listeners run on {@code loop}. Fails with
     * the server's own error for anything but a connection failure (bad password, unknown database, pool
     * exhausted), and with 08006 once failover.wait_for_primary has passed without a usable primary; that
     * time counts from the call, or from {@link #resume()} for a lease held by a pause.
     */
    public Future<Lease> leasePrimary(UserConfig user, String database, EventLoop loop) {
        PrimaryLease lease = new PrimaryLease(user, database, loop);
        lease.attempt();
        return lease.result;
    }

    /**
     * Holds new leases and completes (on {@code poller}) once no server connection is leased, i.e. every
     * running transaction (transaction pooling) or session (session pooling) has finished.
     */
    public Future<Void> pause(EventExecutor poller) {
        log.info("pausing: new transactions wait until resume");
        return pauses.pauseAll(poller, this::noServerLeased);
    }

    /** {@link #pause(EventExecutor)} for one database: the others keep working. */
    public Future<Void> pause(String database, EventExecutor poller) {
        log.info("pausing database {}: its new transactions wait until resume", database);
        return pauses.pause(database, poller, this::noServerLeased);
    }

    private boolean noServerLeased(String database) {
        return pools.leasedConnections(database) == 0;
    }

    /** Lets held leases of every database continue, to the primary as it is now. */
    public void resume() {
        if (pauses.isPausedAll()) {
            log.info("resuming: held transactions go to {}", primaryName());
        }
        pauses.resumeAll();
    }

    /** Lets held leases of {@code database} continue. */
    public void resume(String database) {
        if (pauses.isPaused(database)) {
            log.info("resuming database {}: held transactions go to {}", database, primaryName());
        }
        pauses.resume(database);
    }

    private String primaryName() {
        return topology.primary().map(NodeConfig::name).orElse("the next primary");
    }

    /** Whether PAUSE (of every database) is in effect. */
    public boolean isPaused() {
        return pauses.isPausedAll();
    }

    public boolean isPaused(String database) {
        return pauses.isPaused(database);
    }

    /** One client's request for a primary connection, through as many attempts as a failover needs. */
    private final class PrimaryLease {
        private final UserConfig user;
        private final String database;
        private final EventLoop loop;
        private final Promise<Lease> result;
        private Duration wait;
        private long deadlineNanos;
        private Throwable lastFailure;

        PrimaryLease(UserConfig user, String database, EventLoop loop) {
            this.user = user;
            this.database = database;
            this.loop = loop;
            this.result = loop.newPromise();
            startWaiting();
        }

        /** The wait for a primary starts (again): failover.wait_for_primary as it is configured now. */
        private void startWaiting() {
            wait = policy.waitForPrimary();
            deadlineNanos = System.nanoTime() + wait.toNanos();
        }

        void attempt() {
            // The gate is looked up at each step, not kept: a database's gate may be dropped and made anew
            // while this lease waits for a primary (see DatabasePauses#forgetIfUnused).
            if (pauses.gate(database).holdIfPaused(loop, this::afterPause)) {
                return;
            }
            topology.awaitPrimary(loop, remaining()).addListener((Future<NodeConfig> primary) -> {
                if (!primary.isSuccess()) {
                    fail(primary.cause());
                    return;
                }
                SwitchoverPause entered = pauses.enter(database, loop, this::afterPause);
                if (entered != null) {
                    acquire(primary.getNow(), entered);
                }
            });
        }

        /** A pause held this lease: its wait for a primary starts over (PgBouncer semantics). */
        private void afterPause() {
            startWaiting();
            attempt();
        }

        private void acquire(NodeConfig node, SwitchoverPause entered) {
            ServerPool pool = pools.pool(node, user, database);
            pool.acquire(loop).addListener((Future<ServerConnection> leased) -> {
                entered.exit();
                if (leased.isSuccess()) {
                    if (!result.trySuccess(new Lease(pool, leased.getNow()))) {
                        pool.release(leased.getNow());
                    }
                } else if (isConnectionFailure(leased.cause()) && !pool.isClosed()) {
                    lastFailure = leased.cause();
                    log.debug("connecting to {} failed ({}); waiting for a primary", node.name(),
                            leased.cause().getMessage());
                    topology.suspect(node);   // routing avoids it until a fresh check says it is fine
                    attempt();
                } else {
                    result.tryFailure(leased.cause());
                }
            });
        }

        private Duration remaining() {
            return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
        }

        /** No usable primary within the wait: 08006, naming the whole wait and what went wrong last. */
        private void fail(Throwable noPrimary) {
            if (!(noPrimary instanceof PgErrorException)) {
                result.tryFailure(noPrimary);
                return;
            }
            String lastAttempt = lastFailure == null ? ""
                    : "; the last attempt failed: "
                            + PgErrorException.toClientError(lastFailure, "connection failed").message();
            result.tryFailure(PgErrorException.fatal(SqlState.CONNECTION_FAILURE,
                    "no primary server available after waiting " + wait.toMillis() + " ms" + lastAttempt,
                    "pgrelay found no reachable, unfenced node where pg_is_in_recovery() is false within"
                            + " failover.wait_for_primary; check the nodes and failover."));
        }
    }

    /**
     * Failures that say "this server is gone or not accepting connections now" (connection exception 08,
     * operator intervention 57P: shutting down, crashed, starting up), as opposed to a problem with this
     * client's request (password, database, pool limits) that waiting for another primary cannot fix.
     */
    private static boolean isConnectionFailure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof PgErrorException pg) {
                String sqlState = pg.error().sqlState();
                return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P"));
            }
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
