package dev.pgrelay.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** psql, the tool operators reach for first, works through pgrelay: queries, \copy in and out, errors. */
@PgRelayTest(poolMode = "session", poolSize = 4)
class PsqlTest {

    private static Path psql() {
        for (String dir : List.of("/usr/lib/postgresql/15/bin", "/usr/bin", "/usr/local/bin")) {
            Path candidate = Path.of(dir, "psql");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static String psql(PgRelayEnvironment env, String... args) throws IOException, InterruptedException {
        Path psql = psql();
        assumeTrue(psql != null, "psql is not installed; skipping the psql tests");
        List<String> command = new ArrayList<>(List.of(psql.toString(), "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "host=" + env.relayHost() + " port=" + env.relayPort() + " user=" + env.user()
                        + " dbname=" + env.database()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", env.password());
        builder.environment().put("PGCONNECT_TIMEOUT", "10");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return "exit=" + process.exitValue() + "\n" + output.strip();
    }

    @Test
    void simpleQueries(PgRelayEnvironment env) throws Exception {
        assertThat(psql(env, "-c", "SELECT 40 + 2")).isEqualTo("exit=0\n42");
        assertThat(psql(env, "-c", "SELECT 1; SELECT 2")).isEqualTo("exit=0\n1\n2");
    }

    @Test
    void copyInAndOut(PgRelayEnvironment env, @TempDir Path dir) throws Exception {
        Path input = dir.resolve("in.csv");
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            csv.append(i).append(",name ").append(i).append('\n');
        }
        Files.writeString(input, csv);
        Path output = dir.resolve("out.csv");
        String result = psql(env,
                "-c", "CREATE TABLE IF NOT EXISTS psql_copy (id int, name text)",
                "-c", "TRUNCATE psql_copy",
                "-c", "\\copy psql_copy FROM '" + input + "' WITH (FORMAT csv)",
                "-c", "\\copy (SELECT * FROM psql_copy ORDER BY id) TO '" + output + "' WITH (FORMAT csv)",
                "-c", "SELECT count(*) FROM psql_copy");
        assertThat(result).startsWith("exit=0").endsWith("5000");
        assertThat(Files.readString(output)).isEqualTo(csv.toString());
    }

    @Test
    void errorsComeBackWithTheirSqlState(PgRelayEnvironment env) throws Exception {
        String result = psql(env, "-v", "VERBOSITY=verbose", "-c", "SELECT * FROM no_such_table");
        assertThat(result).startsWith("exit=1").contains("42P01").contains("no_such_table");
        assertThat(psql(env, "-c", "SELECT 'after the error'")).isEqualTo("exit=0\nafter the error");
    }
}
