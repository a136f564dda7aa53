package dev.pgrelay.bench.proxy;

import dev.pgrelay.proxy.client.OfflineClientSession;
import dev.pgrelay.proxy.server.OfflineServerConnections;
import dev.pgrelay.proxy.server.ServerConnection;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * A client session holding a leased server connection, as the forwarding benchmarks drive it: pgrelay's translators
 * ({@link OfflineClientSession}) between a client channel and a server connection, each an EmbeddedChannel whose
 * far end takes what it is sent ({@link DiscardingWrites}).
 */
final class OfflineLease {
    private final DiscardingWrites clientSocket = new DiscardingWrites();
    private final EmbeddedChannel clientChannel = new EmbeddedChannel(clientSocket);
    private final DiscardingWrites serverSocket = new DiscardingWrites();
    private final EmbeddedChannel serverChannel = new EmbeddedChannel(serverSocket);
    private final OfflineClientSession session = new OfflineClientSession(clientChannel);
    private final ServerConnection server;

    /**
     * With {@code readingServer} the server connection's channel reads as pgrelay's does (frame decoder, then its
     * handler, then this session); without, the benchmark only sends to the server.
     */
    OfflineLease(boolean readingServer) {
        server = readingServer ? OfflineServerConnections.reading(serverChannel)
                : OfflineServerConnections.idle(serverChannel);
        server.sink(session);
    }

    OfflineClientSession session() {
        return session;
    }

    ServerConnection server() {
        return server;
    }

    EmbeddedChannel clientChannel() {
        return clientChannel;
    }

    EmbeddedChannel serverChannel() {
        return serverChannel;
    }

    /** Messages the client received since the last call. */
    int takeClientWrites() {
        return clientSocket.takeWrites();
    }

    /** Flushes of the client since the last call. */
    int takeClientFlushes() {
        return clientSocket.takeFlushes();
    }

    /** Messages the server connection was sent since the last call. */
    int takeServerWrites() {
        return serverSocket.takeWrites();
    }

    /** Ends both channels, releasing anything still in them. */
    void close() {
        serverChannel.finishAndReleaseAll();
        clientChannel.finishAndReleaseAll();
    }
}
