package dev.pgrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** The spellings of enum values are part of the config contract. */
class ConfigNameTest {

    @Test
    void poolModes() {
        assertThat(PoolMode.values()).extracting(PoolMode::configName)
                .containsExactly("session", "transaction", "statement");
    }

    @Test
    void balanceStrategiesUseUnderscores() {
        assertThat(BalanceStrategy.values()).extracting(BalanceStrategy::configName)
                .containsExactly("round_robin", "weighted", "least_connections", "p2c_latency");
    }

    @Test
    void tlsModesUseLibpqNames() {
        assertThat(ClientTlsMode.values()).extracting(ClientTlsMode::configName)
                .containsExactly("disable", "allow", "require");
        assertThat(ServerTlsMode.values()).extracting(ServerTlsMode::configName)
                .containsExactly("disable", "prefer", "require", "verify-ca", "verify-full");
    }

    @Test
    void lookupIsExactAndListsTheChoices() {
        assertThat(ConfigName.parse(ServerTlsMode.class, "verify-ca")).isEqualTo(ServerTlsMode.VERIFY_CA);
        assertThatIllegalArgumentException().isThrownBy(() -> ConfigName.parse(ServerTlsMode.class, "VERIFY_CA"))
                .withMessage("expected one of disable, prefer, require, verify-ca, verify-full; got 'VERIFY_CA'");
    }
}
