package dev.pgrelay.proxy.client;

import dev.pgrelay.proxy.pool.ServerPool;
import dev.pgrelay.proxy.server.IdleSink;
import dev.pgrelay.proxy.server.InternalQuery;
import dev.pgrelay.proxy.server.ServerConnection;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a server connection back to its pool after its client left, never dirty: an open transaction is rolled
 * back, session state is reset when the client could have left some (session pooling, or a pinned connection),
 * and a connection with work still in flight is closed rather than trusted. When the client vanished (its socket
 * closed without a Terminate) that work is cancelled first: PostgreSQL would otherwise run a query nobody waits for
 * to its end (it notices the closed socket only when it writes), holding a backend, its locks and its share of
 * max_connections. A client that sent Terminate after its last statement gets it run, as PostgreSQL would. The
 * cancel cannot hit anything else: the backend is about to lose its only connection.
 */
final class ServerCheckIn {
    private static final Logger log = LoggerFactory.getLogger(ServerCheckIn.class);

    private ServerCheckIn() {
    }

    /**
     * @param resetQuery the statement that clears session state (pool.reset_query), or null for none
     * @param cancelsIfInFlight where to cancel work still in flight (a client that vanished), or null to let it run
     */
    static void checkIn(ServerConnection server, ServerPool pool, String resetQuery,
                        CancelForwarder cancelsIfInFlight) {
        server.sink(IdleSink.INSTANCE);
        server.channel().config().setAutoRead(true);
        if (!server.pending().isEmpty()) {
            if (cancelsIfInFlight != null && server.isOpen()) {
                log.debug("{}: its client vanished with work in flight; cancelling it and closing", server);
                cancelsIfInFlight.send(server);
            }
            server.close();
            return;
        }
        if (server.awaitingSync()) {
            server.close();   // PostgreSQL would discard the cleanup too; a new connection is cheaper than a Sync dance
            return;
        }
        List<String> cleanup = new ArrayList<>(2);
        if (server.transactionStatus() != 'I') {
            cleanup.add("ROLLBACK");
        }
        boolean reset = resetQuery != null && !resetQuery.isBlank();
        if (reset) {
            cleanup.add(resetQuery);
        }
        if (cleanup.isEmpty()) {
            pool.release(server);
            return;
        }
        InternalQuery.run(server, cleanup, server.eventLoop()).addListener(f -> {
            if (f.isSuccess()) {
                if (reset) {   // DISCARD ALL cleared settings and prepared statements on the server
                    server.appliedSettings().clear();
                    server.statements().clear();
                }
                pool.release(server);
            } else {
                log.info("{}: reset failed ({}); closing it", server, f.cause().getMessage());
                server.close();
            }
        });
    }
}
