package dev.pgrelay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PgRelayCliTest {

    @Test
    void versionPrintsTheVersionMavenBuilt() {
        String built = System.getProperty("pgrelay.expected.version");
        assertThat(built).as("set by surefire from ${project.version}").isNotBlank();

        CliRun run = CliRun.execute("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("pgrelay " + built + System.lineSeparator());
    }

    @Test
    void withoutASubcommandItShowsUsageAndExits2() {
        CliRun run = CliRun.execute();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Usage: pgrelay").contains("run").contains("check-config").contains("demo");
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithExitCode2() {
        CliRun run = CliRun.execute("run", "--config", "pgrelay.yaml", "--bogus");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--bogus");
    }

    @Test
    void runRequiresAConfigFile() {
        CliRun run = CliRun.execute("run");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--config");
    }
}
