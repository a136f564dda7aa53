package dev.pgrelay.bench.pool;

import dev.pgrelay.bench.AverageTimeBenchmark;
import dev.pgrelay.proxy.net.Transport;
import dev.pgrelay.proxy.pool.PoolKey;
import dev.pgrelay.proxy.pool.PoolSettings;
import dev.pgrelay.proxy.pool.ServerPool;
import dev.pgrelay.proxy.server.OfflineServerConnections;
import dev.pgrelay.proxy.server.ServerCredential;
import dev.pgrelay.proxy.server.ServerConnection;
import dev.pgrelay.proxy.server.ServerConnector;
import dev.pgrelay.proxy.tls.ServerTls;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Time for one lease and release of an idle server connection ({@link ServerPool#acquire}, then
 * {@link ServerPool#release}) with 1, 4 and 16 threads on one pool: in transaction pooling every transaction
 * pays it, and the threads — pgrelay's EventLoops — meet on the pool's lock.
 */
@State(Scope.Benchmark)
public class ServerPoolBenchmark extends AverageTimeBenchmark {
    /** Room for one connection per thread at the most threads measured. */
    static final int POOL_SIZE = 16;

    private ServerPool pool;

    @Setup
    public void setUp() {
        // The connector is never used: every lease finds an idle connection (see EventLoopThread).
        ServerConnector connector = new ServerConnector(Transport.best(), Duration.ofSeconds(1), ServerTls.DISABLED);
        PoolKey key = new PoolKey(OfflineServerConnections.NODE, OfflineServerConnections.USER,
                OfflineServerConnections.DATABASE);
        ServerCredential unused = ServerCredential.password("unused");
        pool = new ServerPool(key, () -> unused, connector,
                new PoolSettings(POOL_SIZE, 0, Duration.ofSeconds(5), Duration.ZERO, Duration.ZERO), node -> { });
    }

    @TearDown
    public void tearDown() {
        pool.close();
    }

    /**
     * One benchmark thread as one of pgrelay's EventLoops: its loop, and one idle server connection on it that it
     * puts in the pool. The pool never opened that connection, so it counts none as open and would connect for a
     * lease that finds none idle; that never happens, since every thread holds at most one while it asks.
     */
    @State(Scope.Thread)
    public static class EventLoopThread {
        private EmbeddedChannel channel;
        EventLoop loop;

        @Setup
        public void setUp(ServerPoolBenchmark benchmark) {
            channel = new EmbeddedChannel();   // its loop runs listeners on the calling thread
            loop = channel.eventLoop();
            benchmark.pool.release(OfflineServerConnections.idle(channel));
        }

        @TearDown
        public void tearDown() {
            channel.finishAndReleaseAll();
        }
    }

    @Benchmark
    @Threads(1)
    public ServerConnection leaseAndRelease1Thread(EventLoopThread thread) {
        return leaseAndRelease(thread.loop);
    }

    @Benchmark
    @Threads(4)
    public ServerConnection leaseAndRelease4Threads(EventLoopThread thread) {
        return leaseAndRelease(thread.loop);
    }

    @Benchmark
    @Threads(16)
    public ServerConnection leaseAndRelease16Threads(EventLoopThread thread) {
        return leaseAndRelease(thread.loop);
    }

    /** Leases a connection for a client on {@code loop} and gives it back clean, as a transaction's end does. */
    ServerConnection leaseAndRelease(EventLoop loop) {
        ServerConnection leased = pool.acquire(loop).getNow();
        if (leased == null) {
            throw new IllegalStateException("the pool had no idle connection for a lease");
        }
        pool.release(leased);
        return leased;
    }

    ServerPool pool() {
        return pool;
    }
}
