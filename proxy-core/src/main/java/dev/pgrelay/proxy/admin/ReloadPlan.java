package dev.pgrelay.proxy.admin;

import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.config.PoolConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a reload changes while clients stay connected, and what waits for a restart.
 *
 * <p>Live — everything but the keys below: users (passwords, auth, pool_size) and admin_users; nodes (an added
 * node is health-checked and gets traffic once healthy; a removed node gets no new leases, its idle server
 * connections close and leased ones close when released; a new weight counts from the next read); pool.size,
 * min_idle, wait_timeout, server_idle_timeout, server_lifetime, reset_query and max_clients; routing (also for
 * connected clients' next transaction); health (every probe reschedules to the new interval); failover; limits
 * and hba (from the next login, lease or timer; a connected client keeps the max_message_size its frame decoder
 * was built with). Lowered client limits turn new clients away and leave connected ones alone.
 *
 * <p>Restart only — the running value is kept and the key reported:
 * <ul>
 * <li>{@code listen} and {@code admin_http}: the sockets are bound once. Rebinding live leaves a moment with no
 *     listener (clients refused) and, if the new address cannot be bound, no way back to the old one.</li>
 * <li>{@code pool.mode}: every connected session was set up for the mode it logged in with — when its server
 *     connection goes back, what is reset, what pins it. Switching under it would break session semantics
 *     for clients already inside a transaction or holding session state.</li>
 * <li>{@code tls}: certificates and keys are loaded into the TLS contexts at start, and a half-applied change
 *     (a new key that does not match its certificate, a CA file being rewritten) would fail every new TLS login
 *     with nothing to fall back on; a restart checks them before taking traffic.</li>
 * <li>{@code ledger}: the ledger file is opened once and its records continue the file's history; switching
 *     files in the middle of a run would split one run's records (and a failover in progress) in two.</li>
 * <li>{@code auth_query}: the lookup, its auth user's pool and its cache of secrets are built at start; the
 *     server credentials of users found through it come from logins checked against that lookup, and a live
 *     switch would leave connected clients' pools logging in with what the old lookup proved.</li>
 * </ul>
 *
 * @param effective the configuration to run from now on
 * @param needsRestart the restart-only keys whose new values were not applied
 */
public record ReloadPlan(PgRelayConfig effective, List<String> needsRestart) {
    /** The keys (and what is below them) a reload does not change; SHOW CONFIG marks everything else changeable. */
    static final List<String> RESTART_ONLY = List.of("listen", "admin_http", "pool.mode", "tls", "ledger",
            "auth_query");

    public static ReloadPlan between(PgRelayConfig running, PgRelayConfig loaded) {
        List<String> restart = new ArrayList<>();
        note(restart, "listen", running.listen(), loaded.listen());
        note(restart, "admin_http", running.adminHttp(), loaded.adminHttp());
        note(restart, "pool.mode", running.pool().mode(), loaded.pool().mode());
        note(restart, "tls", running.tls(), loaded.tls());
        note(restart, "ledger", running.ledger(), loaded.ledger());
        note(restart, "auth_query", running.authQuery(), loaded.authQuery());
        PoolConfig pool = loaded.pool();
        PoolConfig mergedPool = new PoolConfig(running.pool().mode(), pool.size(), pool.maxClients(),
                pool.waitTimeout(), pool.minIdle(), pool.serverIdleTimeout(), pool.serverLifetime(),
                pool.resetQuery());
        PgRelayConfig effective = new PgRelayConfig(running.listen(), running.adminHttp(), loaded.nodes(),
                loaded.users(), loaded.adminUsers(), mergedPool, loaded.routing(), loaded.health(),
                loaded.failover(), running.tls(), loaded.limits(), running.ledger(), loaded.hba(),
                running.authQuery());
        return new ReloadPlan(effective, List.copyOf(restart));
    }

    /** Whether a reload applies {@code key} (a SHOW CONFIG key such as pool.size or nodes[1].weight) live. */
    static boolean isLive(String key) {
        return RESTART_ONLY.stream().noneMatch(restartOnly -> key.equals(restartOnly)
                || key.startsWith(restartOnly + ".") || key.startsWith(restartOnly + "["));
    }

    private static void note(List<String> restart, String key, Object running, Object loaded) {
        if (!Objects.equals(running, loaded)) {
            restart.add(key);
        }
    }
}
