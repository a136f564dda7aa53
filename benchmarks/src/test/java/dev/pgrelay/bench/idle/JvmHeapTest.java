package dev.pgrelay.bench.idle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JvmHeapTest {

    @Test
    void readsTheHeapLineOfG1() {
        String heapInfo = """
                4711:
                 garbage-first heap   total 262144K, used 23456K [0x0000000700000000, 0x0000000800000000)
                  region size 1024K, 3 young (3072K), 1 survivors (1024K)
                 Metaspace       used 9876K, committed 10112K, reserved 1114112K
                  class space    used 1000K, committed 1088K, reserved 1048576K
                """;

        assertThat(JvmHeap.parseUsedKb(heapInfo)).isEqualTo(23456);
    }

    @Test
    void addsUpTheGenerationsOfParallelGcAndIgnoresPercentages() {
        String heapInfo = """
                4711:
                 PSYoungGen      total 76288K, used 3932K [0x000000076ab00000, 0x0000000770000000, 0x00000007c0000000)
                  eden space 65536K, 6% used [0x000000076ab00000,0x000000076aed7240,0x000000076eb00000)
                 ParOldGen       total 175104K, used 1200K [0x00000006c0000000, 0x00000006cab00000, 0x000000076ab00000)
                 Metaspace       used 9876K, committed 10112K, reserved 1114112K
                """;

        assertThat(JvmHeap.parseUsedKb(heapInfo)).isEqualTo(3932 + 1200);
    }

    @Test
    void refusesAnAnswerWithoutHeapUsage() {
        assertThatThrownBy(() -> JvmHeap.parseUsedKb("4711:\nCommand executed successfully\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no heap usage");
    }
}
