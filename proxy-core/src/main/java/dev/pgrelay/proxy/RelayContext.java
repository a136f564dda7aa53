package dev.pgrelay.proxy;

import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.proxy.client.ClientRegistry;
import dev.pgrelay.proxy.client.Credentials;
import dev.pgrelay.proxy.client.SessionPins;
import dev.pgrelay.proxy.client.StatementAnalyzer;
import dev.pgrelay.proxy.net.Transport;
import dev.pgrelay.proxy.pool.PoolRegistry;
import dev.pgrelay.proxy.topology.Topology;

/**
 * The shared services every client session works with, built once per running pgrelay: configuration,
 * credentials, the client registry, pools, topology, router, statement analysis and pin counters.
 */
public record RelayContext(PgRelayConfig config, Transport transport, Credentials credentials,
                           ClientRegistry clients, PoolRegistry pools, Topology topology, Router router,
                           StatementAnalyzer analyzer, SessionPins pins) {
}
