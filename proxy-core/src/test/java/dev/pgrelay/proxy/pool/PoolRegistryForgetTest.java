package dev.pgrelay.proxy.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.config.ConfigLoader;
import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.config.UserConfig;
import dev.pgrelay.proxy.net.Transport;
import dev.pgrelay.proxy.server.ServerConnection;
import dev.pgrelay.proxy.server.ServerConnector;
import dev.pgrelay.proxy.tls.ServerTls;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pools that never got a connection logged in (what a made-up database name leaves) are forgotten by the next
 * maintenance pass, and listeners hear the name of each database whose last pool went. Pools that did connect
 * are kept: that needs a real server and is shown by the integration tests' MadeUpDatabaseNamesTest.
 */
class PoolRegistryForgetTest {
    private final int closedPort = closedPort();
    private final PgRelayConfig config = ConfigLoader.parse("""
            nodes: [{ host: 127.0.0.1, port: %d, name: a }, { host: 127.0.0.2, port: %d, name: b }]
            users: [{ name: app, password: pw }]
            """.formatted(closedPort, closedPort), "two.yaml");
    private final PoolRegistry pools = new PoolRegistry(config,
            new ServerConnector(Transport.best(), Duration.ofSeconds(1), ServerTls.DISABLED), node -> { });
    private final UserConfig app = config.users().get(0);
    private final NodeConfig a = config.nodes().get(0);
    private final NodeConfig b = config.nodes().get(1);
    /** A real transport's loop: connections must be able to register on it. */
    private final EventLoopGroup group = Transport.best().newGroup(1, new DefaultThreadFactory("forget-test", true));
    private final EventLoop loop = group.next();
    private final List<String> forgottenDatabases = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopLoop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();   // closed again at once: connecting to it is refused
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void poolsThatNeverConnectedAreForgottenAndEachDatabaseWithoutPoolsIsAnnouncedOnce() {
        pools.onDatabaseForgotten(forgottenDatabases::add);
        ServerPool refused = pools.pool(a, app, "made_up");
        Future<ServerConnection> lease = refused.acquire(loop).awaitUninterruptibly();
        assertThat(lease.cause()).as("refused by the closed port").hasMessageContaining("could not connect");
        pools.pool(b, app, "made_up");
        pools.pool(a, app, "other");

        pools.maintain(loop);

        assertThat(pools.pools()).isEmpty();
        assertThat(forgottenDatabases).containsExactlyInAnyOrder("made_up", "other");
        assertThat(pools.pool(a, app, "made_up")).as("a later lease gets a new pool").isNotSameAs(refused);
    }

    @Test
    void aPoolStillOpeningAConnectionIsKept() throws IOException {
        try (ServerSocket silent = new ServerSocket(0)) {   // accepts (backlog) and never answers the startup
            PgRelayConfig muteConfig = ConfigLoader.parse("""
                    nodes: [{ host: 127.0.0.1, port: %d, name: mute }]
                    users: [{ name: app, password: pw }]
                    """.formatted(silent.getLocalPort()), "mute.yaml");
            NodeConfig mute = muteConfig.nodes().get(0);
            PoolRegistry registry = new PoolRegistry(muteConfig,
                    new ServerConnector(Transport.best(), Duration.ofSeconds(2), ServerTls.DISABLED), node -> { });
            ServerPool connecting = registry.pool(mute, app, "made_up");
            Future<ServerConnection> lease = connecting.acquire(loop);

            registry.maintain(loop);
            assertThat(lease.isDone()).as("still logging in").isFalse();
            assertThat(registry.pools()).containsExactly(connecting);

            assertThat(lease.awaitUninterruptibly(10, TimeUnit.SECONDS)).isTrue();
            assertThat(lease.isSuccess()).isFalse();
            registry.maintain(loop);
            assertThat(registry.pools()).isEmpty();
        }
    }
}
