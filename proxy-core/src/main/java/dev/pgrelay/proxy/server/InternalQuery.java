package dev.pgrelay.proxy.server;

import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.SqlState;
import dev.pgrelay.protocol.backend.DataRow;
import dev.pgrelay.protocol.backend.ErrorResponse;
import dev.pgrelay.protocol.codec.Frames;
import dev.pgrelay.protocol.frontend.Bind;
import dev.pgrelay.protocol.frontend.Execute;
import dev.pgrelay.protocol.frontend.Parse;
import dev.pgrelay.protocol.frontend.Query;
import dev.pgrelay.protocol.frontend.Sync;
import dev.pgrelay.proxy.PgErrorException;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs statements pgrelay issues on its own behalf (resets, rollbacks, settings, health probes, auth_query) on a
 * server connection that no client is using, and collects their rows. The statements are pipelined as separate
 * simple Query messages, so each runs in its own implicit transaction (DISCARD ALL refuses to run inside a block);
 * a statement with parameters goes through the extended protocol, so values are never spliced into SQL text.
 */
public final class InternalQuery implements ServerFrameSink {
    /** How many ReadyForQuery messages answer everything sent: one per Query, one for the Sync. */
    private final int expectedAnswers;
    private final Promise<List<List<String>>> promise;
    private final List<List<String>> rows = new ArrayList<>();
    private ErrorResponse firstError;
    private int answered;

    private InternalQuery(int expectedAnswers, Promise<List<List<String>>> promise) {
        this.expectedAnswers = expectedAnswers;
        this.promise = promise;
    }

    /**
     * Sends the statements and completes with the data rows of all of them, or fails with the first error.
     * Listeners run on {@code notifyOn}. The connection goes back to the idle sink when done.
     */
    public static Future<List<List<String>>> run(ServerConnection server, List<String> statements,
                                                 EventExecutor notifyOn) {
        return send(server, statements.stream().map(sql -> (PgMessage) new Query(sql)).toList(), statements.size(),
                notifyOn);
    }

    /**
     * Runs one statement with text parameters ($1, $2, ...) as Parse, Bind, Execute, Sync on the unnamed statement
     * and portal, and completes like {@link #run}.
     */
    public static Future<List<List<String>>> runWithParameters(ServerConnection server, String sql,
                                                               List<String> parameters, EventExecutor notifyOn) {
        List<PgMessage> messages = List.of(new Parse("", sql, new int[0]),
                Bind.withTextParameters("", "", parameters), new Execute("", 0), Sync.INSTANCE);
        return send(server, messages, 1, notifyOn);
    }

    private static Future<List<List<String>>> send(ServerConnection server, List<PgMessage> messages,
                                                   int expectedAnswers, EventExecutor notifyOn) {
        Promise<List<List<String>>> promise = notifyOn.newPromise();
        server.sink(new InternalQuery(expectedAnswers, promise));
        server.state(ServerConnection.State.USED);
        for (PgMessage message : messages) {
            server.channel().write(message.encode(server.channel().alloc()));
        }
        server.channel().flush();
        return promise;
    }

    @Override
    public void onServerFrame(ServerConnection server, ByteBuf frame) {
        try {
            switch (Frames.type(frame)) {
                case 'D' -> rows.add(DataRow.decode(Frames.body(frame)).values());
                case 'E' -> {
                    ErrorResponse error = ErrorResponse.decode(Frames.body(frame));
                    if (firstError == null) {
                        firstError = error;
                    }
                }
                case 'Z' -> {
                    if (++answered == expectedAnswers) {
                        finish(server);
                    }
                }
                default -> {
                    // RowDescription, CommandComplete, notices: nothing pgrelay needs from them.
                }
            }
        } finally {
            frame.release();
        }
    }

    private void finish(ServerConnection server) {
        server.sink(IdleSink.INSTANCE);
        if (firstError != null) {
            promise.tryFailure(new PgErrorException(firstError));
        } else {
            promise.trySuccess(rows);
        }
    }

    @Override
    public void onServerClosed(ServerConnection server, Throwable cause) {
        promise.tryFailure(cause != null ? cause
                : PgErrorException.fatal(SqlState.CONNECTION_FAILURE,
                        "server " + server.node().name() + " closed the connection"));
    }
}
