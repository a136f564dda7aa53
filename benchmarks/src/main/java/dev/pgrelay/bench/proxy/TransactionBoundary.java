package dev.pgrelay.bench.proxy;

import dev.pgrelay.proxy.server.OfflineServerConnections;
import dev.pgrelay.proxy.server.PendingResponses;
import dev.pgrelay.proxy.server.ServerConnection;
import io.netty.buffer.ByteBuf;

/**
 * ReadyForQuery decides release (STYLE.md 4), as the server connection's handler, ResponseTranslator and
 * ClientSession do it between them — rebuilt here from the public ServerConnection and PendingResponses because
 * those three steps are package-private: the status byte becomes the connection's transaction status, the
 * ReadyForQuery ends the Sync or Query at the head of the FIFO, and the connection may go back to the pool
 * (transaction pooling) once nothing more is owed and the status is 'I'; 'T' and 'E' keep it with its client.
 */
final class TransactionBoundary {

    private TransactionBoundary() {
    }

    /** Accounts for a ReadyForQuery with this body; true when the server connection may be released now. */
    static boolean onReadyForQuery(ServerConnection server, ByteBuf body) {
        OfflineServerConnections.readyForQuery(server, body);
        PendingResponses pending = server.pending();
        if (!pending.isEmpty() && PendingResponses.endsWithReadyForQuery(pending.headKind())) {
            pending.removeHead();
        }
        return pending.isEmpty() && server.transactionStatus() == 'I';
    }
}
