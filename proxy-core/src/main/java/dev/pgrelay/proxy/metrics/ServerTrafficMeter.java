package dev.pgrelay.proxy.metrics;

import dev.pgrelay.protocol.backend.ReadyForQuery;
import dev.pgrelay.protocol.codec.Frames;
import dev.pgrelay.proxy.client.ClientSession;
import dev.pgrelay.proxy.server.ServerConnection;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.function.Supplier;

/**
 * Watches one server connection, between the frame decoder and the connection's handler: counts bytes both ways
 * and times the clients' work on it. A query lasts from the first frame written after the previous
 * ReadyForQuery to the next ReadyForQuery; a transaction from the first frame written while the server was
 * idle to the ReadyForQuery that reports idle again (PgBouncer's xact/query). Only work done for a client
 * counts, not pgrelay's own (login, reset, health checks). Runs on the connection's EventLoop only.
 */
final class ServerTrafficMeter extends ChannelDuplexHandler {
    private final ServerConnection server;
    private final TrafficCounters counters;
    /** Looked up at the first work for a client, so pgrelay's own connections (health checks) make no entry. */
    private final Supplier<WorkSink> workOfThisDatabase;
    private WorkSink work;
    private long queryStartNanos;
    private long transactionStartNanos;
    // Bytes are summed here per read burst and per flush, then published: the shared counters are LongAdders and
    // a result of many DataRows would otherwise add to them once per row.
    private long receivedUnpublished;
    private long receivedForClientUnpublished;
    private long sentUnpublished;
    private long sentForClientUnpublished;

    /** Where one (node, database)'s completed queries, transactions and bytes are recorded. */
    interface WorkSink {
        void queryCompleted(long nanos);

        void transactionCompleted(long nanos);

        void bytes(long received, long sent);
    }

    ServerTrafficMeter(ServerConnection server, TrafficCounters counters, Supplier<WorkSink> workOfThisDatabase) {
        this.server = server;
        this.counters = counters;
        this.workOfThisDatabase = workOfThisDatabase;
    }

    private WorkSink work() {
        WorkSink known = work;
        return known != null ? known : (work = workOfThisDatabase.get());
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        long size = ClientByteMeter.sizeOf(msg);
        sentUnpublished += size;
        if (forClient()) {
            sentForClientUnpublished += size;
            if (queryStartNanos == 0 || transactionStartNanos == 0) {
                long now = System.nanoTime();
                queryStartNanos = queryStartNanos == 0 ? now : queryStartNanos;
                transactionStartNanos = transactionStartNanos == 0 ? now : transactionStartNanos;
            }
        }
        ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (sentUnpublished != 0) {
            counters.serverSent(sentUnpublished);
            if (sentForClientUnpublished != 0) {
                work().bytes(0, sentForClientUnpublished);
            }
            sentUnpublished = 0;
            sentForClientUnpublished = 0;
        }
        ctx.flush();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf frame) {
            int size = frame.readableBytes();
            receivedUnpublished += size;
            if (forClient()) {
                receivedForClientUnpublished += size;
            }
            if (Frames.type(frame) == 'Z') {
                onReadyForQuery(ReadyForQuery.status(Frames.body(frame)));
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (receivedUnpublished != 0) {
            counters.serverReceived(receivedUnpublished);
            if (receivedForClientUnpublished != 0) {
                work().bytes(receivedForClientUnpublished, 0);
            }
            receivedUnpublished = 0;
            receivedForClientUnpublished = 0;
        }
        ctx.fireChannelReadComplete();
    }

    private void onReadyForQuery(char status) {
        long now = System.nanoTime();
        if (forClient() && queryStartNanos != 0) {
            work().queryCompleted(now - queryStartNanos);
            if (status == 'I' && transactionStartNanos != 0) {
                work().transactionCompleted(now - transactionStartNanos);
            }
        }
        // A pipelined batch owes more ReadyForQuery: its next query is timed from this one.
        queryStartNanos = server.pending().readyForQueryOwed() > 1 ? now : 0;
        if (status == 'I') {
            transactionStartNanos = 0;
        }
    }

    private boolean forClient() {
        return server.sink() instanceof ClientSession;
    }
}
