package dev.pgrelay.bench.proxy;

import dev.pgrelay.bench.AverageTimeBenchmark;
import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.backend.ReadyForQuery;
import dev.pgrelay.protocol.frontend.Query;
import dev.pgrelay.protocol.frontend.Sync;
import dev.pgrelay.proxy.client.OfflineClientSession;
import dev.pgrelay.proxy.server.OfflineServerConnections;
import dev.pgrelay.proxy.server.ServerConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Time per request/ReadyForQuery pair to find transaction boundaries with pgrelay's own classes: RequestTranslator
 * records the Sync or Query as owed (PendingResponses); its ReadyForQuery passes ServerConnectionHandler (the
 * transaction status) and ResponseTranslator (the owed entry answered, the session told) on its way to the client,
 * and the release decision follows — what transaction pooling pays on every statement before a server connection
 * can serve another client.
 */
@State(Scope.Thread)
public class ReadyForQueryBenchmark extends AverageTimeBenchmark {
    /** Request/ReadyForQuery pairs per invocation. */
    static final int PAIRS = 8;

    /** What asks for the ReadyForQuery: an extended-protocol Sync, or a simple Query (its text is analysed too). */
    @Param({"Sync", "Query"})
    String request;

    /** The ReadyForQuery's transaction status: 'I' releases, 'T' (in a transaction) and 'E' (failed) keep. */
    @Param({"I", "T", "E"})
    String status;

    /** Requests in flight before the first answer: 1 is one statement at a time, 8 a pipelining driver. */
    @Param({"1", "8"})
    int pipelined;

    private OfflineLease lease;
    private ByteBuf requestFrame;
    private ByteBuf readyForQuery;

    @Setup
    public void setUp() {
        if (pipelined < 1 || PAIRS % pipelined != 0) {
            throw new IllegalArgumentException("pipelined must divide " + PAIRS + ", got " + pipelined);
        }
        lease = new OfflineLease(true);
        requestFrame = requestMessage().encode(UnpooledByteBufAllocator.DEFAULT);
        readyForQuery = ReadyForQuery.of(status.charAt(0)).encode(UnpooledByteBufAllocator.DEFAULT);
    }

    private PgMessage requestMessage() {
        return switch (request) {
            case "Sync" -> Sync.INSTANCE;
            case "Query" -> new Query("SELECT abalance FROM pgbench_accounts WHERE aid = 42");
            default -> throw new IllegalArgumentException("request must be Sync or Query, got " + request);
        };
    }

    @TearDown
    public void tearDown() {
        lease.close();
        requestFrame.release();
        readyForQuery.release();
    }

    /**
     * {@value #PAIRS} requests and their ReadyForQuery answers, each group of {@link #pipelined} one read burst on
     * either side; returns how many allowed a release.
     */
    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public int requestThenReadyForQuery() {
        OfflineClientSession session = lease.session();
        ServerConnection server = lease.server();
        for (int sent = 0; sent < PAIRS; sent += pipelined) {
            for (int i = 0; i < pipelined; i++) {
                session.forward(requestFrame.retainedDuplicate(), server);
            }
            session.clientReadComplete(server);
            for (int i = 0; i < pipelined; i++) {
                OfflineServerConnections.receive(server, readyForQuery.retainedDuplicate());
            }
            OfflineServerConnections.readComplete(server);
        }
        return session.takeReleases();
    }

    OfflineLease lease() {
        return lease;
    }
}
