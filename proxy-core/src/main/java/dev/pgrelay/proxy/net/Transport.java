package dev.pgrelay.proxy.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.epoll.EpollSocketChannelConfig;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.SocketOption;
import java.util.concurrent.ThreadFactory;
import jdk.net.ExtendedSocketOptions;

/** Chooses the native epoll transport on Linux (fewer copies, less garbage) and NIO everywhere else. */
public record Transport(String name, IoHandlerFactory ioHandlerFactory,
                        Class<? extends ServerSocketChannel> serverChannelClass,
                        Class<? extends SocketChannel> channelClass) {
    /** TCP keepalive: the first probe after a minute of silence, then every 10 s; six unanswered ones end it. */
    public static final int KEEPALIVE_IDLE_SECONDS = 60;
    private static final int KEEPALIVE_INTERVAL_SECONDS = 10;
    private static final int KEEPALIVE_PROBES = 6;

    public static Transport best() {
        if (Epoll.isAvailable() && !Boolean.getBoolean("pgrelay.transport.nio")) {
            return new Transport("epoll", EpollIoHandler.newFactory(),
                    EpollServerSocketChannel.class, EpollSocketChannel.class);
        }
        return new Transport("nio", NioIoHandler.newFactory(),
                NioServerSocketChannel.class, NioSocketChannel.class);
    }

    public EventLoopGroup newGroup(int threads, ThreadFactory threadFactory) {
        return new MultiThreadIoEventLoopGroup(threads, threadFactory, ioHandlerFactory);
    }

    /**
     * Turns on TCP keepalive with pgrelay's timing, for a connection to a client or a server. The operating
     * system's default waits two hours before the first probe: a peer that vanished without a word (a client's
     * laptop closed, a host lost, a NAT or firewall entry dropped) would hold a server connection, or keep a
     * client waiting, that long. Probing idle connections every minute also keeps the entries of cloud load
     * balancers and NATs alive, which drop idle flows after a few minutes (AWS NLB: 350 s).
     */
    public static void keepAlive(Channel channel) {
        ChannelConfig config = channel.config();
        config.setOption(ChannelOption.SO_KEEPALIVE, true);
        if (config instanceof EpollSocketChannelConfig epoll) {
            epoll.setTcpKeepIdle(KEEPALIVE_IDLE_SECONDS);
            epoll.setTcpKeepIntvl(KEEPALIVE_INTERVAL_SECONDS);
            epoll.setTcpKeepCnt(KEEPALIVE_PROBES);
            return;
        }
        setIfSupported(config, ExtendedSocketOptions.TCP_KEEPIDLE, KEEPALIVE_IDLE_SECONDS);
        setIfSupported(config, ExtendedSocketOptions.TCP_KEEPINTERVAL, KEEPALIVE_INTERVAL_SECONDS);
        setIfSupported(config, ExtendedSocketOptions.TCP_KEEPCOUNT, KEEPALIVE_PROBES);
    }

    /** NIO on a platform without the option keeps the system's keepalive timing: nothing to do about it. */
    private static void setIfSupported(ChannelConfig config, SocketOption<Integer> option, int value) {
        try {
            config.setOption(NioChannelOption.of(option), value);
        } catch (UnsupportedOperationException | IllegalArgumentException | ClassCastException unsupported) {
            // keep the system's default
        }
    }
}
