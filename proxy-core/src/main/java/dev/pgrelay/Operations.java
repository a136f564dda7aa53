package dev.pgrelay;

import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.proxy.RelayContext;
import dev.pgrelay.proxy.admin.AdminActions;
import dev.pgrelay.proxy.admin.AdminConsoleService;
import dev.pgrelay.proxy.admin.AdminSources;
import dev.pgrelay.proxy.client.ClientTracker;
import dev.pgrelay.proxy.http.AdminHttpServer;
import dev.pgrelay.proxy.ledger.AvailabilityLedger;
import dev.pgrelay.proxy.ledger.LedgerFile;
import dev.pgrelay.proxy.metrics.RelayMetrics;
import dev.pgrelay.proxy.server.ServerConnector;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The operator-facing parts of a running pgrelay, started and stopped together: metrics, the availability
 * ledger, the admin console and the admin_http server.
 */
final class Operations implements AutoCloseable {
    private final RelayMetrics metrics;
    private final AvailabilityLedger ledger;
    private volatile AdminHttpServer http;

    private Operations(RelayMetrics metrics, AvailabilityLedger ledger) {
        this.metrics = metrics;
        this.ledger = ledger;
    }

    static Operations start(PgRelayConfig config, RelayContext context, ClientTracker tracker,
                            ServerConnector connector, AdminActions actions) {
        RelayMetrics metrics = new RelayMetrics(tracker);
        connector.meterWith(metrics::serverMeter);
        AvailabilityLedger ledger = new AvailabilityLedger(context.topology(),
                config.ledger().path().map(LedgerFile::new), config.listen().toString(),
                metrics::lastTransactionNanos);
        metrics.observe(context.pools());
        metrics.observe(context.topology(), context.pools());
        metrics.observe(context.pins());
        metrics.observe(context.router());
        metrics.observe(ledger);
        ledger.start();
        context.admin(new AdminConsoleService(new AdminSources(context, tracker, metrics, ledger, Instant.now()),
                actions));
        return new Operations(metrics, ledger);
    }

    /** Starts admin_http if the config has it. */
    void startHttp(PgRelayConfig config, Supplier<AdminHttpServer.Readiness> readiness) {
        config.adminHttp().ifPresent(address -> http = AdminHttpServer.start(address, metrics::scrape, readiness));
    }

    RelayMetrics metrics() {
        return metrics;
    }

    AvailabilityLedger ledger() {
        return ledger;
    }

    Optional<InetSocketAddress> httpAddress() {
        return Optional.ofNullable(http).map(AdminHttpServer::address);
    }

    @Override
    public void close() {
        AdminHttpServer server = http;
        if (server != null) {
            server.close();
        }
        ledger.close();
    }
}
