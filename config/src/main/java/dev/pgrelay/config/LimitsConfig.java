package dev.pgrelay.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code limits} section: the client message size cap and the timeouts that bound every wait.
 * A zero {@code queryWaitTimeout}, {@code idleTransactionTimeout}, {@code maxUserClients} or {@code maxDbClients}
 * means that limit is off.
 */
public record LimitsConfig(int maxMessageSize, Duration clientLoginTimeout, Duration serverConnectTimeout,
                           Duration queryWaitTimeout, Duration idleTransactionTimeout, Duration shutdownTimeout,
                           int maxUserClients, int maxDbClients) {
    static final List<String> KEYS = List.of("max_message_size", "client_login_timeout", "server_connect_timeout",
            "query_wait_timeout", "idle_transaction_timeout", "shutdown_timeout", "max_user_clients",
            "max_db_clients");
    /** Smallest cap accepted: below this, ordinary startup and auth messages would not fit. */
    static final int MIN_MESSAGE_SIZE = 8 * 1024;
    /** PostgreSQL itself rejects messages of 1GB and more, and frame lengths must fit an int. */
    static final int MAX_MESSAGE_SIZE = 1024 * 1024 * 1024;
    public static final LimitsConfig DEFAULT = new LimitsConfig(64 * 1024 * 1024, Duration.ofSeconds(15),
            Duration.ofSeconds(5), Duration.ZERO, Duration.ZERO, Duration.ofSeconds(30), 0, 0);

    public LimitsConfig {
        Objects.requireNonNull(clientLoginTimeout, "clientLoginTimeout");
        Objects.requireNonNull(serverConnectTimeout, "serverConnectTimeout");
        Objects.requireNonNull(queryWaitTimeout, "queryWaitTimeout");
        Objects.requireNonNull(idleTransactionTimeout, "idleTransactionTimeout");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    }

    static LimitsConfig read(YamlSection section) {
        return new LimitsConfig(
                section.get("max_message_size", DEFAULT.maxMessageSize,
                        text -> (int) ByteSizes.parseWithin(text, MIN_MESSAGE_SIZE, MAX_MESSAGE_SIZE)),
                section.duration("client_login_timeout", DEFAULT.clientLoginTimeout),
                section.get("server_connect_timeout", DEFAULT.serverConnectTimeout, Durations::parsePositive),
                section.duration("query_wait_timeout", DEFAULT.queryWaitTimeout),
                section.duration("idle_transaction_timeout", DEFAULT.idleTransactionTimeout),
                section.duration("shutdown_timeout", DEFAULT.shutdownTimeout),
                section.integer("max_user_clients", DEFAULT.maxUserClients, 0, Integer.MAX_VALUE),
                section.integer("max_db_clients", DEFAULT.maxDbClients, 0, Integer.MAX_VALUE));
    }

    Map<String, Object> printable() {
        return ConfigPrinter.ordered("max_message_size", ByteSizes.format(maxMessageSize),
                "client_login_timeout", Durations.format(clientLoginTimeout),
                "server_connect_timeout", Durations.format(serverConnectTimeout),
                "query_wait_timeout", Durations.format(queryWaitTimeout),
                "idle_transaction_timeout", Durations.format(idleTransactionTimeout),
                "shutdown_timeout", Durations.format(shutdownTimeout),
                "max_user_clients", maxUserClients, "max_db_clients", maxDbClients);
    }
}
