package dev.pgrelay.proxy.admin;

import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.config.PoolConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a reload can change while clients stay connected, and what needs a restart. Live: users (passwords,
 * auth, pool_size), admin_users and the pool limits (size, min_idle, wait_timeout, server_idle_timeout,
 * server_lifetime, reset_query). Everything else is wired into listeners, health checkers and routers at start:
 * a changed value there is reported and the running value kept.
 *
 * @param effective the configuration to run from now on
 * @param needsRestart the top-level keys (or pool.mode / pool.max_clients) whose new values were not applied
 */
public record ReloadPlan(PgRelayConfig effective, List<String> needsRestart) {
    /** The keys SHOW CONFIG marks changeable. */
    static final Set<String> LIVE_KEYS = Set.of("users", "admin_users", "pool.size", "pool.min_idle",
            "pool.wait_timeout", "pool.server_idle_timeout", "pool.server_lifetime", "pool.reset_query");

    public static ReloadPlan between(PgRelayConfig running, PgRelayConfig loaded) {
        List<String> restart = new ArrayList<>();
        note(restart, "listen", running.listen(), loaded.listen());
        note(restart, "admin_http", running.adminHttp(), loaded.adminHttp());
        note(restart, "nodes", running.nodes(), loaded.nodes());
        note(restart, "pool.mode", running.pool().mode(), loaded.pool().mode());
        note(restart, "pool.max_clients", running.pool().maxClients(), loaded.pool().maxClients());
        note(restart, "routing", running.routing(), loaded.routing());
        note(restart, "health", running.health(), loaded.health());
        note(restart, "failover", running.failover(), loaded.failover());
        note(restart, "tls", running.tls(), loaded.tls());
        note(restart, "limits", running.limits(), loaded.limits());
        note(restart, "ledger", running.ledger(), loaded.ledger());
        note(restart, "hba", running.hba(), loaded.hba());
        note(restart, "auth_query", running.authQuery(), loaded.authQuery());
        PoolConfig pool = loaded.pool();
        PoolConfig mergedPool = new PoolConfig(running.pool().mode(), pool.size(), running.pool().maxClients(),
                pool.waitTimeout(), pool.minIdle(), pool.serverIdleTimeout(), pool.serverLifetime(),
                pool.resetQuery());
        PgRelayConfig effective = new PgRelayConfig(running.listen(), running.adminHttp(), running.nodes(),
                loaded.users(), loaded.adminUsers(), mergedPool, running.routing(), running.health(),
                running.failover(), running.tls(), running.limits(), running.ledger(), running.hba(),
                running.authQuery());
        return new ReloadPlan(effective, List.copyOf(restart));
    }

    private static void note(List<String> restart, String key, Object running, Object loaded) {
        if (!Objects.equals(running, loaded)) {
            restart.add(key);
        }
    }
}
