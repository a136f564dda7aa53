package dev.pgrelay.proxy.client;

import dev.pgrelay.config.RoutingConfig;
import dev.pgrelay.protocol.codec.Frames;
import dev.pgrelay.proxy.RelayContext;
import dev.pgrelay.proxy.server.ServerConnection;
import dev.pgrelay.proxy.sql.Classification;
import dev.pgrelay.proxy.sql.TransactionControl;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * One client's read/write splitting (routing.read_write_split, transaction and statement pooling): whether the
 * statements waiting for a server may run on a replica, whether a new statement must wait for the replica's lease
 * to end, and — for read-your-writes — the WAL position its reads must see. The routing settings and the statement
 * analysis are read per decision from the running configuration, so a reload reaches connected clients too.
 */
final class ReadWriteRouting {
    /** A frame that carries no statement (Sync, Describe, Execute, …): it does not influence routing. */
    private static final Classification UNCLASSIFIED =
            new Classification(true, false, TransactionControl.NONE, List.of());

    private final RelayContext relay;
    private final boolean transactionPooling;
    private final ClientStatements statements;
    /** The current lease is on a replica chosen for reads (or was asked for one). */
    private boolean onReplica;
    /** The current lease is on the primary and read-your-writes will note its commit position. */
    private boolean writeLease;
    /** The WAL position this client's reads must see (read-your-writes), in bytes; 0 before any write. */
    private long committedPosition;

    ReadWriteRouting(RelayContext relay, boolean transactionPooling, ClientStatements statements) {
        this.relay = relay;
        this.transactionPooling = transactionPooling;
        this.statements = statements;
    }

    /**
     * Decides the next lease: true when every statement among the queued frames is read-only (or starts a READ
     * ONLY transaction) and none asks for the primary. Remembers the decision until {@link #leaseEnded()}.
     */
    boolean leaseForReads(Iterable<ByteBuf> queued, boolean pinned) {
        RoutingConfig routing = relay.config().routing();
        boolean enabled = routing.readWriteSplit() && transactionPooling;
        boolean forReads = enabled && !pinned && allReadOnly(queued, relay.analyzer());
        onReplica = forReads;
        writeLease = !forReads && enabled && routing.readYourWrites();
        return forReads;
    }

    private boolean allReadOnly(Iterable<ByteBuf> queued, StatementAnalyzer analyzer) {
        boolean sawRead = false;
        for (ByteBuf frame : queued) {
            Classification classification = classify(frame, analyzer);
            if (classification == UNCLASSIFIED) {
                continue;
            }
            if (classification == null || !isReplicaSafe(classification)) {
                return false;
            }
            sawRead = true;
        }
        return sawRead;
    }

    /** Outside a transaction, a statement that is not read-only must not run on the replica leased for reads. */
    boolean mustLeaveReplica(ByteBuf frame, ServerConnection server) {
        if (!onReplica || server.transactionStatus() != 'I') {
            return false;
        }
        Classification classification = classify(frame, relay.analyzer());
        return classification != UNCLASSIFIED && (classification == null || !isReplicaSafe(classification));
    }

    /** Read-your-writes wants this lease's commit position before the connection goes back. */
    boolean wantsCommitPosition() {
        return writeLease;
    }

    /** The primary's WAL position after this client's transaction (null: it could not be read). */
    void committedAt(Long position) {
        // Unknown: only the primary is surely fresh enough for this client's reads from now on.
        committedPosition = position == null ? Long.MAX_VALUE : Math.max(committedPosition, position);
        writeLease = false;
    }

    long committedPosition() {
        return committedPosition;
    }

    void leaseEnded() {
        onReplica = false;
        writeLease = false;
    }

    private static boolean isReplicaSafe(Classification classification) {
        return !classification.forcePrimary()
                && (classification.readOnly() || classification.txControl() == TransactionControl.BEGIN_READ_ONLY
                || classification.txControl() == TransactionControl.SET_TRANSACTION_READ_ONLY);
    }

    /**
     * The classification of the statement a frame carries: Query and Parse carry text, Bind names a prepared
     * statement; FunctionCall is never read-only (null); frames without a statement are UNCLASSIFIED.
     */
    private Classification classify(ByteBuf frame, StatementAnalyzer analyzer) {
        ByteBuf body = Frames.body(frame);
        switch (Frames.type(frame)) {
            case 'Q' -> {
                return analyzer.classify(body, body.readerIndex());
            }
            case 'P' -> {
                int text = body.indexOf(body.readerIndex(), body.writerIndex(), (byte) 0) + 1;
                return analyzer.classify(body, text);
            }
            case 'B' -> {
                ByteBuf names = body.duplicate();
                Frames.readCString(names);
                String name = Frames.readCString(names);
                ClientStatements.Statement statement = name.isEmpty() ? null : statements.get(name);
                return statement == null ? UNCLASSIFIED : analyzer.classifier().classify(statement.query());
            }
            case 'F' -> {
                return null;
            }
            default -> {
                return UNCLASSIFIED;
            }
        }
    }
}
