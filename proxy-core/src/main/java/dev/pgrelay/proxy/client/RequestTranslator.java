package dev.pgrelay.proxy.client;

import static dev.pgrelay.proxy.server.PendingResponses.BIND;
import static dev.pgrelay.proxy.server.PendingResponses.CLOSE;
import static dev.pgrelay.proxy.server.PendingResponses.DESCRIBE_PORTAL;
import static dev.pgrelay.proxy.server.PendingResponses.DESCRIBE_STATEMENT;
import static dev.pgrelay.proxy.server.PendingResponses.EXECUTE;
import static dev.pgrelay.proxy.server.PendingResponses.FORWARD;
import static dev.pgrelay.proxy.server.PendingResponses.FUNCTION_CALL;
import static dev.pgrelay.proxy.server.PendingResponses.HIDE;
import static dev.pgrelay.proxy.server.PendingResponses.PARSE;
import static dev.pgrelay.proxy.server.PendingResponses.QUERY;
import static dev.pgrelay.proxy.server.PendingResponses.SYNC;
import static dev.pgrelay.proxy.server.PendingResponses.SYNTHESIZE;

import dev.pgrelay.protocol.codec.Frames;
import dev.pgrelay.proxy.server.ServerConnection;
import dev.pgrelay.proxy.sql.SessionEffect;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Sends a client's frames to its current server connection and records, for each one, the answer the server
 * owes. In transaction pooling it also keeps named prepared statements working across server connections
 * (protocol-flow "Extended Query"): client names become per-connection server names in Parse, Bind, Describe and
 * Close; a statement the connection lacks is prepared there first (its ParseComplete hidden); one it already has
 * is not prepared again (pgrelay answers ParseComplete itself, in order). Statements that run (Query, Execute)
 * are reported with their session effects.
 */
final class RequestTranslator {

    /** A Parse pgrelay sent: if the server rejects or skips it, the cache must forget the name. */
    record PreparedOnServer(String content, String serverName) {
    }

    private final ClientStatements statements;
    private final boolean rewriteStatements;
    private final ResponseTranslator responses;
    private final StatementAnalyzer analyzer;
    private final Consumer<List<SessionEffect>> executed;
    /** Effects of the statement behind the unnamed statement / portal, and behind named portals. */
    private List<SessionEffect> unnamedStatementEffects = List.of();
    private List<SessionEffect> unnamedPortalEffects = List.of();
    private final Map<String, List<SessionEffect>> namedPortalEffects = new HashMap<>();

    RequestTranslator(ClientStatements statements, boolean rewriteStatements, ResponseTranslator responses,
                      StatementAnalyzer analyzer, Consumer<List<SessionEffect>> executed) {
        this.statements = statements;
        this.rewriteStatements = rewriteStatements;
        this.responses = responses;
        this.analyzer = analyzer;
        this.executed = executed;
    }

    /** Forwards one client frame (ownership passes here) to {@code server}. */
    void forward(ByteBuf frame, ServerConnection server) {
        switch (Frames.type(frame)) {
            case 'Q' -> {
                ByteBuf body = Frames.body(frame);
                executed.accept(analyzer.effectsOfCString(body, body.readerIndex()));
                send(server, frame, QUERY);
            }
            case 'S' -> send(server, frame, SYNC);
            case 'F' -> send(server, frame, FUNCTION_CALL);
            case 'E' -> {
                executed.accept(portalEffects(Frames.body(frame)));
                send(server, frame, EXECUTE);
            }
            case 'P' -> parse(frame, server);
            case 'B' -> bind(frame, server);
            case 'D' -> describe(frame, server);
            case 'C' -> close(frame, server);
            default -> write(server, frame);   // Flush, CopyData, CopyDone, CopyFail: no answer of their own
        }
        responses.emitSynthesized(server);   // an answer pgrelay gives itself may be due right away
    }

    /**
     * Transaction pooling with no server connection attached: a named Parse only defines a statement for this
     * client; it is prepared on whichever server connection first runs it (its errors then come with that Bind).
     * Returns false, taking nothing, for any other frame.
     */
    boolean defineWithoutServer(ByteBuf frame) {
        if (!rewriteStatements || Frames.type(frame) != 'P') {
            return false;
        }
        ByteBuf body = Frames.body(frame);
        if (body.getByte(body.readerIndex()) == 0) {
            return false;   // the unnamed statement belongs to the batch that follows it
        }
        String name = Frames.readCString(body);   // may throw on a malformed body: the caller releases the frame
        List<SessionEffect> effects = analyzer.effectsOfCString(body, body.readerIndex());
        statements.define(name, ByteBufUtil.getBytes(body), effects);
        frame.release();
        return true;
    }

    private List<SessionEffect> portalEffects(ByteBuf body) {
        if (body.getByte(body.readerIndex()) == 0) {
            return unnamedPortalEffects;
        }
        return namedPortalEffects.getOrDefault(Frames.readCString(body.duplicate()), List.of());
    }

    private void parse(ByteBuf frame, ServerConnection server) {
        ByteBuf body = Frames.body(frame);
        boolean unnamed = body.getByte(body.readerIndex()) == 0;
        if (unnamed || !rewriteStatements) {
            String name = unnamed ? "" : Frames.readCString(body.duplicate());
            int textStart = body.indexOf(body.readerIndex(), body.writerIndex(), (byte) 0) + 1;
            List<SessionEffect> effects = analyzer.effectsOfCString(body, textStart);
            if (unnamed) {
                unnamedStatementEffects = effects;
            } else {
                statements.define(name, ByteBufUtil.getBytes(body, textStart, body.writerIndex() - textStart), effects);
            }
            send(server, frame, PARSE);
            return;
        }
        String name = Frames.readCString(body);
        List<SessionEffect> effects = analyzer.effectsOfCString(body, body.readerIndex());
        byte[] definition = ByteBufUtil.getBytes(body);
        frame.release();
        ClientStatements.Statement statement = statements.define(name, definition, effects);
        if (server.statements().lookup(statement.content()) != null) {
            server.pending().add(PARSE, SYNTHESIZE, null);
        } else {
            prepareOnServer(server, statement, FORWARD);
        }
    }

    private void bind(ByteBuf frame, ServerConnection server) {
        ByteBuf body = Frames.body(frame);
        int portalStart = body.readerIndex();
        String portal = Frames.readCString(body);
        int portalEnd = body.readerIndex();
        String name = Frames.readCString(body);
        ClientStatements.Statement statement = name.isEmpty() ? null : statements.get(name);
        List<SessionEffect> effects = name.isEmpty() ? unnamedStatementEffects
                : statement == null ? List.of() : statement.effects();
        if (portal.isEmpty()) {
            unnamedPortalEffects = effects;
        } else {
            namedPortalEffects.put(portal, effects);
        }
        if (statement == null || !rewriteStatements) {   // the server answers exactly as it would directly
            send(server, frame, BIND);
            return;
        }
        String serverName = ensurePrepared(server, statement);
        Channel channel = server.channel();
        ByteBuf rewritten = channel.alloc().buffer(frame.readableBytes() + serverName.length() + 1);
        int lengthIndex = Frames.beginFrame(rewritten, (byte) 'B');
        rewritten.writeBytes(body, portalStart, portalEnd - portalStart);
        Frames.writeCString(rewritten, serverName);
        rewritten.writeBytes(body, body.readerIndex(), body.readableBytes());
        Frames.endFrame(rewritten, lengthIndex);
        frame.release();
        send(server, rewritten, BIND);
    }

    private void describe(ByteBuf frame, ServerConnection server) {
        ByteBuf body = Frames.body(frame);
        byte target = body.readByte();
        if (target != 'S') {
            send(server, frame, DESCRIBE_PORTAL);
            return;
        }
        String name = Frames.readCString(body);
        ClientStatements.Statement statement = rewriteStatements && !name.isEmpty() ? statements.get(name) : null;
        if (statement == null) {
            send(server, frame, DESCRIBE_STATEMENT);
            return;
        }
        frame.release();
        String serverName = ensurePrepared(server, statement);
        send(server, statementMessage(server, (byte) 'D', serverName), DESCRIBE_STATEMENT);
    }

    private void close(ByteBuf frame, ServerConnection server) {
        ByteBuf body = Frames.body(frame);
        byte target = body.readByte();
        String name = Frames.readCString(body);
        if (target == 'P' && !name.isEmpty()) {
            namedPortalEffects.remove(name);
        }
        if (!rewriteStatements || target != 'S' || name.isEmpty()) {
            if (target == 'S') {
                statements.remove(name);
            }
            send(server, frame, CLOSE);
            return;
        }
        // The server-side statement may serve other clients: only this client's name goes away. Closing a
        // name that does not exist is not an error in PostgreSQL either.
        frame.release();
        statements.remove(name);
        server.pending().add(CLOSE, SYNTHESIZE, null);
    }

    private String ensurePrepared(ServerConnection server, ClientStatements.Statement statement) {
        String serverName = server.statements().lookup(statement.content());
        return serverName != null ? serverName : prepareOnServer(server, statement, HIDE);
    }

    /** Prepares the statement on this connection under a fresh name, closing the least used one if full. */
    private String prepareOnServer(ServerConnection server, ClientStatements.Statement statement, byte disposition) {
        String evicted = server.statements().evictIfFull();
        if (evicted != null) {
            send(server, statementMessage(server, (byte) 'C', evicted), CLOSE, HIDE, null);
        }
        String serverName = server.statements().add(statement.content());
        Channel channel = server.channel();
        ByteBuf parse = channel.alloc().buffer(statement.definition().length + serverName.length() + 6);
        int lengthIndex = Frames.beginFrame(parse, (byte) 'P');
        Frames.writeCString(parse, serverName);
        parse.writeBytes(statement.definition());
        Frames.endFrame(parse, lengthIndex);
        send(server, parse, PARSE, disposition, new PreparedOnServer(statement.content(), serverName));
        return serverName;
    }

    /** Describe or Close of a prepared statement ('S') by its server-side name. */
    private static ByteBuf statementMessage(ServerConnection server, byte type, String serverName) {
        ByteBuf message = server.channel().alloc().buffer(serverName.length() + 7);
        int lengthIndex = Frames.beginFrame(message, type);
        message.writeByte('S');
        Frames.writeCString(message, serverName);
        Frames.endFrame(message, lengthIndex);
        return message;
    }

    private static void send(ServerConnection server, ByteBuf frame, byte kind) {
        send(server, frame, kind, FORWARD, null);
    }

    private static void send(ServerConnection server, ByteBuf frame, byte kind, byte disposition, Object payload) {
        server.pending().add(kind, disposition, payload);
        write(server, frame);
    }

    private static void write(ServerConnection server, ByteBuf frame) {
        server.channel().write(frame, server.channel().voidPromise());
    }
}
