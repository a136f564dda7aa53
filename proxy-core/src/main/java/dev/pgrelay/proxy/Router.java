package dev.pgrelay.proxy;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.config.UserConfig;
import dev.pgrelay.proxy.pool.PoolRegistry;
import dev.pgrelay.proxy.pool.ServerPool;
import dev.pgrelay.proxy.server.ServerConnection;
import dev.pgrelay.proxy.topology.Topology;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.time.Duration;

/**
 * Decides which server connection serves a client's next piece of work. Today every session and transaction
 * goes to the primary; when there is none yet, the request waits up to failover.wait_for_primary.
 */
public final class Router {
    private final Topology topology;
    private final PoolRegistry pools;
    private final Duration waitForPrimary;

    /** A leased server connection and the pool it must go back to. */
    public record Lease(ServerPool pool, ServerConnection server) {
    }

    public Router(Topology topology, PoolRegistry pools, Duration waitForPrimary) {
        this.topology = topology;
        this.pools = pools;
        this.waitForPrimary = waitForPrimary;
    }

    /** Leases a connection to the primary for this user and database; listeners run on {@code loop}. */
    public Future<Lease> leasePrimary(UserConfig user, String database, EventLoop loop) {
        Promise<Lease> result = loop.newPromise();
        topology.awaitPrimary(loop, waitForPrimary).addListener((Future<NodeConfig> primary) -> {
            if (!primary.isSuccess()) {
                result.tryFailure(primary.cause());
                return;
            }
            ServerPool pool = pools.pool(primary.getNow(), user, database);
            pool.acquire(loop).addListener((Future<ServerConnection> leased) -> {
                if (leased.isSuccess()) {
                    if (!result.trySuccess(new Lease(pool, leased.getNow()))) {
                        pool.release(leased.getNow());
                    }
                } else {
                    result.tryFailure(leased.cause());
                }
            });
        });
        return result;
    }
}
