package dev.pgrelay;

import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.config.UserConfig;
import dev.pgrelay.proxy.RelayContext;
import dev.pgrelay.proxy.Router;
import dev.pgrelay.proxy.client.ClientChannelInitializer;
import dev.pgrelay.proxy.client.ClientRegistry;
import dev.pgrelay.proxy.client.ClientTracker;
import dev.pgrelay.proxy.client.Credentials;
import dev.pgrelay.proxy.client.SessionPins;
import dev.pgrelay.proxy.client.StatementAnalyzer;
import dev.pgrelay.proxy.net.Transport;
import dev.pgrelay.proxy.pool.PoolRegistry;
import dev.pgrelay.proxy.pool.PoolStats;
import dev.pgrelay.proxy.server.ServerConnector;
import dev.pgrelay.proxy.sql.PinReason;
import dev.pgrelay.proxy.tls.ServerTls;
import dev.pgrelay.proxy.topology.HealthChecker;
import dev.pgrelay.proxy.topology.Topology;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running pgrelay: the embedding API. {@code PgRelay.start(config)} binds the listen address and returns once
 * clients can connect; {@link #close()} stops accepting, lets running transactions finish (bounded by
 * limits.shutdown_timeout) and releases everything.
 */
public final class PgRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PgRelay.class);

    private final PgRelayConfig config;
    private final EventLoopGroup group;
    private final Channel listener;
    private final RelayContext context;
    private final ClientTracker tracker;
    private final HealthChecker healthChecker;
    private final io.netty.util.concurrent.ScheduledFuture<?> maintenance;
    private volatile boolean closed;

    private PgRelay(PgRelayConfig config, EventLoopGroup group, Channel listener, RelayContext context,
                    ClientTracker tracker, HealthChecker healthChecker,
                    io.netty.util.concurrent.ScheduledFuture<?> maintenance) {
        this.config = config;
        this.group = group;
        this.listener = listener;
        this.context = context;
        this.tracker = tracker;
        this.healthChecker = healthChecker;
        this.maintenance = maintenance;
    }

    /** Starts pgrelay; throws {@link PgRelayStartException} with a clear message if it cannot listen. */
    public static PgRelay start(PgRelayConfig config) {
        Transport transport = Transport.best();
        int threads = Integer.getInteger("pgrelay.threads", Runtime.getRuntime().availableProcessors());
        EventLoopGroup group = transport.newGroup(threads, new DefaultThreadFactory("pgrelay", true));
        HealthChecker healthChecker = null;
        try {
            ServerConnector connector = new ServerConnector(transport, config.limits().serverConnectTimeout(),
                    ServerTls.from(config));
            Topology topology = new Topology(config.nodes());
            PoolRegistry pools = new PoolRegistry(config, connector, topology::suspect);
            topology.onNodeRetired(pools::drain);
            Router router = new Router(topology, pools, config.failover().waitForPrimary(), config.routing());
            RelayContext context = new RelayContext(config, transport, new Credentials(),
                    new ClientRegistry(config.pool().maxClients()), pools, topology, router,
                    StatementAnalyzer.standard(Set.copyOf(config.routing().readOnlyFunctions())), new SessionPins());
            healthChecker = new HealthChecker(topology, connector, config.health(),
                    probeUser(config), "postgres", group);
            healthChecker.start();
            ClientTracker tracker = new ClientTracker();
            Channel listener = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannelClass())
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                    .childHandler(new ClientChannelInitializer(context, tracker))
                    .bind(config.listen().host(), config.listen().port())
                    .syncUninterruptibly()
                    .channel();
            var maintenance = group.next().scheduleWithFixedDelay(pools::evictExpired, 1, 1, TimeUnit.SECONDS);
            PgRelay relay = new PgRelay(config, group, listener, context, tracker, healthChecker, maintenance);
            log.info("pgrelay {} listening on {} ({} transport, {} pooling, {} node(s))", version(),
                    relay.host() + ":" + relay.port(), transport.name(), config.pool().mode().name().toLowerCase(),
                    config.nodes().size());
            return relay;
        } catch (Throwable e) {   // Netty rethrows checked bind errors (e.g. NativeIoException) undeclared
            if (healthChecker != null) {
                healthChecker.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            String problem = e instanceof java.io.IOException
                    ? "pgrelay could not listen on " + config.listen() + ": " + e.getMessage()
                    : "pgrelay could not start: " + e;
            throw new PgRelayStartException(problem, e);
        }
    }

    /** The health checker logs in as the first configured user; PostgreSQL's "postgres" database always exists. */
    private static UserConfig probeUser(PgRelayConfig config) {
        return config.users().get(0);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    public String host() {
        return address().getHostString();
    }

    public int port() {
        return address().getPort();
    }

    public PgRelayConfig config() {
        return config;
    }

    public List<PoolStats> poolStats() {
        return context.pools().stats();
    }

    /** How many clients were pinned to their server connection for this reason since start. */
    public long pinnedClients(PinReason reason) {
        return context.pins().count(reason);
    }

    public int connectedClients() {
        return context.clients().connectedClients();
    }

    /** The cluster as pgrelay sees it: each node's health, the primary, fenced nodes, split-brain count. */
    public Topology topology() {
        return context.topology();
    }

    /**
     * Planned switchover, step 1 (PgBouncer's PAUSE): new transactions (and new clients' logins) are held, and
     * this returns once no server connection is leased any more, i.e. every running transaction has finished.
     * In session pooling that means every client has disconnected. Waits as long as that takes; use
     * {@link #pauseAsync()} to bound the wait. Held transactions do not time out by failover.wait_for_primary
     * while paused: that wait starts at {@link #resume()}.
     */
    public void pause() {
        pauseAsync().join();
    }

    /**
     * {@link #pause()} without blocking: the future completes when no server connection is leased, or fails
     * with a CancellationException if {@link #resume()} comes first. Safe to call on an EventLoop.
     */
    public CompletableFuture<Void> pauseAsync() {
        CompletableFuture<Void> quiet = new CompletableFuture<>();
        context.router().pause(group.next()).addListener(f -> {
            if (f.isSuccess()) {
                quiet.complete(null);
            } else {
                quiet.completeExceptionally(f.cause());
            }
        });
        return quiet;
    }

    /** Planned switchover, last step (PgBouncer's RESUME): held transactions go on, to the current primary. */
    public void resume() {
        context.router().resume();
    }

    public boolean isPaused() {
        return context.router().isPaused();
    }

    /** Graceful stop: no new clients, running transactions may finish within limits.shutdown_timeout. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        listener.close().syncUninterruptibly();
        context.router().resume();   // held transactions may run and finish within the drain below
        tracker.beginShutdown();
        Duration drain = config.limits().shutdownTimeout();
        try {
            if (!tracker.awaitEmpty(drain)) {
                log.warn("{} client(s) still busy after {} ms; closing them", tracker.size(), drain.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        maintenance.cancel(false);
        healthChecker.close();
        context.pools().closeAll();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        log.info("pgrelay stopped");
    }

    public static String version() {
        String version = PgRelay.class.getPackage().getImplementationVersion();
        return version != null ? version : VersionHolder.VERSION;
    }

    /** Reads the version Maven wrote into a resource, for runs from classes rather than the jar. */
    private static final class VersionHolder {
        static final String VERSION = load();

        private static String load() {
            try (var in = PgRelay.class.getResourceAsStream("/dev/pgrelay/version.properties")) {
                if (in == null) {
                    return "dev";
                }
                var properties = new java.util.Properties();
                properties.load(in);
                return properties.getProperty("version", "dev");
            } catch (java.io.IOException e) {
                return "dev";
            }
        }
    }
}
