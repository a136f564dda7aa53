package dev.pgrelay.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.config.ConfigLoader;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The files in deploy/ work with a real pgrelay: every series the Grafana dashboard queries, with every label it
 * groups by, is in a /metrics scrape after some traffic, and the Prometheus config scrapes admin_http where the
 * documented configuration puts it.
 */
@PgRelayTest(replicas = 1, poolMode = "transaction", poolSize = 3,
        config = "admin_http: 127.0.0.1:0\nrouting: { read_write_split: true }\n")
class MonitoringFilesTest {
    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final Pattern METRIC = Pattern.compile("\\bpgrelay_[a-z0-9_]+");
    private static final Pattern GROUPING = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");

    @Test
    void everySeriesAndLabelTheDashboardQueriesIsInARealScrape(PgRelayEnvironment env) throws Exception {
        List<String> expressions = new ArrayList<>();
        collectExpressions(new Yaml().load(Files.readString(DEPLOY.resolve("grafana/pgrelay-dashboard.json"))),
                expressions);
        assertThat(expressions).as("PromQL expressions in the dashboard").hasSizeGreaterThan(10);
        String scrape = scrapeAfterTraffic(env);

        for (String expression : expressions) {
            List<String> labels = groupingLabels(expression);
            Matcher metric = METRIC.matcher(expression);
            assertThat(metric.find()).as("a pgrelay series in " + expression).isTrue();
            do {
                String name = metric.group();
                assertThat(scrape).as(name + " (queried by " + expression + ")").containsPattern("(?m)^" + name + "[{ ]");
                for (String label : labels) {
                    assertThat(scrape).as("label " + label + " on " + name + " (grouped by in " + expression + ")")
                            .containsPattern("(?m)^" + name + "\\{([^}]*,)?" + label + "=\"");
                }
            } while (metric.find());
        }
    }

    @Test
    void prometheusScrapesTheDocumentedAdminHttpAddressAndPath() throws Exception {
        Map<String, Object> prometheus = new Yaml().load(Files.readString(DEPLOY.resolve("prometheus/prometheus.yml")));
        @SuppressWarnings("unchecked")
        Map<String, Object> job = ((List<Map<String, Object>>) prometheus.get("scrape_configs")).get(0);
        @SuppressWarnings("unchecked")
        List<String> targets = (List<String>) ((List<Map<String, Object>>) job.get("static_configs")).get(0)
                .get("targets");
        String documented = Files.readString(Path.of("..", "README.md"));
        var adminHttp = ConfigLoader.parse("""
                nodes: [{ host: 127.0.0.1 }]
                users: [{ name: u, password: p }]
                admin_http: 127.0.0.1:9187
                """, "documented.yaml").adminHttp().orElseThrow();

        assertThat(documented).contains("admin_http: " + adminHttp);
        assertThat(job.get("metrics_path")).isEqualTo("/metrics");
        assertThat(targets).containsExactly(adminHttp.toString());
    }

    /** Reads to the replica and writes to the primary, a pinned client, then the scrape. */
    private static String scrapeAfterTraffic(PgRelayEnvironment env) throws Exception {
        try (Connection app = env.connect(); Statement statement = app.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS dashboard_traffic (x int)");
            for (int i = 0; i < 20; i++) {
                statement.execute("INSERT INTO dashboard_traffic VALUES (" + i + ")");
                statement.execute("SELECT count(*) FROM dashboard_traffic");
            }
            statement.execute("CREATE TEMP TABLE pinned_here (x int)");
            var address = env.relay().adminHttpAddress().orElseThrow();
            HttpResponse<String> scraped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + address.getPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(scraped.statusCode()).isEqualTo(200);
            return scraped.body();
        }
    }

    /** Every "expr" value anywhere in the dashboard (panels, rows, templating). */
    private static void collectExpressions(Object json, List<String> expressions) {
        if (json instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ("expr".equals(key) && value instanceof String expression) {
                    expressions.add(expression);
                } else {
                    collectExpressions(value, expressions);
                }
            });
        } else if (json instanceof List<?> list) {
            list.forEach(item -> collectExpressions(item, expressions));
        }
    }

    /** The labels of every {@code by (...)} in a PromQL expression. */
    private static List<String> groupingLabels(String expression) {
        List<String> labels = new ArrayList<>();
        Matcher grouping = GROUPING.matcher(expression);
        while (grouping.find()) {
            for (String label : grouping.group(1).split(",")) {
                labels.add(label.strip());
            }
        }
        return labels;
    }
}
