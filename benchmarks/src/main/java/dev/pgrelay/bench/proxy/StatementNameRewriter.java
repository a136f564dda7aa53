package dev.pgrelay.bench.proxy;

import static dev.pgrelay.proxy.server.PendingResponses.BIND;
import static dev.pgrelay.proxy.server.PendingResponses.CLOSE;
import static dev.pgrelay.proxy.server.PendingResponses.DESCRIBE_STATEMENT;
import static dev.pgrelay.proxy.server.PendingResponses.FORWARD;
import static dev.pgrelay.proxy.server.PendingResponses.PARSE;
import static dev.pgrelay.proxy.server.PendingResponses.SYNTHESIZE;

import dev.pgrelay.protocol.codec.Frames;
import dev.pgrelay.proxy.server.ServerConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What RequestTranslator does in transaction pooling to a Parse, Bind, Describe or Close naming a prepared
 * statement, rebuilt from public parts because RequestTranslator is package-private: the client's name stands
 * for the statement's content (the Parse body after the name), and the server connection's StatementCache gives
 * the name that content has there. Only the steady state is rebuilt — the connection already holds the
 * statement — and not the session-effect analysis of the Parse text.
 */
final class StatementNameRewriter {
    /** Content by client statement name: what ClientStatements keeps. */
    private final Map<String, String> contentByName = new HashMap<>();

    /** Takes a client's frame (ownership passes here) and sends what the server connection must get instead. */
    void forward(ByteBuf frame, ServerConnection server) {
        switch (Frames.type(frame)) {
            case 'P' -> parse(frame, server);
            case 'B' -> bind(frame, server);
            case 'D' -> describe(frame, server);
            case 'C' -> close(frame, server);
            default -> throw new IllegalArgumentException("not a message naming a statement: " + (char) Frames.type(frame));
        }
    }

    /** The connection has the statement already: nothing goes to the server, pgrelay answers ParseComplete. */
    private void parse(ByteBuf frame, ServerConnection server) {
        ByteBuf body = Frames.body(frame);
        String name = Frames.readCString(body);
        String content = new String(ByteBufUtil.getBytes(body), StandardCharsets.ISO_8859_1);
        frame.release();
        contentByName.put(name, content);
        serverName(server, name);
        server.pending().add(PARSE, SYNTHESIZE, null);
    }

    /** The same Bind, with the server-side statement name in place of the client's. */
    private void bind(ByteBuf frame, ServerConnection server) {
        ByteBuf body = Frames.body(frame);
        int portalStart = body.readerIndex();
        Frames.readCString(body);
        int portalEnd = body.readerIndex();
        String serverName = serverName(server, Frames.readCString(body));
        ByteBuf rewritten = server.channel().alloc().buffer(frame.readableBytes() + serverName.length() + 1);
        int lengthIndex = Frames.beginFrame(rewritten, (byte) 'B');
        rewritten.writeBytes(body, portalStart, portalEnd - portalStart);
        Frames.writeCString(rewritten, serverName);
        rewritten.writeBytes(body, body.readerIndex(), body.readableBytes());
        Frames.endFrame(rewritten, lengthIndex);
        frame.release();
        send(server, rewritten, BIND);
    }

    private void describe(ByteBuf frame, ServerConnection server) {
        String name = statementName(frame);
        frame.release();
        send(server, statementMessage(server.channel(), (byte) 'D', serverName(server, name)), DESCRIBE_STATEMENT);
    }

    /** Only the client's name goes away: the server-side statement may serve other clients. */
    private void close(ByteBuf frame, ServerConnection server) {
        String name = statementName(frame);
        frame.release();
        contentByName.remove(name);
        server.pending().add(CLOSE, SYNTHESIZE, null);
    }

    private String serverName(ServerConnection server, String clientName) {
        String content = contentByName.get(clientName);
        String serverName = content == null ? null : server.statements().lookup(content);
        if (serverName == null) {
            throw new IllegalStateException("statement " + clientName + " is not prepared on " + server);
        }
        return serverName;
    }

    /** The statement name of a Describe or Close body, after its target byte. */
    private static String statementName(ByteBuf frame) {
        ByteBuf body = Frames.body(frame);
        if (body.readByte() != 'S') {
            throw new IllegalArgumentException("only statements ('S') are rewritten");
        }
        return Frames.readCString(body);
    }

    /** Describe or Close of a prepared statement ('S') by its server-side name. */
    private static ByteBuf statementMessage(Channel channel, byte type, String serverName) {
        ByteBuf message = channel.alloc().buffer(serverName.length() + 7);
        int lengthIndex = Frames.beginFrame(message, type);
        message.writeByte('S');
        Frames.writeCString(message, serverName);
        Frames.endFrame(message, lengthIndex);
        return message;
    }

    private static void send(ServerConnection server, ByteBuf frame, byte kind) {
        server.pending().add(kind, FORWARD, null);
        server.channel().write(frame, server.channel().voidPromise());
    }
}
