package dev.pgrelay.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The whole validated configuration of one pgrelay instance; build it with {@link ConfigLoader}. */
public record PgRelayConfig(HostPort listen, Optional<HostPort> adminHttp, List<NodeConfig> nodes,
                            List<UserConfig> users, List<String> adminUsers, PoolConfig pool, RoutingConfig routing,
                            HealthConfig health, FailoverConfig failover, Optional<TlsConfig> tls,
                            LimitsConfig limits, LedgerConfig ledger, List<HbaRule> hba,
                            Optional<AuthQueryConfig> authQuery) {
    static final List<String> KEYS = List.of("listen", "admin_http", "nodes", "users", "admin_users", "pool",
            "routing", "health", "failover", "tls", "limits", "ledger", "hba", "auth_query");
    public static final HostPort DEFAULT_LISTEN = new HostPort("127.0.0.1", 6432);

    public PgRelayConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(adminHttp, "adminHttp");
        nodes = List.copyOf(nodes);
        users = List.copyOf(users);
        adminUsers = List.copyOf(adminUsers);
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(failover, "failover");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(ledger, "ledger");
        hba = List.copyOf(hba);
        Objects.requireNonNull(authQuery, "authQuery");
    }

    /** A configuration without auth_query: only the listed users may log in. */
    public PgRelayConfig(HostPort listen, Optional<HostPort> adminHttp, List<NodeConfig> nodes, List<UserConfig> users,
                         List<String> adminUsers, PoolConfig pool, RoutingConfig routing, HealthConfig health,
                         FailoverConfig failover, Optional<TlsConfig> tls, LimitsConfig limits, LedgerConfig ledger,
                         List<HbaRule> hba) {
        this(listen, adminHttp, nodes, users, adminUsers, pool, routing, health, failover, tls, limits, ledger, hba,
                Optional.empty());
    }

    public Optional<UserConfig> user(String name) {
        return users.stream().filter(user -> user.name().equals(name)).findFirst();
    }

    /** True when {@code user} may use the admin console (virtual database {@code pgrelay}). */
    public boolean isAdmin(String user) {
        return adminUsers.contains(user);
    }

    /** The effective configuration as YAML, defaults filled in and passwords masked (for check-config). */
    public String toYaml() {
        return ConfigPrinter.print(this);
    }

    static PgRelayConfig read(YamlSection root) {
        HostPort listen = root.get("listen", DEFAULT_LISTEN, HostPort::parseListenAddress);
        Optional<HostPort> adminHttp = root.optional("admin_http", HostPort::parseListenAddress);
        List<NodeConfig> nodes = NodeConfig.readAll(root);
        List<UserConfig> users = UserConfig.readAll(root);
        List<String> userNames = users.stream().map(UserConfig::name).toList();
        List<String> adminUsers = root.list("admin_users", name -> {
            if (!userNames.contains(name)) {
                throw new IllegalArgumentException("'" + name + "' is not one of the users (" + String.join(", ", userNames) + ")");
            }
            return name;
        });
        return new PgRelayConfig(listen, adminHttp, nodes, users, adminUsers,
                PoolConfig.read(root.section("pool", PoolConfig.KEYS)),
                RoutingConfig.read(root.section("routing", RoutingConfig.KEYS)),
                HealthConfig.read(root.section("health", HealthConfig.KEYS)),
                FailoverConfig.read(root.section("failover", FailoverConfig.KEYS)),
                root.optionalSection("tls", TlsConfig.KEYS).map(TlsConfig::read),
                LimitsConfig.read(root.section("limits", LimitsConfig.KEYS)),
                LedgerConfig.read(root.section("ledger", LedgerConfig.KEYS)),
                HbaRule.readAll(root),
                root.optionalSection("auth_query", AuthQueryConfig.KEYS).map(section -> AuthQueryConfig.read(section, users)));
    }
}
