package dev.pgrelay.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgrelay.config.ConfigLoader;
import dev.pgrelay.config.HostPort;
import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.config.PoolMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayConfigYamlTest {

    private static final String GENERATED = """
            listen: 127.0.0.1:0
            nodes:
              - { host: 127.0.0.1, port: 5432 }
            pool: { mode: session, size: 10 }
            """;

    private static final List<HostPort> TWO_NODES = List.of(new HostPort("127.0.0.1", 5432), new HostPort("db-replica", 5433));

    // --- what the generated config says, read back through the real config loader ---

    @Test
    void generatedConfigHasTheNodesInOrderAndOneUserWhoIsAlsoTheAdmin() {
        PgRelayConfig config = load(new RelayConfigYaml().nodes(TWO_NODES).user("app", "secret"));

        assertThat(config.nodes()).extracting(NodeConfig::address).isEqualTo(TWO_NODES);
        assertThat(config.users()).singleElement().satisfies(user -> {
            assertThat(user.name()).isEqualTo("app");
            assertThat(user.password()).isEqualTo("secret");
        });
        assertThat(config.adminUsers()).containsExactly("app");
    }

    @Test
    void byDefaultItListensOnAFreeLoopbackPortWithoutAdminHttpAndPoolsPerSession() {
        PgRelayConfig config = load(new RelayConfigYaml().nodes(TWO_NODES).user("app", "secret"));

        assertThat(config.listen()).isEqualTo(new HostPort("127.0.0.1", 0));
        assertThat(config.adminHttp()).isEmpty();
        assertThat(config.pool().mode()).isEqualTo(PoolMode.SESSION);
        assertThat(config.pool().size()).isEqualTo(10);
    }

    @Test
    void listenAdminHttpAndPoolAreWhatWasSet() {
        PgRelayConfig config = load(new RelayConfigYaml().nodes(TWO_NODES).user("app", "secret")
                .listen(new HostPort("0.0.0.0", 6432)).adminHttp(new HostPort("0.0.0.0", 9187))
                .poolMode("transaction").poolSize(3));

        assertThat(config.listen()).isEqualTo(new HostPort("0.0.0.0", 6432));
        assertThat(config.adminHttp()).contains(new HostPort("0.0.0.0", 9187));
        assertThat(config.pool().mode()).isEqualTo(PoolMode.TRANSACTION);
        assertThat(config.pool().size()).isEqualTo(3);
    }

    @Test
    void passwordsAndIpv6HostsWithYamlSyntaxInThemArriveLiterally() {
        String password = "p@ss: \"quoted\" \\ # not a comment";
        PgRelayConfig config = load(new RelayConfigYaml().nodes(List.of(new HostPort("::1", 5432))).user("app", password)
                .listen(new HostPort("::1", 0)));

        assertThat(config.users().get(0).password()).isEqualTo(password);
        assertThat(config.nodes().get(0).address()).isEqualTo(new HostPort("::1", 5432));
        assertThat(config.listen()).isEqualTo(new HostPort("::1", 0));
    }

    @Test
    void overridesReplaceGeneratedBlocksAndAddNewOnes() {
        PgRelayConfig config = load(new RelayConfigYaml().nodes(TWO_NODES).user("app", "secret").poolMode("transaction")
                .overrides("pool: { mode: statement, size: 2 }\nrouting: { read_write_split: true }\n"));

        assertThat(config.pool().mode()).isEqualTo(PoolMode.STATEMENT);
        assertThat(config.pool().size()).isEqualTo(2);
        assertThat(config.routing().readWriteSplit()).isTrue();
    }

    @Test
    void aConfigWithoutNodesOrUserIsRefusedBeforeItReachesTheLoader() {
        assertThatThrownBy(() -> new RelayConfigYaml().user("app", "secret").toYaml())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nodes");
        assertThatThrownBy(() -> new RelayConfigYaml().nodes(TWO_NODES).toYaml())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("user");
    }

    // --- merging the test's YAML, as text ---

    @Test
    void emptyTestYamlLeavesTheGeneratedConfigAsItIs() {
        assertThat(RelayConfigYaml.merge(GENERATED, "")).isEqualTo(GENERATED);
    }

    @Test
    void newTopLevelKeysAreAppended() {
        assertThat(RelayConfigYaml.merge(GENERATED, "limits:\n  max_message_size: 1MB\n"))
                .isEqualTo(GENERATED + "limits:\n  max_message_size: 1MB\n");
    }

    @Test
    void aTopLevelKeyOfTheGeneratedConfigReplacesItsWholeBlockInPlace() {
        String merged = RelayConfigYaml.merge(GENERATED, "nodes:\n- { host: 10.0.0.1, port: 6000 }\n# only one\n");

        assertThat(merged).isEqualTo("""
                listen: 127.0.0.1:0
                nodes:
                - { host: 10.0.0.1, port: 6000 }
                # only one
                pool: { mode: session, size: 10 }
                """);
    }

    @Test
    void replacingAndAppendingMixInOneTestYaml() {
        String merged = RelayConfigYaml.merge(GENERATED, """
                routing:
                  read_write_split: true
                pool:
                  mode: transaction
                  size: 2
                """);

        assertThat(merged).isEqualTo("""
                listen: 127.0.0.1:0
                nodes:
                  - { host: 127.0.0.1, port: 5432 }
                pool:
                  mode: transaction
                  size: 2
                routing:
                  read_write_split: true
                """);
    }

    private static PgRelayConfig load(RelayConfigYaml yaml) {
        return ConfigLoader.parse(yaml.toYaml(), "generated");
    }
}
