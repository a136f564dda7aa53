package dev.pgrelay.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PgRelayEnvironmentStartTest {

    /** 192.0.2.1 (TEST-NET-1) is never a local address, so pgrelay cannot listen there. */
    @PgRelayTest(config = "listen: 192.0.2.1:6432\n")
    static class UnbindableListenAddress {
    }

    @Test
    void clusterIsStoppedAndDeletedWhenPgrelayCannotStart() throws IOException {
        List<Path> clustersBefore = clusterDirectories();

        Throwable failure = catchThrowable(() -> PgRelayEnvironment.start(UnbindableListenAddress.class.getAnnotation(PgRelayTest.class)));

        assertThat(failure).as("starting pgrelay on an address that is not local").isNotNull();

        assertThat(clusterDirectories()).isEqualTo(clustersBefore);
    }

    /** The cluster directories of this JVM: {@code ${java.io.tmpdir}/pgrelay-testkit-<pid>-*}/cluster-*. */
    private static List<Path> clusterDirectories() throws IOException {
        String scratchPrefix = "pgrelay-testkit-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> scratch = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return scratch.filter(path -> path.getFileName().toString().startsWith(scratchPrefix))
                    .flatMap(PgRelayEnvironmentStartTest::clustersIn)
                    .sorted()
                    .toList();
        }
    }

    private static Stream<Path> clustersIn(Path scratch) {
        try (Stream<Path> entries = Files.list(scratch)) {
            return entries.filter(path -> path.getFileName().toString().startsWith("cluster-")).toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
