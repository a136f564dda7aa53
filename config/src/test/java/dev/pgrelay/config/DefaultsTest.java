package dev.pgrelay.config;

import static dev.pgrelay.config.ConfigTexts.MINIMAL;
import static dev.pgrelay.config.ConfigTexts.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DefaultsTest {
    private final PgRelayConfig config = parse(MINIMAL);

    @Test
    void listensOnLocalhost6432WithAdminHttpDisabled() {
        assertThat(config.listen()).isEqualTo(new HostPort("127.0.0.1", 6432));
        assertThat(config.adminHttp()).isEmpty();
        assertThat(config.adminUsers()).isEmpty();
        assertThat(config.tls()).isEmpty();
        assertThat(config.ledger().path()).isEmpty();
    }

    @Test
    void nodeDefaultsToPort5432WeightOneAndHostPortName() {
        assertThat(config.nodes()).containsExactly(new NodeConfig("db1:5432", "db1", 5432, 1));
        assertThat(config.nodes()).extracting(NodeConfig::weight).containsExactly(1);
    }

    @Test
    void userDefaultsToScramAndThePoolsSize() {
        assertThat(config.users()).containsExactly(new UserConfig("app", "pw", AuthMethod.SCRAM_SHA_256, OptionalInt.empty()));
    }

    @Test
    void poolDefaults() {
        assertThat(config.pool()).isEqualTo(new PoolConfig(PoolMode.SESSION, 20, 10_000, Duration.ofSeconds(30), 0,
                Duration.ofMinutes(10), Duration.ofHours(1), "DISCARD ALL"));
    }

    @Test
    void routingDefaults() {
        assertThat(config.routing()).isEqualTo(new RoutingConfig(false, BalanceStrategy.ROUND_ROBIN,
                ReplicaLagLimit.ofBytes(16L * 1024 * 1024), true, false, List.of()));
    }

    @Test
    void healthAndFailoverDefaults() {
        assertThat(config.health()).isEqualTo(new HealthConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), 3));
        assertThat(config.failover()).isEqualTo(new FailoverConfig(Duration.ofSeconds(30)));
    }

    @Test
    void limitsDefaults() {
        assertThat(config.limits()).isEqualTo(new LimitsConfig(64 * 1024 * 1024, Duration.ofSeconds(15),
                Duration.ofSeconds(5), Duration.ZERO, Duration.ZERO, Duration.ofSeconds(30), 0, 0));
        assertThat(config.hba()).as("no hba rules: users[].auth decides").isEmpty();
    }

    @Test
    void tlsSectionWithoutServerPartDefaultsServerToPrefer() {
        PgRelayConfig withTls = parse(MINIMAL + "tls: { client: { mode: disable } }\n");

        assertThat(withTls.tls()).contains(new TlsConfig(
                new ClientTlsConfig(ClientTlsMode.DISABLE, Optional.empty(), Optional.empty()),
                new ServerTlsConfig(ServerTlsMode.PREFER, Optional.empty())));
    }

    @Test
    void explicitNullMeansDefault() {
        PgRelayConfig withNulls = parse(MINIMAL + "admin_http: ~\npool:\n  size: null\nledger:\n");

        assertThat(withNulls.adminHttp()).isEmpty();
        assertThat(withNulls.pool().size()).isEqualTo(20);
        assertThat(withNulls.ledger()).isEqualTo(LedgerConfig.DEFAULT);
    }

    @Test
    void trustUserNeedsNoPassword() {
        PgRelayConfig trusting = parse("nodes: [{ host: db1 }]\nusers: [{ name: ops, auth: trust, pool_size: 3 }]\n");

        assertThat(trusting.users()).containsExactly(new UserConfig("ops", null, AuthMethod.TRUST, OptionalInt.of(3)));
    }
}
