package dev.pgrelay.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AbandonedScratchReaperTest {

    @TempDir
    Path tmp;

    @Test
    void scratchOfADeadJvmIsDeletedAndScratchOfALiveOneIsKept() throws Exception {
        Path abandoned = fakeScratchWithDataDirectory(deadPid());
        Path inUse = fakeScratchWithDataDirectory(ProcessHandle.current().pid());
        Path unrelated = Files.createDirectory(tmp.resolve("pgrelay-testkit-not-a-pid"));

        AbandonedScratchReaper.reap(tmp);

        assertThat(abandoned).doesNotExist();
        assertThat(inUse).exists();
        assertThat(unrelated).exists();
    }

    @Test
    void dataDirectoriesAreFoundBelowClusterDirectories() throws Exception {
        Path scratch = fakeScratchWithDataDirectory(ProcessHandle.current().pid());

        assertThat(AbandonedScratchReaper.dataDirectoriesIn(scratch)).containsExactly(scratch.resolve("cluster-1").resolve("node0"));
    }

    private Path fakeScratchWithDataDirectory(long pid) throws Exception {
        Path scratch = Files.createDirectory(tmp.resolve(JvmScratch.PREFIX + pid + "-123"));
        Path dataDir = Files.createDirectories(scratch.resolve("cluster-1").resolve("node0"));
        Files.writeString(dataDir.resolve("PG_VERSION"), "15\n");
        return scratch;
    }

    /** The pid of a process that has exited (and been reaped by us, its parent). */
    private static long deadPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }
}
