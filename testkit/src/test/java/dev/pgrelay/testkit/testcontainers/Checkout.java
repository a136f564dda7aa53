package dev.pgrelay.testkit.testcontainers;

import java.nio.file.Files;
import java.nio.file.Path;

/** The pgrelay checkout these tests run in: the nearest directory above the working directory with a Dockerfile. */
final class Checkout {

    private Checkout() {
    }

    static Path root() {
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            if (Files.isRegularFile(directory.resolve("Dockerfile")) && Files.isRegularFile(directory.resolve("mvnw"))) {
                return directory;
            }
        }
        throw new IllegalStateException("no pgrelay checkout (Dockerfile and mvnw) above " + Path.of("").toAbsolutePath());
    }
}
