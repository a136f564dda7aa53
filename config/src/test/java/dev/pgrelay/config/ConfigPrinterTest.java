package dev.pgrelay.config;

import static dev.pgrelay.config.ConfigTexts.CONTRACT_EXAMPLE;
import static dev.pgrelay.config.ConfigTexts.MINIMAL;
import static dev.pgrelay.config.ConfigTexts.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigPrinterTest {
    private static final String EVERY_SETTING = """
            listen: "[::1]:7000"
            admin_http: 0.0.0.0:9187
            nodes:
              - { host: db1, port: 5433, weight: 0, name: primary }
              - { host: "::1" }
            users:
              - { name: app, password: "a$$b", auth: md5, pool_size: 7 }
              - { name: "ops$$", auth: trust }
            admin_users: ["ops$$"]
            pool:
              mode: statement
              size: 9
              max_clients: 99
              wait_timeout: 1.5s
              min_idle: 2
              server_idle_timeout: 0
              server_lifetime: 2h
              reset_query: "SELECT 'it''s $$1', '$${NOT_A_VARIABLE}'"
            routing:
              read_write_split: yes
              balance: p2c_latency
              max_replica_lag: 10s
              primary_reads: false
              read_your_writes: true
              read_only_functions: [now, "price$$$$"]
            health: { interval: 250ms, timeout: 2s, failures_before_down: 5 }
            failover: { wait_for_primary: 1m }
            tls:
              client: { mode: require, cert: /c.pem, key: /k.pem }
              server: { mode: verify-ca, ca: "/ca dir/root.crt" }
            limits:
              max_message_size: 1536kB
              client_login_timeout: 20s
              server_connect_timeout: 3s
              query_wait_timeout: 40s
              idle_transaction_timeout: 5m
              shutdown_timeout: 1m
              max_user_clients: 50
              max_db_clients: 200
            ledger:
              path: /var/lib/pgrelay/ledger
            hba:
              - { user: app, database: sales, address: 10.0.0.0/8, method: md5 }
              - { address: "::1", method: trust }
              - { method: reject }
            auth_query:
              user: lookup
              password: "l$$pw"
              query: "SELECT usename, passwd FROM public.lookup($$1)"
              database: postgres
              cache: 2s
            """;

    /** Literal dollars (written $$) must survive the round trip without turning into ${...} references. */
    @ParameterizedTest
    @ValueSource(strings = {MINIMAL, CONTRACT_EXAMPLE, EVERY_SETTING})
    void printedConfigReadsBackEqualWithPasswordsMasked(String yaml) {
        PgRelayConfig config = parse(yaml);

        PgRelayConfig reread = parse(config.toYaml());

        assertThat(reread).isEqualTo(withMaskedPasswords(config));
    }

    @Test
    void printShowsDefaultsAndMasksPasswords() {
        String printed = ConfigPrinter.print(parse(MINIMAL));

        assertThat(printed)
                .contains("listen: 127.0.0.1:6432", "admin_http: null", "mode: session", "wait_timeout: 30s",
                        "max_replica_lag: 16MB", "max_message_size: 64MB", "reset_query: DISCARD ALL")
                .contains("password: '*****'")
                .doesNotContain("password: pw");
    }

    private static PgRelayConfig withMaskedPasswords(PgRelayConfig config) {
        return new PgRelayConfig(config.listen(), config.adminHttp(), config.nodes(),
                config.users().stream().map(ConfigPrinterTest::masked).toList(),
                config.adminUsers(), config.pool(), config.routing(), config.health(), config.failover(),
                config.tls(), config.limits(), config.ledger(), config.hba(),
                config.authQuery().map(authQuery -> new AuthQueryConfig(masked(authQuery.user()), authQuery.query(),
                        authQuery.database(), authQuery.cache())));
    }

    private static UserConfig masked(UserConfig user) {
        return new UserConfig(user.name(), user.password() == null ? null : "*****", user.auth(), user.poolSize());
    }
}
