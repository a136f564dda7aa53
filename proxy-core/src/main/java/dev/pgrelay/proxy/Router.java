package dev.pgrelay.proxy;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.config.UserConfig;
import dev.pgrelay.proxy.pool.PoolRegistry;
import dev.pgrelay.proxy.pool.ServerPool;
import dev.pgrelay.proxy.topology.Topology;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.time.Duration;

/**
 * Decides which pool serves a client's next piece of work. Today every session and transaction goes to the
 * primary; when there is none yet, the request waits up to failover.wait_for_primary.
 */
public final class Router {
    private final Topology topology;
    private final PoolRegistry pools;
    private final Duration waitForPrimary;

    public Router(Topology topology, PoolRegistry pools, Duration waitForPrimary) {
        this.topology = topology;
        this.pools = pools;
        this.waitForPrimary = waitForPrimary;
    }

    /** The primary's pool for this user and database; listeners run on {@code loop}. */
    public Future<ServerPool> primaryPool(UserConfig user, String database, EventLoop loop) {
        Promise<ServerPool> result = loop.newPromise();
        topology.awaitPrimary(loop, waitForPrimary).addListener((Future<NodeConfig> f) -> {
            if (f.isSuccess()) {
                result.trySuccess(pools.pool(f.getNow(), user, database));
            } else {
                result.tryFailure(f.cause());
            }
        });
        return result;
    }
}
