package dev.pgrelay.proxy.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.config.ConfigLoader;
import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.config.UserConfig;
import dev.pgrelay.proxy.PgErrorException;
import dev.pgrelay.proxy.net.Transport;
import dev.pgrelay.proxy.server.ServerConnection;
import dev.pgrelay.proxy.server.ServerConnector;
import dev.pgrelay.proxy.tls.ServerTls;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A reload that removes a node retires its pools: they lease nothing more, and no new pool is made for it. */
class PoolRegistryReloadTest {
    private static final String TWO_NODES = """
            nodes: [{ host: 127.0.0.1, port: 5432, name: a }, { host: 127.0.0.1, port: 5433, name: b }]
            users: [{ name: app, password: pw }]
            """;

    private final PgRelayConfig config = ConfigLoader.parse(TWO_NODES, "two.yaml");
    private final PoolRegistry pools = new PoolRegistry(config,
            new ServerConnector(Transport.best(), Duration.ofSeconds(1), ServerTls.DISABLED), node -> { });
    private final UserConfig app = config.users().get(0);
    private final NodeConfig a = config.nodes().get(0);
    private final NodeConfig b = config.nodes().get(1);
    private final EventLoop loop = new DefaultEventLoop();

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private PgRelayConfig withoutB() {
        return ConfigLoader.parse(TWO_NODES.replace(", { host: 127.0.0.1, port: 5433, name: b }", ""), "one.yaml");
    }

    @Test
    void aRemovedNodesPoolIsForgottenAndRefusesLeasesWith08006() {
        ServerPool onB = pools.pool(b, app, "db");
        ServerPool onA = pools.pool(a, app, "db");

        pools.reconfigure(withoutB());

        assertThat(pools.pools()).containsExactly(onA);
        assertRefusedAsRemoved(onB);
        assertThat(onB.isClosed()).as("retired, not shut down: the router looks for another node").isFalse();
    }

    @Test
    void aRouterLateForTheReloadGetsARetiredPoolForTheRemovedNode() {
        pools.reconfigure(withoutB());

        ServerPool late = pools.pool(b, app, "db");

        assertRefusedAsRemoved(late);
        assertThat(pools.pools()).doesNotContain(late);
    }

    private void assertRefusedAsRemoved(ServerPool pool) {
        Future<ServerConnection> lease = pool.acquire(loop).awaitUninterruptibly();
        assertThat(lease.cause()).isInstanceOfSatisfying(PgErrorException.class, e -> {
            assertThat(e.error().sqlState()).isEqualTo("08006");
            assertThat(e.error().message()).contains("removed");
        });
    }
}
