package dev.pgrelay.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.config.ServerTlsConfig;
import dev.pgrelay.config.ServerTlsMode;
import dev.pgrelay.proxy.PgErrorException;
import dev.pgrelay.proxy.net.Transport;
import dev.pgrelay.proxy.tls.ServerTls;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** server_connect_timeout bounds the whole connect + login, and tls.server modes refuse a server without TLS. */
class ServerConnectorLimitsTest {
    private static final Transport TRANSPORT = Transport.best();
    private static EventLoopGroup group;

    @BeforeAll
    static void startLoop() {
        group = TRANSPORT.newGroup(1, new DefaultThreadFactory("connector-test", true));
    }

    @AfterAll
    static void stopLoop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aServerThatAcceptsButNeverAnswersFailsAfterServerConnectTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {   // the kernel completes the TCP handshake; nobody reads
            ServerConnector connector = new ServerConnector(TRANSPORT, Duration.ofMillis(300), ServerTls.DISABLED);
            long started = System.nanoTime();

            Throwable failure = connect(connector, silent.getLocalPort());

            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(failure).isInstanceOf(PgErrorException.class).hasMessageContaining("timed out after 300 ms");
            assertThat(((PgErrorException) failure).error().sqlState()).isEqualTo("08006");
            assertThat(tookMillis).isBetween(250L, 3000L);
        }
    }

    @Test
    void requireModeRefusesAServerThatAnswersNoToSslRequest() throws Exception {
        assertThat(answerSslRequestWithNo(ServerTlsMode.REQUIRE))
                .hasMessageContaining("server does not support SSL, but tls.server.mode is require");
    }

    @Test
    void preferModeGoesOnInPlaintextWhenTheServerSaysNo() throws Exception {
        // After 'N' the connector sends its StartupMessage; the fake server then closes: a login failure, not TLS.
        assertThat(answerSslRequestWithNo(ServerTlsMode.PREFER)).hasMessageContaining("closed the connection");
    }

    private static Throwable answerSslRequestWithNo(ServerTlsMode mode) throws Exception {
        try (ServerSocket fake = new ServerSocket(0)) {
            Thread server = new Thread(() -> {
                try (Socket client = fake.accept()) {
                    InputStream in = client.getInputStream();
                    in.readNBytes(8);   // the SSLRequest
                    client.getOutputStream().write('N');
                    client.getOutputStream().flush();
                    client.setSoTimeout(2000);
                    in.read();   // the StartupMessage (prefer) or nothing (require closes)
                } catch (Exception ignored) {
                    // the test asserts on the connector's side
                }
            });
            server.start();
            ServerTls tls = ServerTls.of(new ServerTlsConfig(mode, Optional.empty()));
            Throwable failure = connect(new ServerConnector(TRANSPORT, Duration.ofSeconds(3), tls), fake.getLocalPort());
            server.join(5000);
            return failure;
        }
    }

    private static Throwable connect(ServerConnector connector, int port) {
        NodeConfig node = new NodeConfig("127.0.0.1:" + port, "127.0.0.1", port, 1);
        Future<ServerConnection> connecting = connector.connect(node, "app", "secret", "app", (io.netty.channel.EventLoop) group.next());
        connecting.awaitUninterruptibly(10, TimeUnit.SECONDS);
        assertThat(connecting.isDone()).as("connect finished").isTrue();
        return connecting.cause();
    }
}
