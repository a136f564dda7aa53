package dev.pgrelay.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.config.ConfigLoader;
import dev.pgrelay.proxy.pool.PoolStats;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** admin_http's /metrics, /health and /ready while clients work, and RELOAD changing the pool size live. */
@PgRelayTest(replicas = 1, poolMode = "transaction", poolSize = 3, config = "admin_http: 127.0.0.1:0\n")
class MetricsAndReloadTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(PgRelayEnvironment env, String path) throws Exception {
        var address = env.relay().adminHttpAddress().orElseThrow();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsCarryEveryListedSeriesWithPlausibleValues(PgRelayEnvironment env) throws Exception {
        try (Connection app = DriverManager.getConnection(env.relayJdbcUrl(), env.user(), env.password())) {
            for (int i = 0; i < 20; i++) {
                app.createStatement().execute("SELECT " + i);
            }
            app.createStatement().execute("CREATE TEMP TABLE pinned_here (x int)");   // pins this client
            HttpResponse<String> scraped = get(env, "/metrics");
            assertThat(scraped.statusCode()).isEqualTo(200);
            String metrics = scraped.body();
            assertThat(value(metrics, "pgrelay_clients\\{state=\"idle\"\\}")
                    + value(metrics, "pgrelay_clients\\{state=\"active\"\\}")).isGreaterThanOrEqualTo(1);
            // One series per node (primary and replica), printed in no fixed order.
            assertThat(sum(metrics, "pgrelay_server_connections\\{node=\"[^\"]+\",state=\"idle\"\\}")
                    + sum(metrics, "pgrelay_server_connections\\{node=\"[^\"]+\",state=\"active\"\\}"))
                    .isGreaterThanOrEqualTo(1);
            // One pool-wait series per (node, database), printed in no fixed order: the leases were recorded.
            assertThat(sum(metrics, "pgrelay_pool_wait_seconds_count\\{[^}]*\\}")).isGreaterThanOrEqualTo(1);
            assertThat(metrics).contains("pgrelay_pool_wait_seconds_bucket");
            assertThat(value(metrics, "pgrelay_query_seconds_count\\{[^}]*\\}")).isGreaterThanOrEqualTo(20);
            assertThat(value(metrics, "pgrelay_transaction_seconds_count\\{[^}]*\\}")).isGreaterThanOrEqualTo(20);
            assertThat(metrics).contains("pgrelay_query_seconds_bucket", "pgrelay_transaction_seconds_bucket");
            for (String bytes : List.of("client_received", "client_sent", "server_received", "server_sent")) {
                assertThat(value(metrics, "pgrelay_" + bytes + "_bytes_total")).as(bytes).isGreaterThan(100);
            }
            assertThat(value(metrics, "pgrelay_pinned_clients_total\\{reason=\"temp_object\"\\}"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value(metrics, "pgrelay_node_up\\{node=\"[^\"]+\"\\}")).isEqualTo(1);
            assertThat(metrics).contains("pgrelay_node_health_check_latency_seconds",
                    "pgrelay_node_replication_lag_bytes", "pgrelay_node_role{node=");
            assertThat(value(metrics, "pgrelay_node_routed_primary\\{node=\"[^\"]+\"\\}")).isBetween(0.0, 1.0);
            assertThat(metrics).contains("pgrelay_failovers_total 0.0");
            assertThat(value(metrics, "pgrelay_write_availability_ratio")).isBetween(0.0, 1.0);
            assertThat(value(metrics, "pgrelay_write_available")).isEqualTo(1);
        }
        HttpResponse<String> health = get(env, "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"alive\"");
        HttpResponse<String> ready = get(env, "/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"ready\":true", "\"primary\":\"");
    }

    @Test
    void reloadChangesThePoolSizeLiveAndABadFileKeepsTheRunningConfig(PgRelayEnvironment env) throws Exception {
        String[] yaml = {env.configYaml().replace("size: 3", "size: 7")};
        env.relay().reloadFrom(() -> ConfigLoader.parse(yaml[0], "reloaded.yaml"));
        try (Connection app = DriverManager.getConnection(env.relayJdbcUrl(), env.user(), env.password())) {
            app.createStatement().execute("SELECT 1");
            AdminPsql.Output reloaded = AdminPsql.run(env, "RELOAD");
            assertThat(reloaded.exitCode()).as(reloaded.text()).isZero();
            assertThat(env.relay().config().pool().size()).isEqualTo(7);
            assertThat(AdminPsql.run(env, "SHOW DATABASES").rows()).allSatisfy(row ->
                    assertThat(row.get(5)).as("pool_size").isEqualTo("7"));
            app.createStatement().execute("SELECT 2");
            assertThat(app.isValid(2)).as("the connected client stays connected").isTrue();

            yaml[0] = env.configYaml().replace("size: 3", "size: many");
            AdminPsql.Output rejected = AdminPsql.run(env, "RELOAD");
            assertThat(rejected.exitCode()).isNotZero();
            assertThat(rejected.text()).contains("not reloaded", "size");
            assertThat(env.relay().config().pool().size()).isEqualTo(7);
            assertThat(env.relay().poolStats()).extracting(PoolStats::open).allSatisfy(open ->
                    assertThat(open).isLessThanOrEqualTo(7));
            app.createStatement().execute("SELECT 3");
        } finally {
            env.relay().reload(env.config());
        }
    }

    /** The value of the first sample whose name and labels match {@code series} (a regex). */
    private static double sum(String metrics, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + series + " ([-0-9.eE+NaInf]+)$").matcher(metrics);
        double total = 0;
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(1));
        }
        return total;
    }

    private static double value(String metrics, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + series + " ([-0-9.eE+NaInf]+)$").matcher(metrics);
        if (!matcher.find()) {
            throw new AssertionError("no series " + series + " in:\n" + metrics);
        }
        return Double.parseDouble(matcher.group(1));
    }
}
