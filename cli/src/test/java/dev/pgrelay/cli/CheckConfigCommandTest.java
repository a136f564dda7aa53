package dev.pgrelay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckConfigCommandTest {
    private static final String PASSWORD = "never-print-me";

    @TempDir
    Path directory;

    @Test
    void aValidFileExits0AndPrintsTheEffectiveConfigWithDefaultsAndWithoutPasswords() throws IOException {
        Path file = write("pgrelay.yaml", """
                listen: 127.0.0.1:7432
                nodes:
                  - { host: 127.0.0.1, port: 5432 }
                  - { host: 127.0.0.1, port: 5433, weight: 2 }
                users:
                  - { name: app, password: "%s" }
                pool: { mode: transaction, size: 7 }
                """.formatted(PASSWORD));

        CliRun run = CliRun.execute("check-config", file.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out())
                .contains("listen: 127.0.0.1:7432", "port: 5433", "weight: 2", "mode: transaction", "size: 7")
                // Not in the file: defaults are printed so the operator sees what pgrelay will do.
                .contains("shutdown_timeout:", "max_clients:")
                .doesNotContain(PASSWORD);
    }

    @Test
    void anUnknownKeyExits1WithOneLineNamingTheKeyAndItsLine() throws IOException {
        Path file = write("typo.yaml", """
                listen: 127.0.0.1:7432
                nodes:
                  - { host: 127.0.0.1, port: 5432 }
                users:
                  - { name: app, password: secret }
                admin_userz: [app]
                """);

        CliRun run = CliRun.execute("check-config", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith(file + ":6:").contains("admin_userz");
        assertThat(run.err().lines()).as("one line, no stack trace").hasSize(1);
    }

    @Test
    void aMissingFileExits1SayingSo() {
        Path missing = directory.resolve("absent.yaml");

        CliRun run = CliRun.execute("check-config", missing.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo(missing + ": no such file" + System.lineSeparator());
    }

    private Path write(String name, String yaml) throws IOException {
        return Files.writeString(directory.resolve(name), yaml);
    }
}
