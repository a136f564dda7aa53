package dev.pgrelay.proxy.client;

import dev.pgrelay.proxy.server.ServerConnection;
import java.net.SocketAddress;
import java.time.Instant;

/**
 * One client as SHOW CLIENTS and the metrics see it, a snapshot that may be a moment old. {@code state} uses
 * PgBouncer's names: login (not authenticated yet), active (holds a server connection), waiting (for one),
 * idle (connected, nothing running).
 *
 * @param server the server connection the client holds, null when none
 * @param applicationName the application_name the client logged in with, null when none
 */
public record ClientInfo(long id, String user, String database, String state, SocketAddress address,
                         SocketAddress localAddress, Instant connectedAt, ServerConnection server, boolean tls,
                         String applicationName) {
}
