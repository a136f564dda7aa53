package dev.pgrelay.proxy.client;

import dev.pgrelay.protocol.codec.Frames;
import dev.pgrelay.proxy.server.ServerConnection;
import dev.pgrelay.proxy.server.ServerFrameSink;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.Map;
import java.util.Set;

/**
 * A logged-in client's data path for the JMH benchmarks: pgrelay's own RequestTranslator and ResponseTranslator,
 * wired as ClientSession.onAuthenticated wires them in transaction pooling, over a client channel with no socket.
 * It sits in proxy-core's package, in the benchmarks module only, because those classes are package-private;
 * ClientSession itself needs a login and a running relay. Around the translators it takes only the steps of
 * ClientSession that every message passes: flush once per read burst, and release at the last ReadyForQuery
 * owed with status 'I' (counted here; ClientSession hands the connection back to its pool).
 */
public final class OfflineClientSession implements ServerFrameSink {
    private final Channel client;
    private final SessionState session = new SessionState(SessionParameters.fromStartup(Map.of()));
    private final RequestTranslator requests;
    private final ResponseTranslator responses;
    private int releases;

    /** A session whose answers go to {@code client}; a server connection serves it once it is the connection's sink. */
    public OfflineClientSession(Channel client) {
        this.client = client;
        ClientStatements statements = new ClientStatements();
        responses = new ResponseTranslator(client, statements, session);
        requests = new RequestTranslator(statements, true, responses, StatementAnalyzer.standard(Set.of()),
                session::onStatement);
    }

    /** A frame from the client (ownership passes here), on its way to {@code server}. */
    public void forward(ByteBuf frame, ServerConnection server) {
        requests.forward(frame, server);
    }

    /** The end of the client's read burst: what was forwarded goes to the server, pgrelay's own answers to the client. */
    public void clientReadComplete(ServerConnection server) {
        server.channel().flush();
        client.flush();
    }

    @Override
    public void onServerFrame(ServerConnection server, ByteBuf frame) {
        boolean readyForQuery = Frames.type(frame) == 'Z';
        responses.onServerFrame(server, frame);
        if (readyForQuery && server.pending().isEmpty() && server.transactionStatus() == 'I' && !session.isPinned()) {
            releases++;
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

    /** ReadyForQuery answers since the last call after which the server connection would go back to its pool. */
    public int takeReleases() {
        int taken = releases;
        releases = 0;
        return taken;
    }
}
