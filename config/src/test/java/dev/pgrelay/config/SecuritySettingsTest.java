package dev.pgrelay.config;

import static dev.pgrelay.config.ConfigTexts.MINIMAL;
import static dev.pgrelay.config.ConfigTexts.errorOf;
import static dev.pgrelay.config.ConfigTexts.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The access-control keys: {@code hba} rules and the per-user and per-database client limits. */
class SecuritySettingsTest {

    @Test
    void hbaRulesKeepTheirOrderAndDefaultToAll() throws Exception {
        PgRelayConfig config = parse(MINIMAL + """
                hba:
                  - { user: app, database: sales, address: 10.1.0.0/16, method: md5 }
                  - { method: reject }
                """);

        assertThat(config.hba()).containsExactly(
                new HbaRule("app", "sales", new AddressRange(InetAddress.getByName("10.1.0.0"), 16), HbaMethod.MD5),
                new HbaRule("all", "all", AddressRange.ALL, HbaMethod.REJECT));
    }

    @Test
    void aRuleMatchesOnlyItsUserDatabaseAndAddresses() throws Exception {
        HbaRule rule = new HbaRule("app", "sales", AddressRange.parse("192.168.4.0/22"), HbaMethod.TRUST);

        assertThat(rule.matches("app", "sales", InetAddress.getByName("192.168.7.255"))).isTrue();
        assertThat(rule.matches("app", "sales", InetAddress.getByName("192.168.8.0"))).isFalse();
        assertThat(rule.matches("ops", "sales", InetAddress.getByName("192.168.4.1"))).isFalse();
        assertThat(rule.matches("app", "hr", InetAddress.getByName("192.168.4.1"))).isFalse();
        assertThat(rule.matches("app", "sales", InetAddress.getByName("::1"))).as("IPv6 vs IPv4 rule").isFalse();
    }

    @Test
    void addressRangesCoverExactlyTheirPrefix() throws Exception {
        AddressRange loopback6 = AddressRange.parse("::1");
        AddressRange everyone = AddressRange.parse("0.0.0.0/0");

        assertThat(loopback6.matches(InetAddress.getByName("::1"))).isTrue();
        assertThat(loopback6.matches(InetAddress.getByName("::2"))).isFalse();
        assertThat(everyone.matches(InetAddress.getByName("203.0.113.9"))).isTrue();
        assertThat(AddressRange.parse("10.0.0.1").matches(InetAddress.getByName("10.0.0.1"))).isTrue();
        assertThat(AddressRange.parse("10.0.0.1").matches(InetAddress.getByName("10.0.0.2"))).isFalse();
    }

    @Test
    void hostNamesAndBadPrefixesAreRefused() {
        assertThatThrownBy(() -> AddressRange.parse("db.example.com")).hasMessageContaining("CIDR");
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRuleWithoutMethodIsAnErrorNamingTheKey() {
        String message = errorOf(MINIMAL + "hba:\n  - { user: app }\n", 7, "hba[0].method");

        assertThat(message).contains("required key is missing");
    }

    @Test
    void anUnknownMethodListsTheAcceptedOnes() {
        String message = errorOf(MINIMAL + "hba:\n  - { method: password }\n", 7, "hba[0].method");

        assertThat(message).contains("scram-sha-256, md5, trust, reject");
    }

    @Test
    void perUserAndPerDatabaseClientLimitsAreOffByDefault() {
        assertThat(parse(MINIMAL).limits()).extracting(LimitsConfig::maxUserClients, LimitsConfig::maxDbClients)
                .isEqualTo(List.of(0, 0));
        LimitsConfig set = parse(MINIMAL + "limits: { max_user_clients: 5, max_db_clients: 7 }\n").limits();
        assertThat(set.maxUserClients()).isEqualTo(5);
        assertThat(set.maxDbClients()).isEqualTo(7);
    }

    @Test
    void negativeClientLimitsAreRefused() {
        errorOf(MINIMAL + "limits:\n  max_user_clients: -1\n", 7, "limits.max_user_clients");
    }
}
