package dev.pgrelay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar on its own: what the build put in its manifest and resources works without the class path. */
class PackagedJarIT {

    @TempDir
    Path directory;

    @Test
    void theJarNamesTheVersionMavenBuilt() throws Exception {
        try (PgRelayProcess version = PgRelayProcess.start(directory, "--version")) {
            version.assertExitsWith(0, Duration.ofSeconds(30));
            assertThat(version.stdout()).isEqualTo("pgrelay " + System.getProperty("pgrelay.expected.version") + "\n");
        }
    }
}
