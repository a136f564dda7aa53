package dev.pgrelay.proxy.server;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.protocol.codec.PgFrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * Logged-in, idle {@link ServerConnection}s over channels pgrelay did not connect (an EmbeddedChannel), so the JMH
 * benchmarks need no PostgreSQL. It sits in proxy-core's package, in the benchmarks module only, because
 * ServerConnection's constructor and its handler are package-private: in pgrelay only ServerConnector makes
 * connections, after a real login.
 */
public final class OfflineServerConnections {
    /** Never connected to: the node only names the connections. */
    public static final NodeConfig NODE = new NodeConfig("bench", "127.0.0.1", 5432, 1);
    public static final String USER = "app";
    public static final String DATABASE = "bench";
    /** The decoder's limit matters only to a frame over it, which no benchmark sends. */
    private static final int MAX_SERVER_MESSAGE = 1 << 30;
    private static final String FRAMES = "frames";

    private OfflineServerConnections() {
    }

    /** A connection over {@code channel} as ServerConnector hands it over: logged in, idle, status 'I'. */
    public static ServerConnection idle(Channel channel) {
        ServerConnection server = new ServerConnection(channel, NODE, USER, DATABASE);
        server.state(ServerConnection.State.IDLE);
        return server;
    }

    /**
     * An idle connection whose channel reads as ServerConnector's pipeline does: PgFrameDecoder cuts frames, and
     * pgrelay's ServerConnectionHandler records each one (transaction status, parameters) and hands it to the
     * connection's sink, then ends each read burst there.
     */
    public static ServerConnection reading(Channel channel) {
        ServerConnection server = idle(channel);
        channel.pipeline().addLast(FRAMES, PgFrameDecoder.forServers(MAX_SERVER_MESSAGE));
        channel.pipeline().addLast("server", new ServerConnectionHandler(server));
        return server;
    }

    /** Hands a whole frame (ownership passes) to a {@link #reading} connection as its decoder hands one on. */
    public static void receive(ServerConnection server, ByteBuf frame) {
        server.channel().pipeline().context(FRAMES).fireChannelRead(frame);
    }

    /** Ends a read burst of {@link #receive}d frames, as the decoder passes channelReadComplete on. */
    public static void readComplete(ServerConnection server) {
        server.channel().pipeline().context(FRAMES).fireChannelReadComplete();
    }
}
