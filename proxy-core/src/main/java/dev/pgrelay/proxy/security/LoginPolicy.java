package dev.pgrelay.proxy.security;

import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.proxy.tls.ClientTls;

/**
 * What a client must get past to log in: TLS, hba rules and client limits. Built at start; a reload builds the
 * next one with {@link #reloaded}.
 */
public record LoginPolicy(ClientTls tls, AccessRules access, ClientLimits limits) {

    public static LoginPolicy from(PgRelayConfig config) {
        return new LoginPolicy(ClientTls.from(config), AccessRules.from(config),
                new ClientLimits(config.limits().maxUserClients(), config.limits().maxDbClients()));
    }

    /**
     * The policy for logins after a reload: the new hba rules, the same client counts under the new limits, and
     * the same TLS — tls is restart-only (see ReloadPlan), so its certificates stay as loaded at start.
     */
    public LoginPolicy reloaded(PgRelayConfig config) {
        limits.limit(config.limits().maxUserClients(), config.limits().maxDbClients());
        return new LoginPolicy(tls, AccessRules.from(config), limits);
    }
}
