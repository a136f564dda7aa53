package dev.pgrelay.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PgBinariesTest {

    @Test
    void locatePrefersAnInstalledPostgresqlOverTheEmbeddedOne() {
        assumeTrue(System.getenv("PG_BIN") == null, "PG_BIN overrides the search");
        assumeTrue(Files.isDirectory(Path.of("/usr/lib/postgresql")), "no Debian-style PostgreSQL installed");

        PgBinaries located = PgBinaries.locate();

        assertThat(located.directory().toString()).startsWith("/usr/lib/postgresql/").endsWith("/bin");
        assertThat(located.hasPgBasebackup()).isTrue();
        assertThat(located.version()).matches("\\d+\\.\\d+.*");
    }

    @Test
    void binNamesAnExecutableOrFailsClearly() {
        PgBinaries located = PgBinaries.locate();

        assertThat(located.bin("pg_ctl")).isExecutable();
        assertThatThrownBy(() -> located.bin("no_such_tool"))
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("no_such_tool");
    }
}
