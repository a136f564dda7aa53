package dev.pgrelay;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.config.UserConfig;
import dev.pgrelay.proxy.RelayContext;
import dev.pgrelay.proxy.Router;
import dev.pgrelay.proxy.admin.AdminActions;
import dev.pgrelay.proxy.admin.ReloadPlan;
import dev.pgrelay.proxy.http.AdminHttpServer;
import dev.pgrelay.proxy.ledger.AvailabilityLedger;
import dev.pgrelay.proxy.metrics.RelayMetrics;
import dev.pgrelay.proxy.client.ClientChannelInitializer;
import dev.pgrelay.proxy.client.ClientRegistry;
import dev.pgrelay.proxy.client.ClientTracker;
import dev.pgrelay.proxy.client.Credentials;
import dev.pgrelay.proxy.client.SessionPins;
import dev.pgrelay.proxy.client.StalledServerReaper;
import dev.pgrelay.proxy.client.StatementAnalyzer;
import dev.pgrelay.proxy.net.Transport;
import dev.pgrelay.proxy.pool.PoolRegistry;
import dev.pgrelay.proxy.pool.PoolStats;
import dev.pgrelay.proxy.security.LoginPolicy;
import dev.pgrelay.proxy.server.ServerConnector;
import dev.pgrelay.proxy.sql.PinReason;
import dev.pgrelay.proxy.tls.ServerTls;
import dev.pgrelay.proxy.topology.HealthChecker;
import dev.pgrelay.proxy.topology.Topology;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
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

    private final EventLoopGroup group;
    private final Channel listener;
    private final RelayContext context;
    private final ClientTracker tracker;
    private final HealthChecker healthChecker;
    private final LiveReconfiguration live;
    private final io.netty.util.concurrent.ScheduledFuture<?> maintenance;
    private final Operations operations;
    private volatile boolean closed;
    /** Where RELOAD and SIGHUP read the configuration from; none for an embedded relay until set. */
    private volatile Callable<PgRelayConfig> configSource;
    /** What SHUTDOWN on the admin console does; by default the relay closes itself on a new thread. */
    private volatile Runnable shutdownRequest = () -> new Thread(this::close, "pgrelay-shutdown").start();

    private PgRelay(EventLoopGroup group, Channel listener, RelayContext context,
                    ClientTracker tracker, HealthChecker healthChecker, LiveReconfiguration live,
                    io.netty.util.concurrent.ScheduledFuture<?> maintenance, Operations operations) {
        this.live = live;
        this.operations = operations;
        this.group = group;
        this.listener = listener;
        this.context = context;
        this.tracker = tracker;
        this.healthChecker = healthChecker;
        this.maintenance = maintenance;
    }

    /** A periodic task that throws is never run again by the scheduler: log and go on instead. */
    private static void runGuarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("{} failed; trying again in a second", what, e);
        }
    }

    /** Starts pgrelay; throws {@link PgRelayStartException} with a clear message if it cannot listen. */
    public static PgRelay start(PgRelayConfig config) {
        Transport transport = Transport.best();
        int threads = Integer.getInteger("pgrelay.threads", Runtime.getRuntime().availableProcessors());
        EventLoopGroup group = transport.newGroup(threads, new DefaultThreadFactory("pgrelay", true));
        HealthChecker healthChecker = null;
        Operations operations = null;
        try {
            ServerConnector connector = new ServerConnector(transport, config.limits().serverConnectTimeout(),
                    ServerTls.from(config));
            Topology topology = new Topology(config.nodes());
            PoolRegistry pools = new PoolRegistry(config, connector, topology::suspect);
            topology.onNodeRetired(pools::drain);
            Router router = new Router(topology, pools, config.failover().waitForPrimary(), config.routing());
            RelayContext context = new RelayContext(config, transport, new Credentials(),
                    new ClientRegistry(config.pool().maxClients()), pools, topology, router,
                    StatementAnalyzer.standard(Set.copyOf(config.routing().readOnlyFunctions())),
                    LoginPolicy.from(config), new SessionPins());
            healthChecker = new HealthChecker(topology, connector, config.health(),
                    probeUser(config), "postgres", group);
            healthChecker.start();
            ClientTracker tracker = new ClientTracker();
            AtomicReference<PgRelay> self = new AtomicReference<>();
            operations = Operations.start(config, context, tracker, connector, relayActions(self));
            Channel listener = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannelClass())
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                    .childHandler(new ClientChannelInitializer(context, tracker, operations.metrics()::clientByteMeter))
                    .bind(config.listen().host(), config.listen().port())
                    .syncUninterruptibly()
                    .channel();
            EventLoop maintenanceLoop = group.next();
            StalledServerReaper stalled = new StalledServerReaper(topology, tracker, () -> context.config().health(),
                    transport);
            var maintenance = maintenanceLoop.scheduleWithFixedDelay(() -> {
                runGuarded("pool maintenance", () -> pools.maintain(maintenanceLoop));
                runGuarded("the stalled-connection sweep", stalled::sweep);
            }, 1, 1, TimeUnit.SECONDS);
            operations.startHttp(config, () -> new AdminHttpServer.Readiness(listener.isActive() && self.get() != null && !self.get().closed,
                    context.topology().primary().map(NodeConfig::name).orElse(null)));
            PgRelay relay = new PgRelay(group, listener, context, tracker, healthChecker,
                    new LiveReconfiguration(context, connector, healthChecker), maintenance, operations);
            self.set(relay);
            log.info("pgrelay {} listening on {} ({} transport, {} pooling, {} node(s))", version(),
                    relay.host() + ":" + relay.port(), transport.name(), config.pool().mode().name().toLowerCase(),
                    config.nodes().size());
            return relay;
        } catch (Throwable e) {   // Netty rethrows checked bind errors (e.g. NativeIoException) undeclared
            if (healthChecker != null) {
                healthChecker.close();
            }
            if (operations != null) {
                operations.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            String problem = e instanceof java.io.IOException
                    ? "pgrelay could not listen on " + config.listen() + ": " + e.getMessage()
                    : "pgrelay could not start: " + e;
            throw new PgRelayStartException(problem, e);
        }
    }

    /** The health checker logs in as the first configured user; PostgreSQL's "postgres" database always exists. */
    static UserConfig probeUser(PgRelayConfig config) {
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

    /** The configuration running now; {@link #reload(PgRelayConfig)} replaces it. */
    public PgRelayConfig config() {
        return context.config();
    }

    /** Prometheus metrics; {@code metrics().scrape()} is what /metrics serves. */
    public RelayMetrics metrics() {
        return operations.metrics();
    }

    /** The availability ledger: failovers with RTO and RPO, write and read availability. */
    public AvailabilityLedger ledger() {
        return operations.ledger();
    }

    /** Where admin_http listens (port 0 in the config picks a free one); empty when admin_http is not set. */
    public Optional<InetSocketAddress> adminHttpAddress() {
        return operations.httpAddress();
    }

    /**
     * Applies a new configuration without dropping clients (see {@link ReloadPlan} for what changes live) and
     * returns the plan: what is running now and which changed keys wait for a restart.
     */
    public synchronized ReloadPlan reload(PgRelayConfig loaded) {
        ReloadPlan plan = ReloadPlan.between(context.config(), loaded);
        live.apply(plan.effective());
        if (plan.needsRestart().isEmpty()) {
            log.info("configuration reloaded");
        } else {
            log.warn("configuration reloaded; changes to {} take effect only after a restart", plan.needsRestart());
        }
        return plan;
    }

    /**
     * RELOAD / SIGHUP: reads the configuration from the source set by {@link #reloadFrom} and applies it. An
     * invalid file throws with the reason, and the running configuration stays.
     */
    public ReloadPlan reload() {
        Callable<PgRelayConfig> source = configSource;
        if (source == null) {
            throw new IllegalStateException("this pgrelay was started without a configuration file to re-read");
        }
        PgRelayConfig loaded;
        try {
            loaded = source.call();
        } catch (Exception e) {
            log.warn("reload rejected, running configuration kept: {}", e.getMessage());
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return reload(loaded);
    }

    /** Where {@link #reload()} (RELOAD, SIGHUP) reads the configuration, e.g. {@code () -> ConfigLoader.load(file)}. */
    public void reloadFrom(Callable<PgRelayConfig> source) {
        this.configSource = source;
    }

    /** What SHUTDOWN on the admin console does, e.g. the CLI's stop signal; by default close() on a new thread. */
    public void onShutdownRequested(Runnable request) {
        this.shutdownRequest = request;
    }

    private static AdminActions relayActions(AtomicReference<PgRelay> self) {
        return new AdminActions() {
            @Override
            public CompletableFuture<Void> pause() {
                return self.get().pauseAsync();
            }

            @Override
            public CompletableFuture<Void> pause(String database) {
                return self.get().pauseAsync(database);
            }

            @Override
            public void resume() {
                self.get().resume();
            }

            @Override
            public void resume(String database) {
                self.get().resume(database);
            }

            @Override
            public String reload() {
                List<String> restart = self.get().reload().needsRestart();
                return restart.isEmpty() ? "" : "reloaded; these changes take effect only after a restart: "
                        + String.join(", ", restart);
            }

            @Override
            public void shutdown() {
                log.info("SHUTDOWN requested on the admin console");
                self.get().shutdownRequest.run();
            }
        };
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
        return completable(context.router().pause(group.next()));
    }

    /**
     * PgBouncer's PAUSE db: as {@link #pauseAsync()}, for the clients of {@code database} alone; every other
     * database keeps working. Completes once none of its server connections is leased.
     */
    public CompletableFuture<Void> pauseAsync(String database) {
        return completable(context.router().pause(database, group.next()));
    }

    private static CompletableFuture<Void> completable(io.netty.util.concurrent.Future<Void> quietFuture) {
        CompletableFuture<Void> quiet = new CompletableFuture<>();
        quietFuture.addListener(f -> {
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

    /** PgBouncer's RESUME db: the held transactions of {@code database} go on. */
    public void resume(String database) {
        context.router().resume(database);
    }

    public boolean isPaused() {
        return context.router().isPaused();
    }

    /** Whether {@code database} is paused (by PAUSE db; PAUSE of every database is {@link #isPaused()}). */
    public boolean isPaused(String database) {
        return context.router().isPaused(database);
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
        Duration drain = context.config().limits().shutdownTimeout();
        try {
            if (!tracker.awaitEmpty(drain)) {
                log.warn("{} client(s) still busy after {} ms; closing them", tracker.size(), drain.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        maintenance.cancel(false);
        healthChecker.close();
        operations.close();
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
