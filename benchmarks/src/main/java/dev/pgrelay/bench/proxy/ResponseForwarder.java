package dev.pgrelay.bench.proxy;

import dev.pgrelay.protocol.codec.Frames;
import dev.pgrelay.proxy.server.ServerConnection;
import dev.pgrelay.proxy.server.ServerFrameSink;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * The sink of a leased server connection on pgrelay's forwarding path, rebuilt from public parts because
 * ClientSession's is reachable only after a login and ResponseTranslator is package-private: each answer goes
 * to the client as the retained slice it was decoded as (write, no flush), ReadyForQuery passes the
 * {@link TransactionBoundary}, and the end of each read burst flushes the client once (STYLE.md 5).
 */
final class ResponseForwarder implements ServerFrameSink {
    private final Channel client;
    private int releases;

    ResponseForwarder(Channel client) {
        this.client = client;
    }

    @Override
    public void onServerFrame(ServerConnection server, ByteBuf frame) {
        boolean release = Frames.type(frame) == 'Z' && TransactionBoundary.onReadyForQuery(server, Frames.body(frame));
        client.write(frame, client.voidPromise());
        if (release) {
            releases++;   // where pgrelay hands the connection back to its pool
        }
    }

    @Override
    public void onServerReadComplete(ServerConnection server) {
        client.flush();
    }

    @Override
    public void onServerClosed(ServerConnection server, Throwable cause) {
        // a benchmark's server channel closes only when the benchmark ends
    }

    /** ReadyForQuery answers since the last call after which the connection could go back to the pool. */
    int takeReleases() {
        int taken = releases;
        releases = 0;
        return taken;
    }
}
