package dev.pgrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class UserConfigTest {

    @Test
    void toStringHidesThePassword() {
        UserConfig user = new UserConfig("app", "hunter2", AuthMethod.MD5, OptionalInt.of(4));

        assertThat(user.toString()).doesNotContain("hunter2").contains("app", "*****", "md5");
    }

    @Test
    void configToStringHidesPasswordsToo() {
        PgRelayConfig config = ConfigTexts.parse("nodes: [{ host: db1 }]\nusers: [{ name: app, password: hunter2 }]\n");

        assertThat(config.toString()).doesNotContain("hunter2");
    }

    @Test
    void passwordIsRequiredUnlessTrust() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new UserConfig("app", null, AuthMethod.SCRAM_SHA_256, OptionalInt.empty()));
        assertThat(new UserConfig("app", null, AuthMethod.TRUST, OptionalInt.empty()).password()).isNull();
    }

    @Test
    void authMethodsUseTheirPostgresNames() {
        assertThat(AuthMethod.values()).extracting(AuthMethod::configName).containsExactly("scram-sha-256", "md5", "trust");
        assertThat(ConfigName.parse(AuthMethod.class, "md5")).isEqualTo(AuthMethod.MD5);
    }
}
