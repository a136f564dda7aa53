package dev.pgrelay.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The {@code pool} section: how many server connections per (node, user, database) and how they age. */
public record PoolConfig(PoolMode mode, int size, int maxClients, Duration waitTimeout, int minIdle,
                         Duration serverIdleTimeout, Duration serverLifetime, String resetQuery) {
    static final List<String> KEYS = List.of("mode", "size", "max_clients", "wait_timeout", "min_idle",
            "server_idle_timeout", "server_lifetime", "reset_query");
    public static final PoolConfig DEFAULT = new PoolConfig(PoolMode.SESSION, 20, 10_000, Duration.ofSeconds(30), 0,
            Duration.ofMinutes(10), Duration.ofHours(1), "DISCARD ALL");

    public PoolConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(waitTimeout, "waitTimeout");
        Objects.requireNonNull(serverIdleTimeout, "serverIdleTimeout");
        Objects.requireNonNull(serverLifetime, "serverLifetime");
        Objects.requireNonNull(resetQuery, "resetQuery");
    }

    static PoolConfig read(YamlSection section) {
        PoolMode mode = section.choice("mode", DEFAULT.mode);
        int size = section.integer("size", DEFAULT.size, 1, Integer.MAX_VALUE);
        int maxClients = section.integer("max_clients", DEFAULT.maxClients, 1, Integer.MAX_VALUE);
        Duration waitTimeout = section.duration("wait_timeout", DEFAULT.waitTimeout);
        int minIdle = section.integer("min_idle", DEFAULT.minIdle, 0, Integer.MAX_VALUE);
        if (minIdle > size) {
            throw section.error("min_idle", "must not exceed pool.size (" + size + "), got " + minIdle);
        }
        return new PoolConfig(mode, size, maxClients, waitTimeout, minIdle,
                section.duration("server_idle_timeout", DEFAULT.serverIdleTimeout),
                section.duration("server_lifetime", DEFAULT.serverLifetime),
                section.get("reset_query", DEFAULT.resetQuery, text -> text));
    }

    Map<String, Object> printable() {
        return ConfigPrinter.ordered("mode", mode.configName(), "size", size, "max_clients", maxClients,
                "wait_timeout", Durations.format(waitTimeout), "min_idle", minIdle,
                "server_idle_timeout", Durations.format(serverIdleTimeout),
                "server_lifetime", Durations.format(serverLifetime), "reset_query", resetQuery);
    }
}
