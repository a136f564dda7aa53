package dev.pgrelay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestkitStateTest {

    @TempDir
    Path directory;

    @Test
    void theStateFileIsReadableByItsOwnerOnlyAndReadsBack() throws Exception {
        Path file = directory.resolve("state.json");

        TestkitState.write(file, Map.of(TestkitState.CONTROL_PORT, 40347, TestkitState.TOKEN, "abc123"));

        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        String json = TestkitState.read(file).orElseThrow();
        assertThat(TestkitState.field(json, TestkitState.CONTROL_PORT)).isEqualTo("40347");
        assertThat(TestkitState.field(json, TestkitState.TOKEN)).isEqualTo("abc123");
    }

    @Test
    void aStateIsStaleOnceTheProcessThatWroteItIsGone() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();

        assertThat(TestkitState.isStale(Json.write(Map.of(TestkitState.PID, finished.pid())))).isTrue();
        assertThat(TestkitState.isStale(Json.write(Map.of(TestkitState.PID, ProcessHandle.current().pid())))).isFalse();
    }
}
