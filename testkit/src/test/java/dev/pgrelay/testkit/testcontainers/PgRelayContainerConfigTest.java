package dev.pgrelay.testkit.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgrelay.config.ConfigLoader;
import dev.pgrelay.config.HostPort;
import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.config.PoolMode;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Network;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * How a {@link PgRelayContainer} is wired to its PostgreSQL containers, checked without Docker: nothing here
 * starts a container, pulls an image or creates a network (Testcontainers does all of that lazily, at start).
 */
class PgRelayContainerConfigTest {

    private static final String IMAGE = "pgrelay/pgrelay:0.1.0";

    @Test
    void pgrelayReachesEveryNodeByItsNetworkAliasAndLogsInWithTheNodesLogin() {
        PostgreSQLContainer primary = postgres();
        PostgreSQLContainer replica = postgres();

        PgRelayConfig config = load(new PgRelayContainer(IMAGE).withNodes(primary, replica));

        assertThat(config.nodes()).extracting(NodeConfig::address).containsExactly(
                new HostPort(primary.getNetworkAliases().get(0), 5432), new HostPort(replica.getNetworkAliases().get(0), 5432));
        assertThat(config.users()).singleElement().satisfies(user -> {
            assertThat(user.name()).isEqualTo("shop");
            assertThat(user.password()).isEqualTo("s3cret");
        });
        assertThat(config.adminUsers()).containsExactly("shop");
    }

    @Test
    void pgrelayListensOnEveryInterfaceAtTheImagesPorts() {
        PgRelayContainer relay = new PgRelayContainer(IMAGE).withNodes(postgres());

        PgRelayConfig config = load(relay);

        assertThat(config.listen()).isEqualTo(new HostPort("0.0.0.0", PgRelayContainer.PORT));
        assertThat(config.adminHttp()).contains(new HostPort("0.0.0.0", PgRelayContainer.ADMIN_HTTP_PORT));
        assertThat(relay.getExposedPorts()).containsExactlyInAnyOrder(PgRelayContainer.PORT, PgRelayContainer.ADMIN_HTTP_PORT);
    }

    @Test
    void poolSettingsAndExtraYamlEndUpInTheConfig() {
        PgRelayConfig config = load(new PgRelayContainer(IMAGE).withNodes(postgres())
                .withPoolMode("transaction").withPoolSize(4)
                .withRelayConfig("routing: { read_write_split: true }\n"));

        assertThat(config.pool().mode()).isEqualTo(PoolMode.TRANSACTION);
        assertThat(config.pool().size()).isEqualTo(4);
        assertThat(config.routing().readWriteSplit()).isTrue();
    }

    @Test
    void clientsUseTheNodesLoginAndDatabase() {
        PgRelayContainer relay = new PgRelayContainer(IMAGE).withNodes(postgres());

        assertThat(relay.getUsername()).isEqualTo("shop");
        assertThat(relay.getPassword()).isEqualTo("s3cret");
        assertThat(relay.getDatabaseName()).isEqualTo("orders");
    }

    @Test
    void nodesWithoutANetworkArePutOnPgrelaysAndStartBeforeIt() {
        PostgreSQLContainer primary = postgres();
        PostgreSQLContainer replica = postgres();

        PgRelayContainer relay = new PgRelayContainer(IMAGE).withNodes(primary, replica);

        assertThat(relay.getNetwork()).isNotNull();
        assertThat(primary.getNetwork()).isSameAs(relay.getNetwork());
        assertThat(replica.getNetwork()).isSameAs(relay.getNetwork());
        assertThat(relay.getDependencies()).containsExactlyInAnyOrder(primary, replica);
    }

    @Test
    void pgrelayJoinsTheNetworkItsNodesAlreadyHave() {
        Network network = Network.newNetwork();
        PostgreSQLContainer node = postgres().withNetwork(network);

        PgRelayContainer relay = new PgRelayContainer(IMAGE).withNodes(node);

        assertThat(relay.getNetwork()).isSameAs(network);
    }

    @Test
    void nodesOnDifferentNetworksAreRefused() {
        PostgreSQLContainer primary = postgres().withNetwork(Network.newNetwork());
        PostgreSQLContainer replica = postgres().withNetwork(Network.newNetwork());

        assertThatThrownBy(() -> new PgRelayContainer(IMAGE).withNodes(primary, replica))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share one Network");
    }

    @Test
    void nodesWithDifferentLoginsAreRefusedWithoutShowingThePassword() {
        PostgreSQLContainer other = postgres().withPassword("other-secret");

        assertThatThrownBy(() -> new PgRelayContainer(IMAGE).withNodes(postgres(), other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same username, password and database")
                .hasMessageContaining("node 1")
                .hasMessageNotContaining("other-secret")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aContainerWithoutNodesSaysWhatIsMissing() {
        assertThatThrownBy(() -> new PgRelayContainer(IMAGE).configYaml())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("withNodes");
    }

    @Test
    void buildingFromADirectoryWithoutDockerfileIsRefused() {
        assertThatThrownBy(() -> PgRelayContainer.fromDockerfile(Checkout.root().resolve("testkit")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no Dockerfile");
    }

    private static PostgreSQLContainer postgres() {
        return new PostgreSQLContainer("postgres:17-alpine").withUsername("shop").withPassword("s3cret").withDatabaseName("orders");
    }

    private static PgRelayConfig load(PgRelayContainer relay) {
        return ConfigLoader.parse(relay.configYaml(), "PgRelayContainer config");
    }
}
