package dev.pgrelay.it.drivers;

import static org.assertj.core.api.Assertions.fail;

import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a driver's workload script against pgrelay and returns the summary line it prints last. The script finds
 * pgrelay in libpq's own variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE), which every driver reads,
 * so it can also be run by hand against any server.
 */
final class DriverScript {

    /** The scripts stop their clients after 45 s; this only catches a script that hangs anyway. */
    private static final long TIMEOUT_SECONDS = 90;

    private DriverScript() {
    }

    static String run(PgRelayEnvironment env, int clients, List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("pgrelay-driver-script", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            Map<String, String> variables = builder.environment();
            // An inherited PGSSLMODE, PGOPTIONS, PGSERVICE… would change what the drivers do.
            variables.keySet().removeIf(name -> name.startsWith("PG"));
            variables.put("PGHOST", env.relayHost());
            variables.put("PGPORT", String.valueOf(env.relayPort()));
            variables.put("PGUSER", env.user());
            variables.put("PGPASSWORD", env.password());
            variables.put("PGDATABASE", env.database());
            variables.put("DRIVER_WORKLOAD_CLIENTS", String.valueOf(clients));
            Process process = builder.start();
            boolean exited = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor();
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            System.out.print(printed);   // the drivers' versions and any warnings, for the test report
            if (!exited) {
                return fail("%s did not exit within %d s; it printed:%n%s", command, TIMEOUT_SECONDS, printed);
            }
            return printed.lines().filter(line -> line.startsWith("{")).reduce((first, second) -> second)
                    .orElseGet(() -> fail("%s exited with %d without a summary line; it printed:%n%s",
                            command, process.exitValue(), printed));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
