package dev.pgrelay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.config.ConfigLoader;
import dev.pgrelay.config.HostPort;
import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.config.PoolMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoConfigTest {

    @Test
    void theDemoPoolsInSessionModeWith20ConnectionsInFrontOfEveryClusterNode() {
        List<HostPort> cluster = List.of(new HostPort("127.0.0.1", 41001), new HostPort("127.0.0.1", 41002));

        PgRelayConfig config = ConfigLoader.parse(DemoConfig.yaml(7654, cluster), "demo");

        assertThat(config.listen()).isEqualTo(new HostPort("127.0.0.1", 7654));
        assertThat(config.nodes()).extracting(NodeConfig::address).isEqualTo(cluster);
        assertThat(config.pool().mode()).isEqualTo(PoolMode.SESSION);
        assertThat(config.pool().size()).isEqualTo(20);
        assertThat(config.user("app")).hasValueSatisfying(user -> assertThat(user.password()).isEqualTo("secret"));
        assertThat(config.isAdmin("app")).isTrue();
    }

    @Test
    void theConnectionHintsUseTheDemoCredentials() {
        assertThat(DemoConfig.psqlCommand("127.0.0.1", 7654))
                .isEqualTo("psql \"host=127.0.0.1 port=7654 user=app dbname=app password=secret\"");
        assertThat(DemoConfig.jdbcUrl("127.0.0.1", 7654))
                .isEqualTo("jdbc:postgresql://127.0.0.1:7654/app?user=app&password=secret");
    }
}
