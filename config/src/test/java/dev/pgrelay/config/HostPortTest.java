package dev.pgrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

    @Test
    void parsesHostAndPort() {
        assertThat(HostPort.parse("127.0.0.1:6432")).isEqualTo(new HostPort("127.0.0.1", 6432));
        assertThat(HostPort.parse("db.example.com:5432")).isEqualTo(new HostPort("db.example.com", 5432));
    }

    @Test
    void ipv6HostIsWrittenInBrackets() {
        HostPort address = HostPort.parse("[::1]:6432");

        assertThat(address).isEqualTo(new HostPort("::1", 6432));
        assertThat(address.toString()).isEqualTo("[::1]:6432");
    }

    @Test
    void toStringReadsBack() {
        assertThat(HostPort.parse(new HostPort("0.0.0.0", 1).toString())).isEqualTo(new HostPort("0.0.0.0", 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"6432", ":6432", "host:", "host:0", "host:65536", "host:port", "::1:6432", "[::1]"})
    void rejects(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> HostPort.parse(text));
    }
}
