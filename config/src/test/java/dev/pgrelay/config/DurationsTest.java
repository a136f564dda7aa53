package dev.pgrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "0,        PT0S",
            "0s,       PT0S",
            "250us,    PT0.00025S",
            "500ms,    PT0.5S",
            "1s,       PT1S",
            "1.5s,     PT1.5S",
            "' 2 s ',  PT2S",
            "2m,       PT2M",
            "2min,     PT2M",
            "1h,       PT1H",
            "1d,       PT24H",
            "10S,      PT10S",
    })
    void parses(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "5 parsecs", "1.5", "30", "-1s", "1e3ms", "1.0000001s", "999999999h", "1s2"})
    void rejects(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(text));
    }

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource({
            "PT0S,       0s",
            "PT0.00025S, 250us",
            "PT0.5S,     500ms",
            "PT1.5S,     1500ms",
            "PT30S,      30s",
            "PT90S,      90s",
            "PT10M,      10m",
            "PT1H,       1h",
            "PT24H,      24h",
    })
    void formatsShortestExactAndReadsBack(Duration duration, String expected) {
        assertThat(Durations.format(duration)).isEqualTo(expected);
        assertThat(Durations.parse(expected)).isEqualTo(duration);
    }
}
