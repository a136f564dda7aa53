package dev.pgrelay.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.config.ConfigLoader;
import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.config.PoolMode;
import org.junit.jupiter.api.Test;

/** A reload applies everything but the restart-only keys, and names those it could not apply. */
class ReloadPlanTest {
    private static final String RUNNING = """
            listen: 127.0.0.1:6432
            nodes: [{ host: 127.0.0.1, port: 5432 }]
            users: [{ name: app, password: pw }]
            pool: { mode: transaction, size: 5 }
            """;

    private static PgRelayConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "test.yaml");
    }

    @Test
    void nodesRoutingHealthFailoverLimitsHbaAndMaxClientsApplyLive() {
        PgRelayConfig loaded = parse("""
                listen: 127.0.0.1:6432
                nodes: [{ host: 127.0.0.1, port: 5432 }, { host: 127.0.0.1, port: 5433, weight: 3 }]
                users: [{ name: app, password: pw }]
                pool: { mode: transaction, size: 5, max_clients: 50 }
                routing: { read_write_split: true, balance: weighted, primary_reads: false }
                health: { interval: 250ms, failures_before_down: 5 }
                failover: { wait_for_primary: 3s }
                limits: { max_db_clients: 7 }
                hba: [{ user: app, address: 127.0.0.1/32, method: scram-sha-256 }]
                """);

        ReloadPlan plan = ReloadPlan.between(parse(RUNNING), loaded);

        assertThat(plan.needsRestart()).isEmpty();
        assertThat(plan.effective()).isEqualTo(loaded);
        assertThat(plan.effective().nodes()).extracting(node -> node.weight()).containsExactly(1, 3);
    }

    @Test
    void restartOnlyKeysKeepTheirRunningValuesAndAreReported() {
        PgRelayConfig running = parse(RUNNING);
        PgRelayConfig loaded = parse("""
                listen: 127.0.0.1:7432
                admin_http: 127.0.0.1:9187
                nodes: [{ host: 127.0.0.1, port: 5432 }]
                users: [{ name: app, password: pw }]
                pool: { mode: session, size: 9 }
                ledger: { path: /tmp/ledger.jsonl }
                """);

        ReloadPlan plan = ReloadPlan.between(running, loaded);

        assertThat(plan.needsRestart()).containsExactly("listen", "admin_http", "pool.mode", "ledger");
        assertThat(plan.effective().listen()).isEqualTo(running.listen());
        assertThat(plan.effective().adminHttp()).isEmpty();
        assertThat(plan.effective().pool().mode()).isEqualTo(PoolMode.TRANSACTION);
        assertThat(plan.effective().pool().size()).isEqualTo(9);
        assertThat(plan.effective().ledger()).isEqualTo(running.ledger());
    }

    @Test
    void showConfigMarksOnlyRestartOnlyKeysUnchangeable() {
        assertThat(ReloadPlan.isLive("nodes[1].weight")).isTrue();
        assertThat(ReloadPlan.isLive("routing.balance")).isTrue();
        assertThat(ReloadPlan.isLive("health.interval")).isTrue();
        assertThat(ReloadPlan.isLive("pool.max_clients")).isTrue();
        assertThat(ReloadPlan.isLive("pool.mode")).isFalse();
        assertThat(ReloadPlan.isLive("tls.client.mode")).isFalse();
        assertThat(ReloadPlan.isLive("listen")).isFalse();
        assertThat(ReloadPlan.isLive("admin_http")).isFalse();
        assertThat(ReloadPlan.isLive("ledger.path")).isFalse();
    }
}
