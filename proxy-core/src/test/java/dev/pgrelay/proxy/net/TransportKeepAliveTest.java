package dev.pgrelay.proxy.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The kernel, not just Netty's config object, runs pgrelay's keepalive timing on a connection: /proc/net/tcp shows
 * the keepalive timer armed to fire within {@link Transport#KEEPALIVE_IDLE_SECONDS} (the system default is two
 * hours), with the epoll transport and with NIO.
 */
class TransportKeepAliveTest {
    /** /proc/net/tcp counts timers in USER_HZ ticks, 100 per second on Linux. */
    private static final int TICKS_PER_SECOND = 100;
    private static final int KEEPALIVE_TIMER = 2;

    @Test
    void epollConnectionsProbeAfterAMinute() throws Exception {
        assumeTrue(Epoll.isAvailable(), "no native epoll here");
        assertKeepAliveTimer(new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory()), EpollSocketChannel.class);
    }

    @Test
    void nioConnectionsProbeAfterAMinute() throws Exception {
        assertKeepAliveTimer(new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()), NioSocketChannel.class);
    }

    private static void assertKeepAliveTimer(EventLoopGroup group, Class<? extends Channel> channelClass)
            throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "no /proc/net/tcp: not Linux");
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Channel channel = new Bootstrap().group(group).channel(channelClass)
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            Transport.keepAlive(ch);
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter());
                        }
                    })
                    .connect(listener.getLocalSocketAddress()).syncUninterruptibly().channel();
            try (Socket accepted = listener.accept()) {
                int localPort = ((InetSocketAddress) channel.localAddress()).getPort();
                long[] timer = keepAliveTimer(localPort).orElseThrow(() -> new AssertionError(
                        "no socket with local port " + localPort + " in /proc/net/tcp"));
                assertThat(timer[0]).as("timer kind (2 = keepalive)").isEqualTo(KEEPALIVE_TIMER);
                assertThat(timer[1]).as("ticks until the first probe")
                        .isPositive().isLessThanOrEqualTo((long) Transport.KEEPALIVE_IDLE_SECONDS * TICKS_PER_SECOND);
            } finally {
                channel.close().syncUninterruptibly();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** {kind, ticks left} of the timer of the socket bound to {@code localPort}, from /proc/net/tcp and tcp6. */
    private static Optional<long[]> keepAliveTimer(int localPort) throws IOException {
        String port = String.format(":%04X", localPort);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path)) {
                String[] fields = line.trim().split("\\s+");
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when ...; 01 = ESTABLISHED
                if (fields.length > 5 && fields[1].endsWith(port) && fields[3].equals("01")) {
                    String[] timer = fields[5].split(":");
                    return Optional.of(new long[] {Long.parseLong(timer[0], 16), Long.parseLong(timer[1], 16)});
                }
            }
        }
        return Optional.empty();
    }
}
