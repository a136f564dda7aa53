package dev.pgrelay.proxy.topology;

import dev.pgrelay.config.HealthConfig;
import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.config.UserConfig;
import dev.pgrelay.proxy.server.InternalQuery;
import dev.pgrelay.proxy.server.ServerConnection;
import dev.pgrelay.proxy.server.ServerConnector;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every node every health.interval over a dedicated connection: can we reach it, and is it in recovery?
 * Results go to the {@link Topology}. A failed check closes the probe connection so the next one reconnects.
 */
public final class HealthChecker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthChecker.class);
    static final String PROBE_SQL = "SELECT pg_catalog.pg_is_in_recovery()";

    private final Topology topology;
    private final ServerConnector connector;
    private final HealthConfig settings;
    private final UserConfig probeUser;
    private final String probeDatabase;
    private final List<NodeProbe> probes = new ArrayList<>();

    public HealthChecker(Topology topology, ServerConnector connector, HealthConfig settings, UserConfig probeUser,
                         String probeDatabase, EventLoopGroup group) {
        this.topology = topology;
        this.connector = connector;
        this.settings = settings;
        this.probeUser = probeUser;
        this.probeDatabase = probeDatabase;
        for (NodeConfig node : topology.nodes()) {
            probes.add(new NodeProbe(node, group.next()));
        }
    }

    public void start() {
        probes.forEach(NodeProbe::checkNow);
    }

    @Override
    public void close() {
        probes.forEach(NodeProbe::stop);
    }

    /** One node's probe: runs on a single EventLoop, so its fields need no locks. */
    private final class NodeProbe {
        private final NodeConfig node;
        private final EventLoop loop;
        private ServerConnection connection;
        private boolean checking;
        private volatile boolean stopped;

        NodeProbe(NodeConfig node, EventLoop loop) {
            this.node = node;
            this.loop = loop;
        }

        void checkNow() {
            loop.execute(this::check);
        }

        private void check() {
            if (stopped || checking) {
                return;
            }
            checking = true;
            long started = System.nanoTime();
            Future<ServerConnection> connected = connection != null && connection.isOpen()
                    ? loop.newSucceededFuture(connection)
                    : connector.connect(node, probeUser.name(), probeUser.password(), probeDatabase, loop);
            connected.addListener((Future<ServerConnection> c) -> {
                if (!c.isSuccess()) {
                    finish(null, started, c.cause());
                    return;
                }
                connection = c.getNow();
                var query = InternalQuery.run(connection, List.of(PROBE_SQL), loop);
                var timeout = loop.schedule(() -> query.cancel(false), settings.timeout().toMillis(),
                        TimeUnit.MILLISECONDS);
                query.addListener((Future<List<List<String>>> q) -> {
                    timeout.cancel(false);
                    finish(q.isSuccess() ? q.getNow() : null, started,
                            q.isSuccess() ? null : q.isCancelled() ? new IllegalStateException("check timed out")
                                    : q.cause());
                });
            });
        }

        private void finish(List<List<String>> rows, long started, Throwable failure) {
            checking = false;
            NodeHealth previous = topology.health(node);
            if (failure == null && rows.size() == 1) {
                boolean inRecovery = "t".equals(rows.get(0).get(0));
                Duration latency = Duration.ofNanos(System.nanoTime() - started);
                topology.update(node, previous.succeeded(
                        inRecovery ? NodeHealth.Role.REPLICA : NodeHealth.Role.PRIMARY, latency));
            } else {
                String error = failure == null ? "unexpected probe result " + rows : String.valueOf(failure.getMessage());
                if (previous.consecutiveFailures() == 0) {
                    log.warn("health check of {} failed: {}", node.name(), error);
                }
                if (connection != null) {
                    connection.close();
                    connection = null;
                }
                topology.update(node, previous.failed(error, settings.failuresBeforeDown()));
            }
            if (!stopped) {
                loop.schedule(this::check, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        void stop() {
            stopped = true;
            loop.execute(() -> {
                if (connection != null) {
                    connection.close();
                }
            });
        }
    }
}
