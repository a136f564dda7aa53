package dev.pgrelay.proxy.security;

import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.proxy.tls.ClientTls;

/** What a client must get past to log in, built once per running pgrelay: TLS, hba rules and client limits. */
public record LoginPolicy(ClientTls tls, AccessRules access, ClientLimits limits) {

    public static LoginPolicy from(PgRelayConfig config) {
        return new LoginPolicy(ClientTls.from(config), AccessRules.from(config),
                new ClientLimits(config.limits().maxUserClients(), config.limits().maxDbClients()));
    }
}
