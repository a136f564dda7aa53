package dev.pgrelay.proxy.topology;

import dev.pgrelay.config.HealthConfig;
import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.config.UserConfig;
import dev.pgrelay.protocol.backend.ErrorResponse;
import dev.pgrelay.protocol.codec.Frames;
import dev.pgrelay.proxy.server.InternalQuery;
import dev.pgrelay.proxy.server.ServerConnection;
import dev.pgrelay.proxy.server.ServerConnector;
import dev.pgrelay.proxy.server.ServerFrameSink;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks one node, one check at a time, on one EventLoop (so its fields need no locks): connect if needed, run
 * {@link HealthQuery}, all within health.timeout, and report to the {@link Topology}. The connection is kept
 * between checks and closed after a failure, so the next check reconnects. Between checks it is watched: a
 * server that ends it (a FATAL such as 57P01 at shutdown, or a plain disconnect) makes the node suspect at once.
 */
final class NodeProbe {
    private static final Logger log = LoggerFactory.getLogger(NodeProbe.class);
    /** The pace while the node is suspected or no primary is known, and the least spacing of urgent checks. */
    static final Duration FAST_INTERVAL = Duration.ofMillis(100);

    private final NodeConfig node;
    private final EventLoop loop;
    private final Topology topology;
    private final ServerConnector connector;
    /** Read at each decision: a reload replaces it (see {@link HealthChecker#reconfigure}). */
    private final Supplier<HealthChecker.ProbeSettings> settings;
    private final String probeDatabase;
    private final ServerFrameSink idleWatch = new IdleWatch();
    private ServerConnection connection;
    private boolean checking;
    private long lastStartedNanos;
    private boolean everStarted;
    private ScheduledFuture<?> nextCheck;
    private volatile boolean stopped;

    NodeProbe(NodeConfig node, EventLoop loop, Topology topology, ServerConnector connector,
              Supplier<HealthChecker.ProbeSettings> settings, String probeDatabase) {
        this.node = node;
        this.loop = loop;
        this.topology = topology;
        this.connector = connector;
        this.settings = settings;
        this.probeDatabase = probeDatabase;
    }

    private HealthConfig health() {
        return settings.get().health();
    }

    private long fastIntervalNanos() {
        return Math.min(FAST_INTERVAL.toNanos(), health().interval().toNanos());
    }

    /**
     * Checks as soon as allowed: now, or {@link #FAST_INTERVAL} after the last check began, so a node that keeps
     * failing under traffic is not probed in a tight loop. A check already running is not repeated; when it
     * ends, the next one follows at the fast pace if the node is still suspected.
     */
    void checkSoon() {
        loop.execute(() -> {
            if (stopped || checking) {
                return;
            }
            long wait = everStarted ? Math.max(0, lastStartedNanos + fastIntervalNanos() - System.nanoTime()) : 0;
            if (nextCheck == null || nextCheck.getDelay(TimeUnit.NANOSECONDS) > wait) {
                scheduleCheck(wait);
            }
        });
    }

    /**
     * The health settings changed: the check waiting for the old interval is moved to the new one, counted from
     * when the last check began. A check running now schedules its successor with the new settings anyway.
     */
    void reschedule() {
        loop.execute(() -> {
            if (stopped || checking || !everStarted) {
                return;
            }
            long pace = topology.needsFastChecks(node) ? fastIntervalNanos() : health().interval().toNanos();
            scheduleCheck(Math.max(0, lastStartedNanos + pace - System.nanoTime()));
        });
    }

    private void scheduleCheck(long delayNanos) {
        if (nextCheck != null) {
            nextCheck.cancel(false);
        }
        nextCheck = loop.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        if (stopped || checking) {
            return;
        }
        checking = true;
        everStarted = true;
        long started = System.nanoTime();
        lastStartedNanos = started;
        Promise<HealthSample> outcome = loop.newPromise();
        Duration limit = health().timeout();
        ScheduledFuture<?> timeout = loop.schedule(() -> outcome.tryFailure(new TimeoutException(
                "no answer within health.timeout (" + limit.toMillis() + " ms)")),
                limit.toNanos(), TimeUnit.NANOSECONDS);
        openConnection().addListener((Future<ServerConnection> connected) -> {
            if (!connected.isSuccess()) {
                outcome.tryFailure(connected.cause());
            } else if (outcome.isDone()) {
                connected.getNow().close();   // logged in after the check had timed out
            } else {
                ServerConnection probed = connected.getNow();
                connection = probed;
                InternalQuery.run(probed, List.of(HealthQuery.SQL), loop).addListener(
                        (Future<List<List<String>>> answered) -> {
                            if (!answered.isSuccess()) {
                                outcome.tryFailure(answered.cause());
                                return;
                            }
                            probed.sink(idleWatch);
                            try {
                                outcome.trySuccess(HealthQuery.parse(answered.getNow()));
                            } catch (RuntimeException e) {
                                outcome.tryFailure(e);
                            }
                        });
            }
        });
        outcome.addListener((Future<HealthSample> f) -> {
            timeout.cancel(false);
            finish(f, started);
        });
    }

    private Future<ServerConnection> openConnection() {
        if (connection != null && connection.isOpen()) {
            return loop.newSucceededFuture(connection);
        }
        connection = null;
        UserConfig probeUser = settings.get().user();
        Future<ServerConnection> connecting = connector.connect(node, probeUser.name(), probeUser.password(),
                probeDatabase, loop);
        connecting.addListener((Future<ServerConnection> f) -> {
            if (f.isSuccess()) {
                ServerConnection opened = f.getNow();
                opened.channel().closeFuture().addListener(closed -> {
                    // Unless pgrelay closed it on its own account, the server or the network ended it:
                    // worth a look at the node before the next interval.
                    if (opened.endedByServer() && !stopped) {
                        topology.suspect(node);
                    }
                });
            }
        });
        return connecting;
    }

    private void finish(Future<HealthSample> outcome, long started) {
        checking = false;
        if (outcome.isSuccess()) {
            topology.checkSucceeded(node, outcome.getNow(), Duration.ofNanos(System.nanoTime() - started), started);
        } else {
            closeConnection();
            topology.checkFailed(node, describe(outcome.cause()), health().failuresBeforeDown());
        }
        if (!stopped) {
            scheduleCheck(topology.needsFastChecks(node) ? fastIntervalNanos() : health().interval().toNanos());
        }
    }

    private void closeConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    private static String describe(Throwable cause) {
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    /** Owns the probe connection between checks: anything the server says then is a farewell. */
    private final class IdleWatch implements ServerFrameSink {
        @Override
        public void onServerFrame(ServerConnection server, ByteBuf frame) {
            try {
                if (Frames.type(frame) == 'E' && !stopped) {
                    ErrorResponse error = ErrorResponse.decode(Frames.body(frame));
                    log.info("{} ended the health check connection: {} {}", node.name(), error.sqlState(),
                            error.message());
                    server.close();
                    topology.suspect(node);
                }
            } finally {
                frame.release();
            }
        }

        @Override
        public void onServerClosed(ServerConnection server, Throwable cause) {
            // The close-future listener in openConnection() tells a server's disconnect from pgrelay's own close.
        }
    }

    void stop() {
        stopped = true;
        loop.execute(() -> {
            if (nextCheck != null) {
                nextCheck.cancel(false);
            }
            closeConnection();
        });
    }
}
