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
import dev.pgrelay.proxy.security.LoginPolicy;
import dev.pgrelay.proxy.topology.Topology;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The shared services every client session works with, built once per running pgrelay: configuration,
 * credentials, the client registry, pools, topology, router, statement analysis, the login policy, pin counters
 * and the admin console. The configuration, statement analysis and login policy are the ones running now: a
 * reload replaces them together ({@link #reload}), so read them per use, not once.
 */
public final class RelayContext {
    private final Transport transport;
    private final Credentials credentials;
    private final ClientRegistry clients;
    private final PoolRegistry pools;
    private final Topology topology;
    private final Router router;
    private final SessionPins pins;
    /** One volatile load gives a consistent set: a client never mixes two configurations' parts. */
    private volatile LiveSettings live;
    /** Present when auth_query is configured; it keeps the settings pgrelay started with (restart-only). */
    private final Optional<AuthQuery> authQuery;
    private volatile AdminConsole admin;

    /** What a reload replaces at once. */
    private record LiveSettings(PgRelayConfig config, StatementAnalyzer analyzer, LoginPolicy login) {
    }

    public RelayContext(PgRelayConfig config, Transport transport, Credentials credentials, ClientRegistry clients,
                        PoolRegistry pools, Topology topology, Router router, StatementAnalyzer analyzer,
                        LoginPolicy login, SessionPins pins) {
        this.live = new LiveSettings(Objects.requireNonNull(config, "config"), analyzer, login);
        this.transport = transport;
        this.credentials = credentials;
        this.clients = clients;
        this.pools = pools;
        this.topology = topology;
        this.router = router;
        this.pins = pins;
        this.authQuery = config.authQuery().map(settings -> new AuthQuery(settings, router));
    }

    /** The configuration running now (replaced by a reload). */
    public PgRelayConfig config() {
        return live.config();
    }

    /**
     * Makes {@code reloaded} the running configuration for client sessions: logins from now on meet its users,
     * hba rules and client limits (pool.max_clients, limits.max_user_clients, max_db_clients), and statements are
     * classified with its routing.read_only_functions. The classification cache is kept unless that list changed.
     */
    public void reload(PgRelayConfig reloaded) {
        LiveSettings current = live;
        StatementAnalyzer analyzer = current.config().routing().readOnlyFunctions()
                .equals(reloaded.routing().readOnlyFunctions()) ? current.analyzer()
                : StatementAnalyzer.standard(Set.copyOf(reloaded.routing().readOnlyFunctions()));
        live = new LiveSettings(reloaded, analyzer, current.login().reloaded(reloaded));
        clients.maxClients(reloaded.pool().maxClients());
        credentials.forgetAll();
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

    /** Statement analysis with the running routing.read_only_functions. */
    public StatementAnalyzer analyzer() {
        return live.analyzer();
    }

    /** What a client logging in now must get past: TLS, the hba rules and client limits running now. */
    public LoginPolicy loginPolicy() {
        return live.login();
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
