package dev.pgrelay;

import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.proxy.RelayContext;
import dev.pgrelay.proxy.server.ServerConnector;
import dev.pgrelay.proxy.topology.HealthChecker;
import dev.pgrelay.proxy.topology.Topology;

/**
 * Applies a reloaded configuration (a {@code ReloadPlan}'s effective one) to the running parts, each of which
 * swaps in an immutable snapshot of its settings, in an order that keeps every connected client connected.
 */
final class LiveReconfiguration {
    private final RelayContext context;
    private final ServerConnector connector;
    private final HealthChecker healthChecker;

    LiveReconfiguration(RelayContext context, ServerConnector connector, HealthChecker healthChecker) {
        this.context = context;
        this.connector = connector;
        this.healthChecker = healthChecker;
    }

    void apply(PgRelayConfig effective) {
        context.reload(effective);   // logins, client limits, statement analysis
        connector.connectTimeout(effective.limits().serverConnectTimeout());
        context.router().reconfigure(effective.routing(), effective.failover().waitForPrimary());
        // Routing forgets a removed node before its pools retire, so a lease refused by a retired pool looks
        // for a node again and finds another one rather than the same.
        Topology.NodeChanges changes = context.topology().reconfigure(effective.nodes());
        context.pools().reconfigure(effective);
        healthChecker.reconfigure(changes, effective.health(), PgRelay.probeUser(effective));
    }
}
