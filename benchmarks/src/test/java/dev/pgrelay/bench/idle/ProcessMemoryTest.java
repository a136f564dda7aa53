package dev.pgrelay.bench.idle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

    @Test
    void readsVmRssInKibibytes() {
        String status = """
                Name:\tjava
                VmPeak:\t 9154908 kB
                VmHWM:\t  201344 kB
                VmRSS:\t  187212 kB
                RssAnon:\t  160000 kB
                """;

        assertThat(ProcessMemory.parseVmRssKb(status)).isEqualTo(187212);
    }

    @Test
    void refusesAStatusWithoutVmRss() {
        assertThatThrownBy(() -> ProcessMemory.parseVmRssKb("Name:\tpgbouncer\nState:\tZ (zombie)\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VmRSS");
    }

    @Test
    void measuresThisProcess() throws Exception {
        assertThat(ProcessMemory.residentKb(ProcessHandle.current().pid())).isPositive();
    }
}
