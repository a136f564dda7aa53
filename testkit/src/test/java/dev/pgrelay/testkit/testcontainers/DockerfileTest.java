package dev.pgrelay.testkit.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.shaded.com.github.dockerjava.core.dockerfile.Dockerfile;

/**
 * The repository's Dockerfile makes the image {@link PgRelayContainer} expects, and Testcontainers can build
 * it. This machine has no Docker engine, so these read the Dockerfile instead of building it.
 */
class DockerfileTest {

    private static List<String> lines;

    @BeforeAll
    static void readDockerfile() throws IOException {
        lines = Files.readAllLines(Checkout.root().resolve("Dockerfile"));
    }

    @Test
    void theImageRunsPgrelayWithTheConfigFilePgRelayContainerWrites() {
        assertThat(lines).contains("ENTRYPOINT [\"pgrelay\"]",
                "CMD [\"run\", \"--config\", \"" + PgRelayContainer.CONFIG_FILE + "\"]");
    }

    @Test
    void theImageExposesTheClientAndAdminHttpPortsPgRelayContainerMaps() {
        assertThat(instruction("EXPOSE")).contains(String.valueOf(PgRelayContainer.PORT),
                String.valueOf(PgRelayContainer.ADMIN_HTTP_PORT));
    }

    @Test
    void theLauncherRunsTheJarTheBuildStageMadeWhereTheCliModuleWritesIt() {
        List<String> copy = instruction("COPY --from=build");
        String launcher = lines.stream().filter(line -> line.contains("/usr/local/bin/pgrelay")).findFirst().orElseThrow();

        // WORKDIR /src + cli/target/pgrelay.jar, the shade plugin's outputFile in cli/pom.xml.
        assertThat(copy.get(0)).isEqualTo("/src/cli/target/pgrelay.jar");
        assertThat(launcher).contains("-jar " + copy.get(1) + " ");
    }

    @Test
    void theDockerfileUsesNoBuildKitOnlySyntaxBecauseTestcontainersBuildsWithTheClassicBuilder() {
        // The Docker Engine API's /build, which Testcontainers calls, rejects RUN --mount ("requires BuildKit").
        assertThat(instructions("RUN")).noneMatch(arguments -> arguments.get(0).startsWith("--"));
    }

    @Test
    void testcontainersAcceptsTheBuildContextWithItsDockerignore() {
        // What ImageFromDockerfile.withDockerfile runs before sending the context: it refuses a .dockerignore
        // that excludes the Dockerfile itself (the docker CLI tolerates that, Testcontainers does not).
        Path root = Checkout.root();
        assertThatCode(() -> new Dockerfile(root.resolve("Dockerfile").toFile(), root.toFile()).parse())
                .doesNotThrowAnyException();
    }

    /** The arguments of the one instruction that starts with {@code prefix}. */
    private static List<String> instruction(String prefix) {
        List<List<String>> found = instructions(prefix);
        assertThat(found).as("Dockerfile instructions starting with %s", prefix).hasSize(1);
        return found.get(0);
    }

    /** The arguments, split at blanks, of every instruction starting with {@code prefix}. */
    private static List<List<String>> instructions(String prefix) {
        return lines.stream().filter(line -> line.startsWith(prefix + " "))
                .map(line -> Arrays.asList(line.substring(prefix.length()).strip().split("\\s+")))
                .toList();
    }
}
