package dev.pgrelay.proxy.client;

import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.SqlState;
import dev.pgrelay.protocol.backend.BindComplete;
import dev.pgrelay.protocol.backend.CloseComplete;
import dev.pgrelay.protocol.backend.CommandComplete;
import dev.pgrelay.protocol.backend.ErrorResponse;
import dev.pgrelay.protocol.backend.NoData;
import dev.pgrelay.protocol.backend.ParseComplete;
import dev.pgrelay.protocol.backend.ReadyForQuery;
import dev.pgrelay.protocol.codec.Frames;
import io.netty.buffer.ByteBuf;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Answers a client whose transaction died with its server connection (the server crashed or was killed) the way
 * PostgreSQL answers inside an aborted transaction: every statement fails with 25P02 until the client ends the
 * transaction, and ROLLBACK or COMMIT then reports ROLLBACK. The client connection survives; its next
 * transaction runs on whatever server is available then.
 */
final class LostTransaction {
    private static final ErrorResponse ABORTED = ErrorResponse.of("ERROR", "25P02",
            "current transaction is aborted, commands ignored until end of transaction block",
            "The server connection was lost during this transaction; it was rolled back.");

    private final ClientStatements statements;
    private final Consumer<PgMessage> send;
    private final Map<String, String> portalQueries = new HashMap<>();
    private String unnamedQuery = "";
    private boolean skippingToSync;
    private boolean ended;

    LostTransaction(ClientStatements statements, Consumer<PgMessage> send) {
        this.statements = statements;
        this.send = send;
    }

    /**
     * The error each request still waiting for an answer gets when the server connection goes away, with the
     * reason if one is known. It does not claim a rollback: a COMMIT, or a statement outside a transaction block,
     * that reached the server before the connection died may have taken effect, and only the client can check.
     */
    static ErrorResponse connectionLost(String node, String reason) {
        return ErrorResponse.of("ERROR", SqlState.CONNECTION_FAILURE,
                "server connection to " + node + " was lost" + (reason == null ? "" : " (" + reason + ")"),
                "An open transaction was rolled back, but a COMMIT or a statement outside a transaction block "
                        + "that was in flight may have taken effect. The next transaction goes to the available "
                        + "primary.");
    }

    /** Answers one client frame (ownership passes here); returns true once the transaction has ended. */
    boolean answer(ByteBuf frame) {
        try {
            ByteBuf body = Frames.body(frame);
            switch (Frames.type(frame)) {
                case 'Q' -> {
                    String query = Frames.readCString(body);
                    if (endsTransaction(query)) {
                        send.accept(new CommandComplete("ROLLBACK"));
                        send.accept(ReadyForQuery.IDLE);
                        ended = true;
                    } else {
                        send.accept(ABORTED);
                        send.accept(ReadyForQuery.FAILED);
                    }
                }
                case 'P' -> onParse(body);
                case 'B' -> onBind(body);
                case 'D' -> reply(NoData.INSTANCE);
                case 'C' -> reply(CloseComplete.INSTANCE);
                case 'E' -> onExecute(body);
                case 'S' -> {
                    send.accept(ended ? ReadyForQuery.IDLE : ReadyForQuery.FAILED);
                    skippingToSync = false;
                }
                default -> {
                    // Flush, CopyData and the rest: nothing to answer.
                }
            }
            byte type = Frames.type(frame);
            return ended && (type == 'Q' || type == 'S');   // the client has been told ReadyForQuery 'I'
        } finally {
            frame.release();
        }
    }

    private void onParse(ByteBuf body) {
        String name = Frames.readCString(body);
        String query = Frames.readCString(body);
        if (name.isEmpty()) {
            unnamedQuery = query;
        }
        reply(ParseComplete.INSTANCE);
    }

    private void onBind(ByteBuf body) {
        String portal = Frames.readCString(body);
        String statement = Frames.readCString(body);
        ClientStatements.Statement named = statement.isEmpty() ? null : statements.get(statement);
        portalQueries.put(portal, statement.isEmpty() ? unnamedQuery : named == null ? "" : named.query());
        reply(BindComplete.INSTANCE);
    }

    private void onExecute(ByteBuf body) {
        if (skippingToSync) {
            return;
        }
        String query = portalQueries.getOrDefault(Frames.readCString(body), "");
        if (endsTransaction(query)) {
            send.accept(new CommandComplete("ROLLBACK"));
            ended = true;
        } else {
            send.accept(ABORTED);
            skippingToSync = true;
        }
    }

    private void reply(PgMessage message) {
        if (!skippingToSync) {
            send.accept(message);
        }
    }

    /** ROLLBACK, ABORT, COMMIT or END (but not ROLLBACK TO SAVEPOINT): what ends an aborted transaction. */
    static boolean endsTransaction(String query) {
        String[] words = query.strip().replace(";", " ").toLowerCase(Locale.ROOT).split("\\s+");
        if (words.length == 0) {
            return false;
        }
        return switch (words[0]) {
            case "rollback", "abort" -> words.length < 2 || !words[1].equals("to");
            case "commit", "end" -> true;
            default -> false;
        };
    }
}
