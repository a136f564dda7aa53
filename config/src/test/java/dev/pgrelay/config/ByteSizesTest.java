package dev.pgrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizesTest {

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({
            "0,        0",
            "100,      100",
            "100B,     100",
            "512kB,    524288",
            "512KB,    524288",
            "512KiB,   524288",
            "16MB,     16777216",
            "16MiB,    16777216",
            "'16 MB',  16777216",
            "1GB,      1073741824",
            "1.5MB,    1572864",
            "1TB,      1099511627776",
    })
    void parses(String text, long expected) {
        assertThat(ByteSizes.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MB", "16 megs", "-1", "-5MB", "1.5B", "0.3kB", "9999999TB", "10s"})
    void rejects(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> ByteSizes.parse(text));
    }

    @ParameterizedTest(name = "{0} bytes print as {1}")
    @CsvSource({
            "0,          0B",
            "100,        100B",
            "1536,       1536B",
            "524288,     512kB",
            "1572864,    1536kB",
            "67108864,   64MB",
            "1073741824, 1GB",
    })
    void formatsLargestExactUnitAndReadsBack(long bytes, String expected) {
        assertThat(ByteSizes.format(bytes)).isEqualTo(expected);
        assertThat(ByteSizes.parse(expected)).isEqualTo(bytes);
    }

    @Test
    void replicaLagIsASizeOrADurationByItsUnit() {
        assertThat(ReplicaLagLimit.parse("16MB")).isEqualTo(ReplicaLagLimit.ofBytes(16L * 1024 * 1024));
        assertThat(ReplicaLagLimit.parse("1048576")).isEqualTo(ReplicaLagLimit.ofBytes(1024 * 1024));
        assertThat(ReplicaLagLimit.parse("10s")).isEqualTo(ReplicaLagLimit.ofTime(Duration.ofSeconds(10)));
        assertThat(ReplicaLagLimit.parse("1m")).isEqualTo(ReplicaLagLimit.ofTime(Duration.ofMinutes(1)));
        assertThat(ReplicaLagLimit.parse("0")).isEqualTo(ReplicaLagLimit.ofBytes(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "10 parsecs", "-1MB", "-1s"})
    void replicaLagRejects(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> ReplicaLagLimit.parse(text));
    }

    @Test
    void replicaLagNeedsExactlyOneLimit() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ReplicaLagLimit(null, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new ReplicaLagLimit(1L, Duration.ofSeconds(1)));
    }
}
