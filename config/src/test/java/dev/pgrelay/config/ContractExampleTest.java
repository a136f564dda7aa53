package dev.pgrelay.config;

import static dev.pgrelay.config.ConfigTexts.CONTRACT_EXAMPLE;
import static dev.pgrelay.config.ConfigTexts.SMOKE_CONFIG;
import static dev.pgrelay.config.ConfigTexts.errorOf;
import static dev.pgrelay.config.ConfigTexts.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ContractExampleTest {

    @Test
    void contractExampleParsesToTheRecordsItDescribes() {
        PgRelayConfig expected = new PgRelayConfig(
                new HostPort("127.0.0.1", 6432),
                Optional.of(new HostPort("127.0.0.1", 9187)),
                List.of(new NodeConfig("127.0.0.1:5432", "127.0.0.1", 5432, 1),
                        new NodeConfig("127.0.0.1:5433", "127.0.0.1", 5433, 2)),
                List.of(new UserConfig("app", "s3cret", AuthMethod.SCRAM_SHA_256, OptionalInt.empty())),
                List.of("app"),
                new PoolConfig(PoolMode.TRANSACTION, 20, 10_000, Duration.ofSeconds(30), 0, Duration.ofMinutes(10),
                        Duration.ofHours(1), "DISCARD ALL"),
                new RoutingConfig(true, BalanceStrategy.ROUND_ROBIN, ReplicaLagLimit.ofBytes(16 * 1024 * 1024), true,
                        false, List.of()),
                new HealthConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), 3),
                new FailoverConfig(Duration.ofSeconds(30)),
                Optional.of(new TlsConfig(
                        new ClientTlsConfig(ClientTlsMode.ALLOW, Optional.of(Path.of("/path/server.crt")),
                                Optional.of(Path.of("/path/server.key"))),
                        new ServerTlsConfig(ServerTlsMode.PREFER, Optional.of(Path.of("/path/root.crt"))))),
                LimitsConfig.DEFAULT,
                LedgerConfig.DEFAULT,
                List.of(),
                Optional.empty());

        assertThat(parse(CONTRACT_EXAMPLE)).isEqualTo(expected);
        // Node equality leaves the weight out (see NodeConfig), so the weights are compared on their own.
        assertThat(parse(CONTRACT_EXAMPLE).nodes()).extracting(NodeConfig::weight).containsExactly(1, 2);
    }

    @Test
    void smokeTestsFlowStyleConfigIsAccepted() {
        PgRelayConfig config = parse(SMOKE_CONFIG);

        assertThat(config.pool().mode()).isEqualTo(PoolMode.TRANSACTION);
        assertThat(config.pool().size()).isEqualTo(5);
        assertThat(config.pool().maxClients()).isEqualTo(1000);
        assertThat(config.user("app")).map(UserConfig::password).contains("secret");
        assertThat(config.nodes()).extracting(NodeConfig::port).containsExactly(35432, 35433);
        assertThat(config.routing().readWriteSplit()).isTrue();
        assertThat(config.failover().waitForPrimary()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void misspelledAdminUsersIsRejectedNamingTheKeyAndItsLine() {
        String message = errorOf(SMOKE_CONFIG.replace("admin_users:", "admin_userz:"), 8, "admin_userz");

        assertThat(message).contains("unknown key 'admin_userz'").contains("admin_users");
    }

    @Test
    void userLookupAndAdminCheck() {
        PgRelayConfig config = parse(CONTRACT_EXAMPLE);

        assertThat(config.user("app")).isPresent();
        assertThat(config.user("nobody")).isEmpty();
        assertThat(config.isAdmin("app")).isTrue();
        assertThat(config.isAdmin("nobody")).isFalse();
    }
}
