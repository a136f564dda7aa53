package dev.pgrelay.bench.proxy;

import static dev.pgrelay.proxy.server.PendingResponses.BIND;
import static dev.pgrelay.proxy.server.PendingResponses.CLOSE;
import static dev.pgrelay.proxy.server.PendingResponses.DESCRIBE_STATEMENT;
import static dev.pgrelay.proxy.server.PendingResponses.FORWARD;
import static dev.pgrelay.proxy.server.PendingResponses.PARSE;
import static dev.pgrelay.proxy.server.PendingResponses.SYNTHESIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.pgrelay.protocol.codec.Frames;
import dev.pgrelay.protocol.frontend.Bind;
import dev.pgrelay.protocol.frontend.Close;
import dev.pgrelay.protocol.frontend.Describe;
import dev.pgrelay.protocol.frontend.Parse;
import dev.pgrelay.proxy.server.OfflineServerConnections;
import dev.pgrelay.proxy.server.PendingResponses;
import dev.pgrelay.proxy.server.ServerConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rewriting the benchmark measures, checked against what the server connection must receive. */
class StatementNameRewriterTest {
    private static final Parse PARSE_S1 = new Parse("S_1", "SELECT $1::int", new int[] {23});

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ServerConnection server = OfflineServerConnections.idle(channel);
    private final StatementNameRewriter rewriter = new StatementNameRewriter();
    private String serverName;

    @BeforeEach
    void statementIsAlreadyPreparedOnTheServerConnection() {
        ByteBuf parse = PARSE_S1.encode(UnpooledByteBufAllocator.DEFAULT);
        ByteBuf body = Frames.body(parse);
        Frames.readCString(body);
        serverName = server.statements().add(body.toString(StandardCharsets.ISO_8859_1));
        parse.release();
    }

    @AfterEach
    void finish() {
        assertFalse(channel.finish());
    }

    @Test
    void parseOfAStatementTheServerHasIsAnsweredByPgrelay() {
        rewriter.forward(PARSE_S1.encode(UnpooledByteBufAllocator.DEFAULT), server);

        assertThat(sentToServer()).isNull();
        assertOwed(PARSE, SYNTHESIZE);
    }

    @Test
    void bindNamesTheServerSideStatementAndKeepsPortalAndParameters() {
        rewriter.forward(PARSE_S1.encode(UnpooledByteBufAllocator.DEFAULT), server);
        ByteBuf clientBind = StatementRewriteBenchmark.bindOneTextParameter("S_1", "42");
        byte[] parameters = parametersOf(clientBind);

        rewriter.forward(clientBind, server);

        ByteBuf sent = sentToServer();
        try {
            assertThat(Frames.type(sent)).isEqualTo((byte) 'B');
            assertThat(Bind.portalName(Frames.body(sent))).isEmpty();
            assertThat(Bind.statementName(Frames.body(sent))).isEqualTo(serverName);
            assertThat(parametersOf(sent)).isEqualTo(parameters);
        } finally {
            sent.release();
        }
        assertOwed(PARSE, SYNTHESIZE);
        server.pending().removeHead();
        assertOwed(BIND, FORWARD);
    }

    @Test
    void describeAsksForTheServerSideStatement() {
        rewriter.forward(PARSE_S1.encode(UnpooledByteBufAllocator.DEFAULT), server);
        server.pending().clear();

        rewriter.forward(new Describe(Describe.STATEMENT, "S_1").encode(UnpooledByteBufAllocator.DEFAULT), server);

        ByteBuf sent = sentToServer();
        try {
            assertThat(Describe.decode(Frames.body(sent))).isEqualTo(new Describe(Describe.STATEMENT, serverName));
        } finally {
            sent.release();
        }
        assertOwed(DESCRIBE_STATEMENT, FORWARD);
    }

    @Test
    void closeForgetsOnlyTheClientsName() {
        rewriter.forward(PARSE_S1.encode(UnpooledByteBufAllocator.DEFAULT), server);
        server.pending().clear();

        rewriter.forward(new Close(Close.STATEMENT, "S_1").encode(UnpooledByteBufAllocator.DEFAULT), server);

        assertThat(sentToServer()).isNull();
        assertOwed(CLOSE, SYNTHESIZE);
        assertThat(server.statements().size()).isEqualTo(1);
        ByteBuf bind = StatementRewriteBenchmark.bindOneTextParameter("S_1", "42");
        assertThatThrownBy(() -> rewriter.forward(bind, server)).isInstanceOf(IllegalStateException.class);
        bind.release();
    }

    /** The next frame the server connection was sent; the rewriter writes, its caller flushes at the end of a burst. */
    private ByteBuf sentToServer() {
        channel.flush();
        return channel.readOutbound();
    }

    private void assertOwed(byte kind, byte disposition) {
        PendingResponses pending = server.pending();
        assertThat(pending.headKind()).isEqualTo(kind);
        assertThat(pending.headDisposition()).isEqualTo(disposition);
    }

    /** Everything after the portal and statement names: formats, parameter values, result formats. */
    private static byte[] parametersOf(ByteBuf bind) {
        ByteBuf body = Frames.body(bind);
        int start = Frames.skipCString(body, Frames.skipCString(body, body.readerIndex()));
        return ByteBufUtil.getBytes(body, start, body.writerIndex() - start);
    }
}
