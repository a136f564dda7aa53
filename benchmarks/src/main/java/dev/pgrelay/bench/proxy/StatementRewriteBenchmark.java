package dev.pgrelay.bench.proxy;

import dev.pgrelay.protocol.codec.Frames;
import dev.pgrelay.protocol.frontend.Close;
import dev.pgrelay.protocol.frontend.Describe;
import dev.pgrelay.protocol.frontend.Parse;
import dev.pgrelay.proxy.server.OfflineServerConnections;
import dev.pgrelay.proxy.server.ServerConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time per message to rewrite a client's prepared-statement name to the server connection's
 * ({@link StatementNameRewriter}), which transaction pooling pays on every Bind of a named statement
 * ({@link #bind}) and on each Parse, Describe and Close ({@link #parseBindDescribeClose}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StatementRewriteBenchmark {
    /** As pgjdbc names its server-prepared statements. */
    static final String CLIENT_NAME = "S_1";
    /** pgbench's select-only statement, with its one int4 parameter. */
    private static final Parse PARSE = new Parse(CLIENT_NAME,
            "SELECT abalance FROM pgbench_accounts WHERE aid = $1", new int[] {23});

    private EmbeddedChannel channel;
    private DiscardingWrites serverSocket;
    private ServerConnection server;
    private final StatementNameRewriter rewriter = new StatementNameRewriter();
    private ByteBuf parse;
    private ByteBuf bind;
    private ByteBuf describe;
    private ByteBuf close;

    @Setup
    public void setUp() {
        serverSocket = new DiscardingWrites();
        channel = new EmbeddedChannel(serverSocket);
        server = OfflineServerConnections.idle(channel);
        parse = PARSE.encode(UnpooledByteBufAllocator.DEFAULT);
        bind = bindOneTextParameter(CLIENT_NAME, "42");
        describe = new Describe(Describe.STATEMENT, CLIENT_NAME).encode(UnpooledByteBufAllocator.DEFAULT);
        close = new Close(Close.STATEMENT, CLIENT_NAME).encode(UnpooledByteBufAllocator.DEFAULT);
        ByteBuf parseBody = Frames.body(parse);
        Frames.readCString(parseBody);
        server.statements().add(parseBody.toString(StandardCharsets.ISO_8859_1));   // prepared there before
        rewriter.forward(parse.retainedDuplicate(), server);   // and by this client
        server.pending().clear();
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
        parse.release();
        bind.release();
        describe.release();
        close.release();
    }

    /** One Bind of the client's statement, as it arrives for every execution. */
    @Benchmark
    public ServerConnection bind() {
        rewriter.forward(bind.retainedDuplicate(), server);
        server.pending().clear();   // the answers are not part of this benchmark
        return server;
    }

    /** A statement's life seen from the server connection: Parse (answered by pgrelay), Bind, Describe, Close. */
    @Benchmark
    @OperationsPerInvocation(4)
    public ServerConnection parseBindDescribeClose() {
        rewriter.forward(parse.retainedDuplicate(), server);
        rewriter.forward(bind.retainedDuplicate(), server);
        rewriter.forward(describe.retainedDuplicate(), server);
        rewriter.forward(close.retainedDuplicate(), server);
        server.pending().clear();
        return server;
    }

    /** Frames the server connection was sent since the last call. */
    int takeServerWrites() {
        return serverSocket.takeWrites();
    }

    ServerConnection server() {
        return server;
    }

    /** A Bind to the unnamed portal: one text parameter, results in text (no format codes). */
    static ByteBuf bindOneTextParameter(String statement, String value) {
        ByteBuf frame = Unpooled.buffer();
        int lengthIndex = Frames.beginFrame(frame, (byte) 'B');
        Frames.writeCString(frame, "");
        Frames.writeCString(frame, statement);
        frame.writeShort(0);   // parameter format codes: all text
        frame.writeShort(1);
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        frame.writeInt(bytes.length);
        frame.writeBytes(bytes);
        frame.writeShort(0);   // result format codes: all text
        Frames.endFrame(frame, lengthIndex);
        return frame;
    }
}
