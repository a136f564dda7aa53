package dev.pgrelay.proxy;

import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.proxy.admin.AdminConsole;
import dev.pgrelay.proxy.client.ClientRegistry;
import dev.pgrelay.proxy.client.Credentials;
import dev.pgrelay.proxy.client.SessionPins;
import dev.pgrelay.proxy.client.StatementAnalyzer;
import dev.pgrelay.proxy.net.Transport;
import dev.pgrelay.proxy.pool.PoolRegistry;
import dev.pgrelay.proxy.security.AuthQuery;
import dev.pgrelay.proxy.topology.Topology;
import java.util.Objects;
import java.util.Optional;

/**
 * The shared services every client session works with, built once per running pgrelay: configuration,
 * credentials, the client registry, pools, topology, router, statement analysis, pin counters and the admin
 * console. The configuration is the one running now: a reload replaces it, so read it per use, not once.
 */
public final class RelayContext {
    private final Transport transport;
    private final Credentials credentials;
    private final ClientRegistry clients;
    private final PoolRegistry pools;
    private final Topology topology;
    private final Router router;
    private final StatementAnalyzer analyzer;
    private final SessionPins pins;
    /** Present when auth_query is configured; like the other services, it keeps the settings pgrelay started with. */
    private final Optional<AuthQuery> authQuery;
    private volatile PgRelayConfig config;
    private volatile AdminConsole admin;

    public RelayContext(PgRelayConfig config, Transport transport, Credentials credentials, ClientRegistry clients,
                        PoolRegistry pools, Topology topology, Router router, StatementAnalyzer analyzer,
                        SessionPins pins) {
        this.config = Objects.requireNonNull(config, "config");
        this.transport = transport;
        this.credentials = credentials;
        this.clients = clients;
        this.pools = pools;
        this.topology = topology;
        this.router = router;
        this.analyzer = analyzer;
        this.pins = pins;
        this.authQuery = config.authQuery().map(settings -> new AuthQuery(settings, router));
    }

    /** The configuration running now (replaced by a reload). */
    public PgRelayConfig config() {
        return config;
    }

    /** Makes {@code reloaded} the running configuration; see PgRelay#reload for what follows it live. */
    public void config(PgRelayConfig reloaded) {
        this.config = Objects.requireNonNull(reloaded, "reloaded");
    }

    public Transport transport() {
        return transport;
    }

    public Credentials credentials() {
        return credentials;
    }

    public ClientRegistry clients() {
        return clients;
    }

    public PoolRegistry pools() {
        return pools;
    }

    public Topology topology() {
        return topology;
    }

    public Router router() {
        return router;
    }

    public StatementAnalyzer analyzer() {
        return analyzer;
    }

    public SessionPins pins() {
        return pins;
    }

    /** Looks up the secrets of users not in {@code users}; empty without auth_query. */
    public Optional<AuthQuery> authQuery() {
        return authQuery;
    }

    /** The console behind the virtual database {@code pgrelay}; set once while pgrelay starts. */
    public AdminConsole admin() {
        AdminConsole console = admin;
        if (console == null) {
            throw new IllegalStateException("the admin console is not wired yet");
        }
        return console;
    }

    public void admin(AdminConsole console) {
        this.admin = Objects.requireNonNull(console, "console");
    }
}
