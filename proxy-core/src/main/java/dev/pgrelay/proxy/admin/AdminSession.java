package dev.pgrelay.proxy.admin;

import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.SqlState;
import dev.pgrelay.protocol.backend.CommandComplete;
import dev.pgrelay.protocol.backend.EmptyQueryResponse;
import dev.pgrelay.protocol.backend.ErrorResponse;
import dev.pgrelay.protocol.backend.NoticeResponse;
import dev.pgrelay.protocol.backend.ReadyForQuery;
import dev.pgrelay.protocol.codec.Frames;
import dev.pgrelay.protocol.frontend.Query;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One admin console connection after login, speaking the simple Query protocol (psql's): each Query's commands
 * run in order, the first error ends the batch, and ReadyForQuery follows. Extended-protocol messages get one
 * clear 0A000 error at their Sync. Sits in front of the client session handler and consumes every frame; close
 * events pass on so the session gives back its client slot.
 */
final class AdminSession extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(AdminSession.class);

    private final String userName;
    private final AdminCommands commands;
    private Channel channel;
    private boolean extendedProtocolSeen;
    /** Frames that arrived while a command (e.g. PAUSE) was still running; answered in order afterwards. */
    private final ArrayDeque<ByteBuf> waiting = new ArrayDeque<>();
    private boolean busy;

    AdminSession(String userName, AdminCommands commands) {
        this.userName = userName;
        this.commands = commands;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        if (busy) {
            waiting.add(frame);
            return;
        }
        onFrame(frame);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        while (!waiting.isEmpty()) {
            waiting.poll().release();
        }
        ctx.fireChannelInactive();
    }

    private void onFrame(ByteBuf frame) {
        try {
            switch (Frames.type(frame)) {
                case 'Q' -> onQuery(Query.decode(Frames.body(frame)).sql());
                case 'X' -> channel.close();
                case 'S' -> onSync();
                case 'P', 'B', 'D', 'E', 'C', 'H', 'F' -> extendedProtocolSeen = true;
                default -> {
                    send(ErrorResponse.of(ErrorResponse.FATAL, SqlState.PROTOCOL_VIOLATION,
                            "unexpected message type '" + (char) Frames.type(frame) + "' on the admin console"));
                    channel.flush();
                    channel.close();
                }
            }
        } finally {
            frame.release();
        }
    }

    private void onSync() {
        if (extendedProtocolSeen) {
            extendedProtocolSeen = false;
            send(ErrorResponse.of(ErrorResponse.ERROR, SqlState.FEATURE_NOT_SUPPORTED,
                    "the pgrelay admin console speaks only the simple query protocol",
                    "Use psql, or a driver setting for simple queries (e.g. pgjdbc preferQueryMode=simple)."));
        }
        send(ReadyForQuery.IDLE);
        channel.flush();
    }

    private void onQuery(String sql) {
        List<AdminStatement> statements;
        try {
            statements = AdminStatement.parseAll(sql);
        } catch (RuntimeException e) {
            statements = List.of();
        }
        if (statements.isEmpty()) {
            send(EmptyQueryResponse.INSTANCE);
        }
        busy = true;
        channel.config().setAutoRead(false);   // a PAUSE may take a while; the next Query waits behind it
        runNext(statements.iterator());
    }

    private void runNext(Iterator<AdminStatement> statements) {
        if (!statements.hasNext()) {
            finish();
            return;
        }
        AdminStatement statement = statements.next();
        log.info("admin {}: {}", userName, statement);
        CompletableFuture<AdminCommands.Result> running;
        try {
            running = commands.run(statement);
        } catch (RuntimeException e) {
            running = CompletableFuture.failedFuture(e);
        }
        running.whenComplete((result, failure) -> channel.eventLoop().execute(() -> {
            if (failure != null) {
                sendError(failure);
                finish();
                return;
            }
            result.messages().forEach(this::send);
            runNext(statements);
        }));
    }

    private void sendError(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof AdminCommands.AdminError error) {
            send(ErrorResponse.of(ErrorResponse.ERROR, error.sqlState(), error.getMessage()));
        } else {
            log.warn("admin {}: command failed", userName, cause);
            send(ErrorResponse.of(ErrorResponse.ERROR, SqlState.INTERNAL_ERROR, "admin command failed: " + cause));
        }
    }

    private void finish() {
        send(ReadyForQuery.IDLE);
        channel.flush();
        busy = false;
        while (!busy && !waiting.isEmpty() && channel.isActive()) {
            onFrame(waiting.poll());
        }
        if (!busy) {
            channel.config().setAutoRead(true);
        }
    }

    private void send(PgMessage message) {
        channel.write(message.encode(channel.alloc()), channel.voidPromise());
    }

    static NoticeResponse notice(String message) {
        return NoticeResponse.of(NoticeResponse.NOTICE, "00000", message);
    }

    static CommandComplete done(String tag) {
        return new CommandComplete(tag);
    }
}
