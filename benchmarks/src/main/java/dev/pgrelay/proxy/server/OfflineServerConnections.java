package dev.pgrelay.proxy.server;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.protocol.backend.ReadyForQuery;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * Logged-in, idle {@link ServerConnection}s over channels pgrelay did not connect (an EmbeddedChannel), so the JMH
 * benchmarks need no PostgreSQL. It sits in proxy-core's package, in the benchmarks module only, because
 * ServerConnection's constructor and its ReadyForQuery bookkeeping are package-private: in pgrelay only
 * ServerConnector makes connections, after a real login.
 */
public final class OfflineServerConnections {
    /** Never connected to: the node only names the connections. */
    public static final NodeConfig NODE = new NodeConfig("bench", "127.0.0.1", 5432, 1);
    public static final String USER = "app";
    public static final String DATABASE = "bench";

    private OfflineServerConnections() {
    }

    /** A connection over {@code channel} as ServerConnector hands it over: logged in, idle, status 'I'. */
    public static ServerConnection idle(Channel channel) {
        ServerConnection server = new ServerConnection(channel, NODE, USER, DATABASE);
        server.state(ServerConnection.State.IDLE);
        return server;
    }

    /** What the server connection's handler records from a ReadyForQuery body before its sink sees the frame. */
    public static void readyForQuery(ServerConnection server, ByteBuf body) {
        server.transactionStatus(ReadyForQuery.status(body));
    }
}
