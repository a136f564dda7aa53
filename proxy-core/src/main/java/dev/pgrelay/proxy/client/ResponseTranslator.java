package dev.pgrelay.proxy.client;

import static dev.pgrelay.proxy.server.PendingResponses.BIND;
import static dev.pgrelay.proxy.server.PendingResponses.CLOSE;
import static dev.pgrelay.proxy.server.PendingResponses.DESCRIBE_PORTAL;
import static dev.pgrelay.proxy.server.PendingResponses.DESCRIBE_STATEMENT;
import static dev.pgrelay.proxy.server.PendingResponses.EXECUTE;
import static dev.pgrelay.proxy.server.PendingResponses.HIDE;
import static dev.pgrelay.proxy.server.PendingResponses.PARSE;
import static dev.pgrelay.proxy.server.PendingResponses.SYNC;
import static dev.pgrelay.proxy.server.PendingResponses.SYNTHESIZE;

import dev.pgrelay.protocol.codec.Frames;
import dev.pgrelay.proxy.server.PendingResponses;
import dev.pgrelay.proxy.server.ServerConnection;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;

/**
 * Matches each server message to the request it answers (the head of {@link PendingResponses}) and decides what
 * the client sees: forwarded answers, nothing for requests pgrelay made itself, and pgrelay's own answers for
 * requests it did not send. After an error in the extended protocol the server skips to the next Sync
 * (protocol-flow "Extended Query"), so the entries it will never answer are dropped too.
 */
final class ResponseTranslator {
    private static final byte[] DISCARD_ALL = "DISCARD ALL".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DEALLOCATE_ALL = "DEALLOCATE ALL".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ROLLBACK = "ROLLBACK".getBytes(StandardCharsets.US_ASCII);

    private final Channel client;
    private final ClientStatements statements;
    private final SessionState session;

    ResponseTranslator(Channel client, ClientStatements statements, SessionState session) {
        this.client = client;
        this.statements = statements;
        this.session = session;
    }

    /** Handles one server frame (ownership passes here): forwards it to the client or drops it. */
    void onServerFrame(ServerConnection server, ByteBuf frame) {
        PendingResponses pending = server.pending();
        byte type = Frames.type(frame);
        if (pending.isEmpty()) {   // asynchronous messages between requests: notices, notifications, parameters
            forward(frame);
            return;
        }
        byte kind = pending.headKind();
        boolean hidden = pending.headDisposition() == HIDE;
        switch (type) {
            case 'S', 'A' -> forward(frame);   // ParameterStatus and notifications always reach the client
            case 'E' -> onError(server, frame, kind, hidden);
            case 'Z' -> {
                if (!hidden) {
                    session.onReadyForQuery(server.transactionStatus(), server);
                }
                finishHead(server, frame, PendingResponses.endsWithReadyForQuery(kind), hidden);
            }
            case '1' -> finishHead(server, frame, kind == PARSE, hidden);
            case '2' -> finishHead(server, frame, kind == BIND, hidden);
            case '3' -> finishHead(server, frame, kind == CLOSE, hidden);
            case 'T', 'n' -> finishHead(server, frame, kind == DESCRIBE_STATEMENT || kind == DESCRIBE_PORTAL, hidden);
            case 'I', 's' -> finishHead(server, frame, kind == EXECUTE, hidden);
            case 'C' -> {
                noteCommandTag(server, frame);
                finishHead(server, frame, kind == EXECUTE, hidden);
            }
            default -> {
                if (hidden) {
                    frame.release();
                } else {
                    forward(frame);
                }
            }
        }
    }

    private void finishHead(ServerConnection server, ByteBuf frame, boolean ends, boolean hidden) {
        if (hidden) {
            frame.release();
        } else {
            forward(frame);
        }
        if (ends) {
            server.pending().removeHead();
            emitSynthesized(server);
        }
    }

    private void onError(ServerConnection server, ByteBuf frame, byte kind, boolean hidden) {
        PendingResponses pending = server.pending();
        session.transactionFailed();
        if (PendingResponses.endsWithReadyForQuery(kind)) {
            // Simple query or Sync: ReadyForQuery still follows and ends the entry.
            forwardUnlessHidden(frame, hidden);
            return;
        }
        // A failed Parse of ours still explains why the client's Bind fails, so the client sees it.
        forwardUnlessHidden(frame, hidden && kind != PARSE);
        forgetFailedParse(server);
        pending.removeHead();
        while (!pending.isEmpty() && pending.headKind() != SYNC) {
            forgetFailedParse(server);
            pending.removeHead();
        }
        if (pending.isEmpty()) {
            // No Sync sent yet (the client used Flush): the server ignores everything until the client sends one.
            server.markAwaitingSync();
        }
    }

    private void forgetFailedParse(ServerConnection server) {
        PendingResponses pending = server.pending();
        if (pending.headKind() == PARSE && pending.headPayload() instanceof RequestTranslator.PreparedOnServer parse) {
            server.statements().remove(parse.content(), parse.serverName());
        }
    }

    /** DISCARD ALL and DEALLOCATE ALL drop every prepared statement on the server, whoever sent them. */
    private void noteCommandTag(ServerConnection server, ByteBuf frame) {
        ByteBuf body = Frames.body(frame);
        if (startsWith(body, DISCARD_ALL) || startsWith(body, DEALLOCATE_ALL)) {
            server.statements().clear();
            statements.clear();
        } else if (startsWith(body, ROLLBACK)) {
            session.transactionFailed();   // what the transaction changed in the session is undone
        }
    }

    private static boolean startsWith(ByteBuf body, byte[] tag) {
        if (body.readableBytes() != tag.length + 1) {
            return false;
        }
        for (int i = 0; i < tag.length; i++) {
            if (body.getByte(body.readerIndex() + i) != tag[i]) {
                return false;
            }
        }
        return true;
    }

    /** Sends the answers pgrelay gives itself once everything before them has been answered. */
    void emitSynthesized(ServerConnection server) {
        PendingResponses pending = server.pending();
        while (!pending.isEmpty() && pending.headDisposition() == SYNTHESIZE) {
            client.write(pending.headKind() == PARSE ? SyntheticResponses.parseComplete()
                    : SyntheticResponses.closeComplete(), client.voidPromise());
            pending.removeHead();
        }
    }

    private void forwardUnlessHidden(ByteBuf frame, boolean hidden) {
        if (hidden) {
            frame.release();
        } else {
            forward(frame);
        }
    }

    private void forward(ByteBuf frame) {
        client.write(frame, client.voidPromise());
    }
}
