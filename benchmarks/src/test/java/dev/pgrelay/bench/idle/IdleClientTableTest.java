package dev.pgrelay.bench.idle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class IdleClientTableTest {
    private static final MemorySample JVM_NONE = new MemorySample(100 * 1024, OptionalLong.of(20 * 1024));
    private static final MemorySample JVM_HALF = new MemorySample(150 * 1024, OptionalLong.of(30 * 1024));
    private static final MemorySample JVM_ALL = new MemorySample(175 * 1024, OptionalLong.of(40 * 1024));

    @Test
    void chargesEachClientOfTheSecondHalfWithTheGrowthOverTheSecondHalf() {
        IdleClientOutcome.Measured measured = new IdleClientOutcome.Measured("pgrelay", 10_000,
                Duration.ofSeconds(12), JVM_NONE, JVM_HALF, JVM_ALL);

        assertThat(measured.residentBytesPerClient()).isEqualTo(25L * 1024 * 1024 / 5_000);
        assertThat(measured.heapBytesPerClient()).hasValue(10L * 1024 * 1024 / 5_000);
    }

    @Test
    void anOddCountPutsTheExtraClientIntoTheSecondHalf() {
        assertThat(IdleClientOutcome.Measured.firstHalf(7)).isEqualTo(3);
        IdleClientOutcome.Measured measured = new IdleClientOutcome.Measured("p", 7, Duration.ZERO,
                new MemorySample(0, OptionalLong.empty()), new MemorySample(10, OptionalLong.empty()),
                new MemorySample(14, OptionalLong.empty()));

        assertThat(measured.residentBytesPerClient()).isEqualTo(4 * 1024 / 4);
        assertThat(measured.heapBytesPerClient()).isEmpty();
    }

    @Test
    void rendersOneRowPerTargetWithHeapOnlyForJvms() {
        String table = IdleClientTable.render(List.of(
                new IdleClientOutcome.Measured("pgrelay", 10_000, Duration.ofMillis(12_340), JVM_NONE, JVM_HALF,
                        JVM_ALL),
                new IdleClientOutcome.Measured("pgbouncer", 2048, Duration.ofSeconds(3),
                        new MemorySample(2048, OptionalLong.empty()), new MemorySample(3072, OptionalLong.empty()),
                        new MemorySample(4096, OptionalLong.empty())),
                new IdleClientOutcome.Failed("other", "login refused: 53300 too many | clients")));

        String[] header = IdleClientTable.HEADER.lines().toArray(String[]::new);
        assertThat(table.lines()).containsExactly(header[0], header[1],
                "| pgrelay | 10000 | 12.3 s | 100.0 → 150.0 → 175.0 MiB | 5.12 KiB | 20.0 → 30.0 → 40.0 MiB | 2.05 KiB |",
                "| pgbouncer | 2048 | 3.0 s | 2.0 → 3.0 → 4.0 MiB | 1.00 KiB | n/a (not a JVM) | n/a |",
                "| other | failed: login refused: 53300 too many \\| clients | | | | | |");
    }
}
