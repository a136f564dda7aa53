package dev.pgrelay.bench.proxy;

import dev.pgrelay.bench.AverageTimeBenchmark;
import dev.pgrelay.protocol.frontend.Bind;
import dev.pgrelay.protocol.frontend.Close;
import dev.pgrelay.protocol.frontend.Describe;
import dev.pgrelay.protocol.frontend.Parse;
import dev.pgrelay.proxy.client.OfflineClientSession;
import dev.pgrelay.proxy.server.ServerConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Time per message for pgrelay's RequestTranslator to rewrite a client's prepared-statement name to the server
 * connection's (its StatementCache), which transaction pooling pays on every Bind of a named statement
 * ({@link #bind}) and on each Parse, Describe and Close ({@link #parseBindDescribeClose}).
 */
@State(Scope.Thread)
public class StatementRewriteBenchmark extends AverageTimeBenchmark {
    /** As pgjdbc names its server-prepared statements. */
    static final String CLIENT_NAME = "S_1";
    /** pgbench's select-only statement, with its one int4 parameter. */
    static final Parse PARSE = new Parse(CLIENT_NAME,
            "SELECT abalance FROM pgbench_accounts WHERE aid = $1", new int[] {23});

    private OfflineLease lease;
    private OfflineClientSession session;
    private ServerConnection server;
    private ByteBuf parse;
    private ByteBuf bind;
    private ByteBuf describe;
    private ByteBuf close;

    @Setup
    public void setUp() {
        lease = new OfflineLease(false);
        session = lease.session();
        server = lease.server();
        parse = PARSE.encode(UnpooledByteBufAllocator.DEFAULT);
        bind = Bind.withTextParameters("", CLIENT_NAME, List.of("42")).encode(UnpooledByteBufAllocator.DEFAULT);
        describe = new Describe(Describe.STATEMENT, CLIENT_NAME).encode(UnpooledByteBufAllocator.DEFAULT);
        close = new Close(Close.STATEMENT, CLIENT_NAME).encode(UnpooledByteBufAllocator.DEFAULT);
        session.forward(parse.retainedDuplicate(), server);   // the client's first Parse prepares it there
        server.pending().clear();   // as if answered
        lease.takeServerWrites();
    }

    @TearDown
    public void tearDown() {
        lease.close();
        parse.release();
        bind.release();
        describe.release();
        close.release();
    }

    /** One Bind of the client's statement, as it arrives for every execution. */
    @Benchmark
    public ServerConnection bind() {
        session.forward(bind.retainedDuplicate(), server);
        server.pending().clear();   // the answers are not part of this benchmark
        return server;
    }

    /** A statement's life seen from the server connection: Parse (answered by pgrelay), Bind, Describe, Close. */
    @Benchmark
    @OperationsPerInvocation(4)
    public ServerConnection parseBindDescribeClose() {
        session.forward(parse.retainedDuplicate(), server);
        session.forward(bind.retainedDuplicate(), server);
        session.forward(describe.retainedDuplicate(), server);
        session.forward(close.retainedDuplicate(), server);
        server.pending().clear();
        return server;
    }

    OfflineLease lease() {
        return lease;
    }
}
