package dev.pgrelay.it.drivers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * PgBouncer's Prometheus exporter as Debian ships it (prometheus-pgbouncer-exporter) pointed at pgrelay unchanged:
 * it connects to the database "pgbouncer" — pgrelay's admin console answers to that name too — and reads SHOW POOLS,
 * DATABASES and LISTS by PgBouncer 1.18's column and row names. Its SHOW STATS collector expects the column
 * {@code total_requests}, which PgBouncer itself dropped in 1.8, so it fails on PgBouncer 1.18 as well and is not
 * asserted here (its failure is printed). With a replica, pgrelay has a pool per node for the same database and
 * user: SHOW POOLS and SHOW DATABASES still give one row for them, or the exporter would publish a series twice.
 */
@PgRelayTest(replicas = 1, poolMode = "transaction", poolSize = 7, config = """
        routing: { read_write_split: true }
        """)
class PgBouncerExporterTest {

    private record Sample(String name, String labels, double value) {
    }

    @Test
    void pgbouncersExporterReadsPgrelaysConsoleUnchanged(PgRelayEnvironment env) throws Exception {
        String python = ScriptRuntimes.pythonImporting("prometheus_pgbouncer_exporter, psycopg2",
                "prometheus-pgbouncer-exporter python3-psycopg2", "PgBouncer's exporter test").toString();
        try (Connection client = env.connect(); Statement statement = client.createStatement()) {
            awaitReadOnReplica(env, statement);
            statement.execute("BEGIN");
            statement.execute("SELECT 1");   // holds a server connection while the exporter looks
            List<String> lines = scrape(env, python);
            statement.execute("COMMIT");

            lines.stream().filter(line -> line.startsWith("error ")).forEach(line -> System.out.println(
                    "PgBouncer's exporter (fails the same way on PgBouncer 1.18): " + line));
            List<Sample> samples = lines.stream().filter(line -> line.startsWith("sample ")).map(line -> {
                String[] parts = line.split(" ", 3);
                int valueAt = parts[2].lastIndexOf(' ');
                return new Sample(parts[1], parts[2].substring(0, valueAt),
                        Double.parseDouble(parts[2].substring(valueAt + 1)));
            }).toList();
            System.out.println("PgBouncer's exporter read " + samples.size() + " samples from pgrelay");

            String pool = "{\"database\": \"" + env.database() + "\", \"user\": \"" + env.user() + "\"}";
            assertThat(samples).filteredOn(sample -> sample.labels().equals(pool)).as("one series per pool metric")
                    .extracting(Sample::name).containsExactlyInAnyOrder("pgbouncer_active_clients",
                            "pgbouncer_waiting_clients");
            String database = "{\"database\": \"" + env.database() + "\"}";
            assertThat(samples).filteredOn(sample -> sample.labels().equals(database))
                    .as("one series per database metric").extracting(Sample::name)
                    .containsExactlyInAnyOrder("pgbouncer_pool_size", "pgbouncer_reserve_pool");
            assertThat(samples).contains(new Sample("pgbouncer_active_clients", pool, 1),
                    new Sample("pgbouncer_waiting_clients", pool, 0),
                    new Sample("pgbouncer_pools", "{}", 2),
                    new Sample("pgbouncer_pool_size", "{\"database\": \"" + env.database() + "\"}", 7),
                    new Sample("pgbouncer_reserve_pool", "{\"database\": \"" + env.database() + "\"}", 0),
                    new Sample("pgbouncer_users", "{}", 1),
                    new Sample("pgbouncer_login_clients", "{}", 0));
            assertThat(samples).filteredOn(sample -> sample.name().equals("pgbouncer_used_clients"))
                    .singleElement().satisfies(used -> assertThat(used.value()).as("this client and the exporter")
                            .isGreaterThanOrEqualTo(2));
            assertThat(samples).filteredOn(sample -> sample.name().equals("pgbouncer_used_servers"))
                    .singleElement().satisfies(used -> assertThat(used.value()).isGreaterThanOrEqualTo(1));
        }
        try (Connection console = java.sql.DriverManager.getConnection(
                env.relayJdbcUrl("pgbouncer") + "?preferQueryMode=simple", env.user(), env.password());
             Statement show = console.createStatement(); ResultSet version = show.executeQuery("SHOW VERSION")) {
            version.next();
            assertThat(version.getString(1)).as("the database \"pgbouncer\" is pgrelay's console").startsWith("pgrelay ");
        }
    }

    /** Reads go to the replica once pgrelay's health checks have seen it: then this user has a pool per node. */
    private static void awaitReadOnReplica(PgRelayEnvironment env, Statement statement) {
        int replicaPort = env.cluster().replicas().get(0).port();
        dev.pgrelay.testkit.Await.until("a read served by the replica", java.time.Duration.ofSeconds(20), () -> {
            try (ResultSet port = statement.executeQuery("SELECT inet_server_port()")) {
                port.next();
                return port.getInt(1) == replicaPort;
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static List<String> scrape(PgRelayEnvironment env, String python) throws Exception {
        String script = ScriptRuntimes.PYTHON_SCRIPTS.resolve("pgbouncer_exporter_scrape.py").toString();
        ProcessBuilder builder = new ProcessBuilder(python, script, env.relayHost(), String.valueOf(env.relayPort()),
                env.user()).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", env.password());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return new ArrayList<>(output.lines().toList());
    }
}
