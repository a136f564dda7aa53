package dev.pgrelay.it.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** psql on the admin console (dbname=pgrelay), output unaligned with a header line, as an operator would run it. */
final class AdminPsql {
    /** What psql printed and how it exited. */
    record Output(int exitCode, String text) {
        /** The header line's column names (the first line of unaligned output). */
        List<String> columns() {
            return Arrays.asList(text.lines().findFirst().orElse("").split("\\|", -1));
        }

        /** The data rows, split into values. */
        List<List<String>> rows() {
            return text.lines().skip(1).map(line -> Arrays.asList(line.split("\\|", -1))).toList();
        }
    }

    private AdminPsql() {
    }

    static Output run(PgRelayEnvironment env, String command) throws IOException, InterruptedException {
        return run(env, env.user(), env.password(), command);
    }

    static Output run(PgRelayEnvironment env, String user, String password, String command)
            throws IOException, InterruptedException {
        Path psql = psql();
        assumeTrue(psql != null, "psql is not installed; skipping the admin console tests");
        List<String> args = new ArrayList<>(List.of(psql.toString(), "-X", "-A", "-P", "footer=off", "-v",
                "ON_ERROR_STOP=1", "host=" + env.relayHost() + " port=" + env.relayPort() + " user=" + user
                        + " dbname=pgrelay", "-c", command));
        ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", password);
        builder.environment().put("PGCONNECT_TIMEOUT", "10");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Output(process.exitValue(), output.strip());
    }

    private static Path psql() {
        for (String dir : List.of("/usr/lib/postgresql/15/bin", "/usr/bin", "/usr/local/bin")) {
            Path candidate = Path.of(dir, "psql");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
