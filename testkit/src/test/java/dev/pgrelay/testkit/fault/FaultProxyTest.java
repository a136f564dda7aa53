package dev.pgrelay.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault proxy in front of a line echo server: what passes, when, and what a client sees under each fault. */
class FaultProxyTest {

    private static final int READ_TIMEOUT_MILLIS = 5_000;

    private ServerSocket echoServer;
    private FaultProxy proxy;

    @BeforeEach
    void startEchoServerBehindProxy() throws IOException {
        echoServer = new ServerSocket();
        echoServer.bind(new InetSocketAddress("127.0.0.1", 0));
        Thread acceptor = new Thread(this::echoEveryConnection, "echo-server");
        acceptor.setDaemon(true);
        acceptor.start();
        proxy = FaultProxy.start("echo", "127.0.0.1", echoServer.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echoServer.close();
    }

    @Test
    void withoutFaultsBytesPassBothWays() throws IOException {
        try (Socket client = connect()) {
            assertThat(roundTrip(client, "hello")).isEqualTo("hello");
            assertThat(proxy.openConnections()).isEqualTo(1);
        }
    }

    @Test
    void latencyDelaysEachDirection() throws IOException {
        proxy.addLatency(Duration.ofMillis(150));
        try (Socket client = connect()) {
            long started = System.nanoTime();
            roundTrip(client, "slow");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void slowQueriesDelaysOnlyTrafficTowardTheServer() throws IOException {
        proxy.slowQueries(Duration.ofMillis(200));
        try (Socket client = connect()) {
            long started = System.nanoTime();
            roundTrip(client, "query");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(200)).isLessThan(Duration.ofMillis(2_000));
        }
    }

    @Test
    void blackholeHoldsTrafficUntilHealedAndThenDeliversIt() throws Exception {
        try (Socket client = connect()) {
            roundTrip(client, "before");
            proxy.blackhole();
            send(client, "held");
            client.setSoTimeout(300);
            assertThatThrownBy(() -> readLine(client)).isInstanceOf(SocketTimeoutException.class);

            proxy.heal();

            client.setSoTimeout(READ_TIMEOUT_MILLIS);
            assertThat(readLine(client)).isEqualTo("held");
        }
    }

    @Test
    void refusingResetsNewConnectionsButKeepsOpenOnes() throws IOException {
        try (Socket open = connect()) {
            // A connection counts as open once the proxy has accepted it: the first round trip proves that.
            roundTrip(open, "before");
            proxy.refuseConnections();
            try (Socket refused = connect()) {
                assertThatThrownBy(() -> roundTrip(refused, "nope")).isInstanceOf(IOException.class);
            }
            assertThat(roundTrip(open, "still here")).isEqualTo("still here");
        }
    }

    @Test
    void partitionCutsOpenConnectionsAndRefusesNewOnesUntilHealed() throws IOException {
        try (Socket open = connect()) {
            roundTrip(open, "before");
            proxy.partition();
            assertThatThrownBy(() -> roundTrip(open, "cut")).isInstanceOf(IOException.class);
            proxy.heal();
            try (Socket afterwards = connect()) {
                assertThat(roundTrip(afterwards, "healed")).isEqualTo("healed");
            }
        }
    }

    @Test
    void aTargetThatRefusesConnectionsResetsTheClient() throws IOException {
        // A socket that is bound but never listens refuses connections, and holding it keeps its port from being
        // taken by anything else on a busy machine (closing the echo server freed its port for reuse).
        try (Socket refusing = new Socket()) {
            refusing.bind(new InetSocketAddress("127.0.0.1", 0));
            try (FaultProxy toRefusingTarget = FaultProxy.start("refusing", "127.0.0.1", refusing.getLocalPort());
                 Socket client = new Socket(toRefusingTarget.host(), toRefusingTarget.port())) {
                client.setSoTimeout(READ_TIMEOUT_MILLIS);
                assertThatThrownBy(() -> roundTrip(client, "anyone?")).isInstanceOf(IOException.class);
            }
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(proxy.host(), proxy.port());
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        return socket;
    }

    private static String roundTrip(Socket client, String line) throws IOException {
        send(client, line);
        return readLine(client);
    }

    private static void send(Socket client, String line) throws IOException {
        client.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        client.getOutputStream().flush();
    }

    private static String readLine(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed after \"" + line + "\"");
            }
            line.append((char) b);
        }
        return line.toString();
    }

    private void echoEveryConnection() {
        while (!echoServer.isClosed()) {
            try {
                Socket connection = echoServer.accept();
                Thread echo = new Thread(() -> echo(connection), "echo");
                echo.setDaemon(true);
                echo.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void echo(Socket connection) {
        try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // The client or the proxy went away.
        }
    }
}
