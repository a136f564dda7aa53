package dev.pgrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;

/** Config texts and helpers shared by the tests: parse with a fixed environment, expect an error at a line. */
final class ConfigTexts {
    static final String SOURCE = "pgrelay.yaml";
    static final Map<String, String> ENVIRONMENT = Map.of("APP_PASSWORD", "s3cret", "SMOKE_PASSWORD", "secret");

    /** The configuration contract example of ARCHITECTURE.md, verbatim. */
    static final String CONTRACT_EXAMPLE = """
            listen: 127.0.0.1:6432          # host:port for client connections
            admin_http: 127.0.0.1:9187      # /metrics (Prometheus), /health, /ready
            nodes:                          # every server of the cluster; pgrelay finds the primary itself
              - { host: 127.0.0.1, port: 5432 }
              - { host: 127.0.0.1, port: 5433, weight: 2 }
            users:                          # client auth and server login
              - { name: app, password: "${APP_PASSWORD}" }   # ${VAR} expands from the environment
            admin_users: [app]              # may use the admin console: psql ... dbname=pgrelay
            pool:
              mode: transaction             # session | transaction | statement
              size: 20                      # server connections per (node, user, database)
              max_clients: 10000
            routing:
              read_write_split: true        # reads to replicas, writes/transactions to the primary
              balance: round_robin          # round_robin | weighted | least_connections | p2c_latency
              max_replica_lag: 16MB         # replicas further behind get no reads
            health:
              interval: 1s
              timeout: 1s
              failures_before_down: 3
            failover:
              wait_for_primary: 30s         # how long a write waits for a new primary before erroring
            tls:                            # optional
              client: { mode: allow, cert: /path/server.crt, key: /path/server.key }  # disable | allow | require
              server: { mode: prefer, ca: /path/root.crt }  # disable | prefer | require | verify-ca | verify-full
            """;

    /** The flow-style config contract-smoke.sh writes (with its ports filled in). */
    static final String SMOKE_CONFIG = """
            listen: 127.0.0.1:35434
            admin_http: 127.0.0.1:35435
            nodes:
              - { host: 127.0.0.1, port: 35432 }
              - { host: 127.0.0.1, port: 35433 }
            users:
              - { name: app, password: "${SMOKE_PASSWORD}" }
            admin_users: [app]
            pool: { mode: transaction, size: 5, max_clients: 1000 }
            routing: { read_write_split: true, balance: round_robin, max_replica_lag: 16MB }
            health: { interval: 1s, timeout: 1s, failures_before_down: 3 }
            failover: { wait_for_primary: 30s }
            """;

    /** The two keys every config needs; tests append the settings they are about. */
    static final String MINIMAL = """
            nodes:
              - host: db1
            users:
              - name: app
                password: pw
            """;

    private ConfigTexts() {
    }

    static PgRelayConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, SOURCE, ENVIRONMENT::get);
    }

    /** Parses {@code yaml}, expecting failure at {@code line} about {@code key}; returns the message for more checks. */
    static String errorOf(String yaml, int line, String key) {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
        assertThat(error).as("expected a ConfigException for:%n%s", yaml).isNotNull();
        assertThat(error.line()).as(error.getMessage()).isEqualTo(line);
        assertThat(error.key()).as(error.getMessage()).isEqualTo(key);
        assertThat(error.getMessage()).startsWith(SOURCE + (line > 0 ? ":" + line + ": " : ": "));
        if (key != null) {
            assertThat(error.getMessage()).contains(key);
        }
        return error.getMessage();
    }
}
